"""Issuance by events and the credential lifecycle: the full chain from a passed attempt to a
signed credential, idempotency, every transition with its event, audit row and status bit,
reminders, expiry and renewal."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from certification import openbadges as ob
from certification import services as assessment_services
from certification.credentials import rules, services, signing, status
from certification.models import Credential, CredentialTransition, StatusList
from lms.events.models import Event, HandlerRun
from lms.events.registry import validator_for
from lms.organizations.models import Organization

from .conftest import ALL_RIGHT
from .credential_fixtures import (
    approve_practicum,
    complete_course,
    course_with_quiz,
    make_programme,
    sign_ethics,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def organization():
    return Organization.objects.create(name="Harbour Peers", slug="harbour-peers")


@pytest.fixture
def setup(trainee, organization):
    course, quiz = course_with_quiz()
    programme = make_programme(course=course, quiz=quiz)
    return course, quiz, programme


def credential_events(credential=None) -> list[Event]:
    rows = Event.objects.filter(type__startswith="certification.credential.").order_by("pk")
    if credential is not None:
        rows = rows.filter(payload__credential_id=str(credential.public_id))
    return list(rows)


def pass_quiz(user, quiz):
    attempt = assessment_services.attempt_start(user=user, quiz=quiz)
    return assessment_services.attempt_submit(
        attempt_id=attempt.public_id, user=user, answers=ALL_RIGHT
    )


def issue(user, programme) -> Credential:
    return services._issue(holder=user, programme=programme, origin="earned")


# The chain ------------------------------------------------------------------------------------


def test_a_passed_attempt_completes_the_chain_to_a_signed_credential(
    setup, trainee, organization, django_capture_on_commit_callbacks
):
    course, quiz, programme = setup
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(trainee, course)
        approve_practicum(trainee, organization)
        sign_ethics(trainee, programme)
    checklist = rules.checklist(user_id=trainee.pk, programme=programme)
    assert [(r.kind, r.met) for r in checklist.requirements] == [
        ("course", False),  # the course needs its quiz passed
        ("assessment", False),
        ("domain_hours", True),
        ("practicum", True),
        ("ethics", True),
    ]
    assert not Credential.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        attempt = pass_quiz(trainee, quiz)
    assert attempt.passed

    credential = Credential.objects.get()
    assert credential.holder == trainee
    assert credential.status == Credential.Status.ACTIVE
    assert credential.origin == Credential.Origin.EARNED
    assert credential.valid_until == credential.valid_from + relativedelta(months=24)
    assert credential.hours == {"ethics-boundaries": "1"}
    assert str(credential.practicum_hours) == "2.00"

    # Signed, verifiable, schema-valid; the JWT carries the same credential.
    document = credential.document
    assert document["issuer"]["id"] == signing.issuer_did()
    assert ob.validate_ob3(document) == []
    check = ob.verify_proof(document, resolve_public_key=signing.public_key_for)
    assert check.valid, check
    assert (
        ob.vcjwt.decode(credential.jwt, resolve_public_key=signing.public_key_for)["id"]
        == (document["id"])
    )
    assert trainee.email not in str(document)

    # The events, in order, each valid against its schema; every handler succeeded.
    types = [event.type for event in credential_events(credential)]
    assert types == ["certification.credential.issued.v1"]
    issued = credential_events(credential)[0]
    validator_for(issued.type).validate(issued.payload)
    assert not HandlerRun.objects.filter(event__type__startswith="certification.").exclude(
        status=HandlerRun.Status.SUCCEEDED
    )
    assert CredentialTransition.objects.get(credential=credential).action == "issued"

    # The holder was e-mailed, with the certificate.
    message = mail.outbox[-1]
    assert programme.name in message.subject
    assert f"/credentials/{credential.public_id}/" in message.body
    assert message.attachments[0][2] == "application/pdf"


def test_a_changed_byte_fails_verification(setup, trainee):
    credential = issue(trainee, setup[2])
    tampered = copy.deepcopy(credential.document)
    tampered["validUntil"] = tampered["validUntil"].replace("20", "21", 1)
    assert not ob.verify_proof(tampered, resolve_public_key=signing.public_key_for).valid
    assert ob.verify_proof(credential.document, resolve_public_key=signing.public_key_for).valid


def test_duplicate_and_out_of_order_evaluation_issues_once(setup, trainee, organization):
    course, quiz, programme = setup
    sign_ethics(trainee, programme)
    approve_practicum(trainee, organization)
    assert services.credentials_evaluate(user_id=trainee.pk).issued == ()
    pass_quiz(trainee, quiz)
    complete_course(trainee, course)
    first = services.credentials_evaluate(user_id=trainee.pk)
    again = services.credentials_evaluate(user_id=trainee.pk)
    assert len(first.issued) == 1 and again.issued == ()
    # Even a direct second issue (a race that lost) returns the credential that stands.
    assert issue(trainee, programme).pk == first.issued[0].pk
    assert Credential.objects.count() == 1
    assert len(credential_events()) == 1


def test_an_administrator_awards_one_manually_with_a_reason(setup, trainee, user_factory):
    admin = user_factory(email="admin@example.org", is_superuser=True)
    programme = setup[2]
    with pytest.raises(services.CredentialTransitionError):
        services.credential_award(holder=trainee, programme=programme, actor=admin, reason=" ")
    credential = services.credential_award(
        holder=trainee, programme=programme, actor=admin, reason="Certified by a partner board."
    )
    assert credential.origin == "awarded"
    transition = credential.transitions.get()
    assert (transition.action, transition.actor, transition.note) == (
        "awarded",
        admin,
        "Certified by a partner board.",
    )
    assert credential_events(credential)[0].payload["origin"] == "awarded"
    with pytest.raises(services.CredentialTransitionError):
        services.credential_award(holder=trainee, programme=programme, actor=admin, reason="again")


# Transitions -----------------------------------------------------------------------------------


def test_suspend_and_reinstate_flip_the_suspension_bit(setup, trainee, user_factory):
    admin = user_factory(email="board@example.org", is_superuser=True)
    credential = issue(trainee, setup[2])
    list_before = status.list_document(f"suspension-{credential.status_list_group}")
    assert not status.bit_of(credential=credential, purpose="suspension")

    until = timezone.localdate() + timedelta(days=30)
    services.credential_suspend(
        credential=credential,
        actor=admin,
        until=until,
        reason_code="investigation",
        note="Complaint.",
    )
    credential.refresh_from_db()
    assert credential.status == "suspended" and credential.suspended_until == until
    assert status.bit_of(credential=credential, purpose="suspension")
    assert not status.bit_of(credential=credential, purpose="revocation")
    published = status.list_document(f"suspension-{credential.status_list_group}")
    assert published != list_before
    bits = ob.decode_list(published["credentialSubject"]["encodedList"])
    assert ob.get_bit(bits, credential.status_list_index)
    assert ob.verify_proof(published, resolve_public_key=signing.public_key_for).valid

    with pytest.raises(services.CredentialTransitionError):
        services.credential_suspend(
            credential=credential, actor=admin, until=None, reason_code="x", note="again"
        )
    services.credential_reinstate(credential=credential, actor=admin, note="Cleared.")
    credential.refresh_from_db()
    assert credential.status == "active" and credential.suspended_until is None
    assert not status.bit_of(credential=credential, purpose="suspension")
    assert [t.action for t in credential.transitions.all()] == ["issued", "suspended", "reinstated"]
    assert [e.type.split(".")[2] for e in credential_events(credential)] == [
        "issued",
        "suspended",
        "reinstated",
    ]
    for event in credential_events(credential):
        validator_for(event.type).validate(event.payload)


def test_suspension_needs_a_note_and_a_future_end(setup, trainee):
    credential = issue(trainee, setup[2])
    with pytest.raises(services.CredentialTransitionError):
        services.credential_suspend(
            credential=credential, actor=None, until=None, reason_code="x", note=""
        )
    with pytest.raises(services.CredentialTransitionError):
        services.credential_suspend(
            credential=credential,
            actor=None,
            until=timezone.localdate(),
            reason_code="x",
            note="n",
        )
    credential.refresh_from_db()
    assert credential.status == "active"


def test_revoke_is_permanent_and_flips_the_revocation_bit(setup, trainee, user_factory):
    admin = user_factory(email="board@example.org", is_superuser=True)
    credential = issue(trainee, setup[2])
    with pytest.raises(services.CredentialTransitionError):
        services.credential_revoke(credential=credential, actor=admin, reason_code="bad", note="x")
    services.credential_revoke(
        credential=credential,
        actor=admin,
        reason_code="ethics_violation",
        note="Board decision 12.",
    )
    credential.refresh_from_db()
    assert credential.status == "revoked" and credential.revocation_reason == "ethics_violation"
    assert status.bit_of(credential=credential, purpose="revocation")
    # The credential's own status entry points at that bit.
    entry = credential.document["credentialStatus"]
    assert entry["statusPurpose"] == "revocation"
    assert int(entry["statusListIndex"]) == credential.status_list_index
    assert entry["statusListCredential"].endswith(
        f"/status/revocation-{credential.status_list_group}"
    )
    with pytest.raises(services.CredentialTransitionError):
        services.credential_reinstate(credential=credential, actor=admin)
    with pytest.raises(services.CredentialTransitionError):
        services.credential_revoke(
            credential=credential, actor=admin, reason_code="fraud", note="x"
        )
    assert credential_events(credential)[-1].payload["reason_code"] == "ethics_violation"
    # Meeting the requirements again does not re-issue a revoked credential.
    assert services.credentials_evaluate(user_id=trainee.pk).issued == ()


def test_each_credential_gets_its_own_random_index(setup, trainee, user_factory):
    programme = setup[2]
    indices = {issue(trainee, programme).status_list_index}
    for number in range(5):
        other = user_factory(email=f"peer{number}@example.org")
        indices.add(issue(other, programme).status_list_index)
    assert len(indices) == 6
    assert StatusList.objects.filter(group=1).count() == 2
    assert StatusList.objects.get(group=1, purpose="revocation").allocated == 6


# Time: reminders, expiry, renewal ---------------------------------------------------------------


def _age(credential: Credential, *, until):
    Credential.objects.filter(pk=credential.pk).update(
        valid_from=until - timedelta(days=730), valid_until=until
    )
    credential.refresh_from_db()
    return credential


def test_daily_task_reminds_once_per_reminder_day_then_expires(setup, trainee):
    credential = _age(issue(trainee, setup[2]), until=timezone.now() + timedelta(days=20))
    mail.outbox.clear()
    result = services.credentials_daily()
    assert (result.reminded, result.expired) == (1, 0)
    assert services.credentials_daily().reminded == 0  # idempotent
    assert credential.reminders.get().days_before == 30
    expiring = credential_events(credential)[-1]
    assert expiring.type == "certification.credential.expiring.v1"
    assert expiring.payload["days_before"] == 30
    assert credential.is_expiring()

    later = timezone.now() + timedelta(days=15)
    assert services.credentials_daily(now=later).reminded == 1  # the 7-day reminder
    result = services.credentials_daily(now=timezone.now() + timedelta(days=21))
    assert result.expired == 1
    credential.refresh_from_db()
    assert credential.status == "expired"
    assert credential_events(credential)[-1].type == "certification.credential.expired.v1"
    assert services.credentials_daily(now=timezone.now() + timedelta(days=22)).expired == 0


def test_suspension_ends_on_its_date(setup, trainee):
    credential = issue(trainee, setup[2])
    services.credential_suspend(
        credential=credential,
        actor=None,
        until=timezone.localdate() + timedelta(days=2),
        reason_code="investigation",
        note="n",
    )
    assert services.credentials_daily().reinstated == 0
    assert services.credentials_daily(now=timezone.now() + timedelta(days=3)).reinstated == 1
    credential.refresh_from_db()
    assert credential.status == "active"


def test_renewal_issues_a_new_signed_credential_and_replaces_the_old(setup, trainee, organization):
    programme = setup[2]
    credential = _age(issue(trainee, programme), until=timezone.now() + timedelta(days=40))
    with pytest.raises(services.RequirementsNotMet):
        services.credential_renew(credential=credential)
    # Continuing education since the credential became valid, with ethics hours, and the code
    # signed again.
    from tests.courses.conftest import make_course

    refresher = make_course("refresher", modules=40, hours="0.5", domain_slug="ethics-boundaries")
    complete_course(trainee, refresher)
    sign_ethics(trainee, programme)
    checklist = rules.renewal_checklist(credential=credential)
    assert checklist.met, checklist

    renewed = services.credentials_evaluate(user_id=trainee.pk).renewed
    assert len(renewed) == 1
    new = renewed[0]
    credential.refresh_from_db()
    assert credential.status == "replaced" and new.renews == credential
    assert new.valid_from == credential.valid_until  # continues the cycle without a gap
    assert new.document["id"] != credential.document["id"]
    assert ob.verify_proof(new.document, resolve_public_key=signing.public_key_for).valid
    event = credential_events(new)[-1]
    assert event.type == "certification.credential.renewed.v1"
    assert event.payload["previous_credential_id"] == str(credential.public_id)
    with pytest.raises(services.RenewalNotDue):
        services.credential_renew(credential=new)


def test_renewal_is_not_due_long_before_expiry(setup, trainee):
    credential = issue(trainee, setup[2])
    assert not services.renewal_open(credential)
    with pytest.raises(services.RenewalNotDue):
        services.credential_renew(credential=credential)


# Keys ----------------------------------------------------------------------------------------


def test_rotation_keeps_old_credentials_verifiable(
    setup, trainee, user_factory, settings, tmp_path
):
    old = issue(trainee, setup[2])
    new_key = ob.generate_private_key()
    settings.SEBAYA_SIGNING_KEY = ob.private_key_to_pem(new_key).decode()
    signing.reset_cache()
    try:
        other = issue(user_factory(email="later@example.org"), setup[2])
        assert other.signing_key != old.signing_key
        old.signing_key.refresh_from_db()
        assert old.signing_key.retired_at is not None
        document = signing.did_document()
        methods = [method["id"] for method in document["verificationMethod"]]
        assert old.document["proof"][0]["verificationMethod"] in methods
        assert other.document["proof"][0]["verificationMethod"] in methods
        for credential in (old, other):
            assert ob.verify_proof(
                credential.document, resolve_public_key=signing.public_key_for
            ).valid
    finally:
        signing.reset_cache()


# The holder's data ---------------------------------------------------------------------------


def test_the_data_export_holds_credentials_practicum_and_attestations(
    client, setup, trainee, organization
):
    from django.urls import reverse

    programme = setup[2]
    approve_practicum(trainee, organization)
    sign_ethics(trainee, programme)
    credential = issue(trainee, programme)
    client.force_login(trainee)
    exported = client.get(reverse("accounts:export")).json()["certification"]
    (row,) = exported["credentials"]
    assert row["id"] == str(credential.public_id)
    assert row["credential"]["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert row["history"][0]["action"] == "issued"
    assert exported["practicum"][0]["hours"] == "2.00"
    assert exported["ethics_attestations"][0]["version"] == "2026.1"
