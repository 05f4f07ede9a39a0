"""`seed_demo`'s credentials: the Foundations programme and its code of ethics in three languages,
a supervisor, and five demo holders with a credential in each state, reached through the
lifecycle services; idempotent."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from certification import openbadges as ob
from certification.credentials import rules, signing
from certification.credentials.demo import HOLDERS, SUPERVISOR_EMAIL, seed_credentials
from certification.models import (
    Attempt,
    Credential,
    CredentialReminder,
    CredentialTransition,
    EthicsAttestation,
    EthicsCode,
    PracticumEntry,
    Programme,
)
from courses import api as courses
from lms.accounts.models import User
from lms.events.models import Event
from lms.organizations.models import Membership

from .credential_fixtures import complete_course

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_credentials")]

SLUG = "certified-peer-supporter-foundations"
STATES = {
    "ayu.lestari@sebaya.example": "active",
    "jonas.weber@sebaya.example": "expiring",
    "maya.chen@sebaya.example": "expired",
    "budi.santoso@sebaya.example": "suspended",
    "lena.hoffmann@sebaya.example": "revoked",
}


@pytest.fixture(scope="module")
def demo_credentials(seeded, django_db_blocker):
    """The credentials seed on top of the seeded site (a no-op when the package's `seeded`
    fixture ran it already), rolled back after this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_credentials()
        yield
        transaction.set_rollback(True)


def programmes() -> dict[str, Programme]:
    return {row.locale.language_code: row for row in Programme.objects.filter(slug=SLUG)}


def source_programme() -> Programme:
    return programmes()["en"]


def credential_of(email: str) -> Credential:
    return Credential.objects.select_related("holder", "programme").get(
        holder__email=email, programme_key=source_programme().translation_key
    )


def test_the_programme_exists_in_three_languages_with_its_requirements():
    rows = programmes()
    assert set(rows) == {"en", "de", "id"}
    assert len({row.translation_key for row in rows.values()}) == 1
    assert rows["en"].name == "Certified Peer Supporter — Foundations"
    assert rows["de"].name.startswith("Zertifizierte")
    assert rows["id"].name == "Pendukung Sebaya Bersertifikat — Dasar"
    assert len({row.description for row in rows.values()}) == 3
    assert len({row.criteria for row in rows.values()}) == 3

    programme = rows["en"]
    [course_row] = programme.required_courses.all()
    course = course_row.course
    assert (course.slug, course.locale.language_code) == ("peer-support-foundations", "en")
    [quiz_row] = programme.required_assessments.all()
    assert quiz_row.quiz.slug == "foundations-exam"
    assert quiz_row.quiz.get_parent().pk == course.pk
    provided = {row.slug: row.hours for row in courses.course_competency_hours(course=course)}
    required = {row.domain: row.hours for row in programme.required_domain_hours.all()}
    assert set(required) == {"ethics-boundaries", "crisis-safety"}
    for domain, hours in required.items():
        assert hours == provided[domain] > 0
    assert programme.practicum_hours == Decimal(10)
    assert programme.ethics_code.version == "2026.1"
    assert programme.ethics_code.locale.language_code == "en"
    assert (programme.validity_months, programme.grace_days) == (24, 90)
    assert programme.reminder_day_list == [90, 30, 7]
    assert (programme.renewal_hours, programme.renewal_ethics_hours) == (Decimal(20), Decimal(3))
    assert programme.renewal_ethics_domain == "ethics-boundaries"
    assert programme.renewal_reattestation
    assert not programme.artwork
    for row in rows.values():
        assert bytes(row.badge_png).startswith(b"\x89PNG\r\n\x1a\n")
        assert row.is_active


def test_the_code_of_ethics_is_in_three_languages_translated():
    codes = {
        code.locale.language_code: code
        for code in EthicsCode.objects.filter(title="Sebaya Peer Supporter Code of Ethics")
    }
    assert set(codes) == {"en"}
    key = codes["en"].translation_key
    codes = {
        code.locale.language_code: code for code in EthicsCode.objects.filter(translation_key=key)
    }
    assert set(codes) == {"en", "de", "id"}
    assert {code.version for code in codes.values()} == {"2026.1"}
    texts = {language: strip_tags(code.text) for language, code in codes.items()}
    for language, code in codes.items():
        assert code.text.count("<li>") == 10, language
    assert texts["de"] != texts["en"] and texts["id"] != texts["en"]

    def words(text):
        return set(re.findall(r"[a-zäöüß]+", text.lower()))

    english = {"the", "and", "i", "my", "with", "who", "when", "they"}
    assert words(texts["de"]) & english == set()
    assert {"ich", "nicht", "grenzen", "krise", "supervision"} <= words(texts["de"])
    assert "Peer-Begleiter:in" in texts["de"]
    assert words(texts["id"]) & english == set()
    assert {"saya", "tidak", "batasan", "krisis", "supervisi", "sebaya"} <= words(texts["id"])

    # Safety: no therapy, never alone in a crisis, connect with emergency or crisis services.
    assert "Peer support is not therapy" in texts["en"]
    assert "never handle it alone" in texts["en"]
    assert "emergency services or the local crisis line" in texts["en"]
    assert "keine Therapie" in texts["de"] and "Notruf" in texts["de"]
    assert "bukan terapi" in texts["id"] and "layanan darurat" in texts["id"]


def test_five_demo_holders_hold_a_credential_in_each_state():
    assert {holder.email: holder.state for holder in HOLDERS} == STATES
    programme = source_programme()
    now = timezone.now()
    today = timezone.localdate()

    active = credential_of("ayu.lestari@sebaya.example")
    assert active.status == "active" and active.is_valid
    assert not active.is_expiring()

    expiring = credential_of("jonas.weber@sebaya.example")
    assert expiring.status == "active" and expiring.is_valid
    assert expiring.is_expiring()
    assert now + timedelta(days=15) < expiring.valid_until < now + timedelta(days=25)
    assert set(
        CredentialReminder.objects.filter(credential=expiring).values_list("days_before", flat=True)
    ) == {90, 30}

    expired = credential_of("maya.chen@sebaya.example")
    assert expired.status == "expired" and expired.valid_until < now
    # Still within the grace period: the renewal surface shows.
    assert expired.valid_until + timedelta(days=programme.grace_days) > now

    suspended = credential_of("budi.santoso@sebaya.example")
    assert suspended.status == "suspended"
    assert suspended.suspended_until == today + timedelta(days=30)
    transition = suspended.transitions.get(action="suspended")
    assert transition.reason_code == "investigation" and transition.note

    revoked = credential_of("lena.hoffmann@sebaya.example")
    assert revoked.status == "revoked"
    assert revoked.revocation_reason == Credential.RevocationReason.ETHICS_VIOLATION
    transition = revoked.transitions.get(action="revoked")
    assert transition.reason_code == "ethics_violation" and transition.note
    assert transition.actor.email == "admin@sebaya.example"


@pytest.mark.parametrize("email", sorted(STATES))
def test_each_holders_credential_is_signed_for_its_dates(email):
    credential = credential_of(email)
    check = ob.verify_proof(credential.document, resolve_public_key=signing.public_key_for)
    assert check.valid, check
    assert ob.validate_ob3(credential.document) == []
    assert credential.document["validFrom"].startswith(credential.valid_from.strftime("%Y-%m-%d"))
    assert credential.document["validUntil"].startswith(credential.valid_until.strftime("%Y-%m-%d"))
    assert credential.jwt and credential.signing_key_id is not None
    assert credential.origin == "earned"
    assert credential.issued_at == credential.valid_from
    assert credential.display_name == credential.holder.display_name


@pytest.mark.parametrize("email", sorted(STATES))
def test_each_holder_earned_it_and_shares_it_with_the_demo_organisation(email):
    holder = User.objects.get(email=email)
    assert holder.check_password("sebaya-demo-2026")
    assert holder.emailaddress_set.get(email=email).verified
    membership = Membership.objects.get(
        user=holder, organization__slug="harapan-peer-network", status="active"
    )
    assert membership.role == "member"
    assert membership.shares_progress and membership.shares_credentials

    credential = credential_of(email)
    entries = PracticumEntry.objects.filter(user=holder, status="approved")
    assert sum(entry.hours for entry in entries) >= Decimal(10)
    assert {entry.decided_by.email for entry in entries} == {SUPERVISOR_EMAIL}
    assert all(entry.date < credential.valid_from.date() for entry in entries)
    attestation = EthicsAttestation.objects.get(user=holder)
    assert attestation.version == "2026.1"
    assert attestation.language_code == holder.preferred_language
    assert attestation.signed_at < credential.valid_from
    assert Attempt.objects.filter(user=holder, passed=True).exists()
    # The course was done before the credential, so it is not continuing education.
    assert courses.hours_by_domain_slug(user_id=holder.pk, since=credential.valid_from) == {}
    assert rules.checklist(user_id=holder.pk, programme=credential.programme).met
    if credential.status == "active":
        assert not rules.renewal_checklist(credential=credential).met


def test_the_supervisor_supervises_the_demo_organisation():
    supervisor = User.objects.get(email=SUPERVISOR_EMAIL)
    assert supervisor.emailaddress_set.get(email=SUPERVISOR_EMAIL).verified
    assert Membership.objects.get(
        user=supervisor, organization__slug="harapan-peer-network"
    ).role == (Membership.Role.SUPERVISOR)


EXPECTED_ACTIONS = {
    "active": ["issued"],
    "expiring": ["issued", "expiring", "expiring"],
    "expired": ["issued", "expiring", "expiring", "expiring", "expired"],
    "suspended": ["issued", "suspended"],
    "revoked": ["issued", "suspended", "revoked"],
}


@pytest.mark.parametrize("email", sorted(STATES))
def test_every_transition_has_its_audit_row_and_event(email):
    credential = credential_of(email)
    transitions = list(credential.transitions.order_by("at", "pk"))
    assert [row.action for row in transitions] == EXPECTED_ACTIONS[STATES[email]]
    events = Event.objects.filter(payload__credential_id=str(credential.public_id))
    by_id = {event.event_id: event for event in events}
    assert len(by_id) == len(transitions)
    for row in transitions:
        event = by_id[row.event_id]
        assert event.type == f"certification.credential.{row.action}.v1"
        assert event.occurred_at == row.at
        assert row.at <= timezone.now()
    issued = by_id[transitions[0].event_id]
    assert issued.payload["valid_until"] == credential.valid_until.isoformat()


def test_the_demo_trainee_keeps_their_progress_and_has_no_credential():
    trainee = User.objects.get(email="trainee@sebaya.example")
    assert not Credential.objects.filter(holder=trainee).exists()
    checklist = rules.checklist(user_id=trainee.pk, programme=source_programme())
    assert not checklist.met
    assert 0 < checklist.done_count < len(checklist.requirements)


def test_the_domain_hours_are_achievable_from_the_seeded_course(user_factory):
    programme = source_programme()
    newcomer = user_factory(email="new.peer@example.org", display_name="New Peer")
    complete_course(newcomer, programme.required_courses.get().course)
    checklist = rules.checklist(user_id=newcomer.pk, programme=programme)
    hours = [row for row in checklist.requirements if row.kind == "domain_hours"]
    assert len(hours) == 2
    assert all(row.met for row in hours), hours


def test_seeding_again_creates_nothing_and_reports_the_holders():
    models = [
        Programme,
        EthicsCode,
        Credential,
        CredentialTransition,
        CredentialReminder,
        Event,
        PracticumEntry,
        EthicsAttestation,
        Attempt,
        Membership,
        User,
    ]
    before = {model: model.objects.count() for model in models}
    badge = bytes(source_programme().badge_png)
    out = io.StringIO()
    logins = seed_credentials(stdout=out)
    assert {model: model.objects.count() for model in models} == before
    assert bytes(source_programme().badge_png) == badge
    report = out.getvalue()
    assert "5 demo holders (0 new)" in report
    for email in STATES:
        url = f"{signing.site_url()}/credentials/{credential_of(email).public_id}/"
        assert url in report
    assert ("Supervisor", SUPERVISOR_EMAIL, "sebaya-demo-2026") in logins
