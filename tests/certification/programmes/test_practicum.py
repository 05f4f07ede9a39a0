"""Supervised practicum hours: a trainee logs them with one of their organisations (refused
when the date, the hours or the description are wrong, or the organisation is not theirs or has
no one to supervise), withdraws a pending entry, and a supervisor of that organisation — no one
else, never for their own hours — approves or rejects it, once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certification.models import PracticumEntry
from certification.programmes import services
from lms.organizations.models import Membership

from .conftest import certification_events

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

PRACTICUM = "/en/programmes/practicum/"
REVIEW = "/en/programmes/practicum/review/"


def log(user, organization, **overrides) -> PracticumEntry:
    values = {
        "date": timezone.localdate() - timedelta(days=1),
        "hours": Decimal("1.5"),
        "domain": "communication",
        "description": "One-to-one peer support session at the drop-in centre.",
        **overrides,
    }
    return services.practicum_log(user=user, organization_id=organization.pk, **values)


def form(organization, **overrides) -> dict:
    return {
        "organization": organization.pk,
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "hours": "1.5",
        "domain": "communication",
        "description": "Group session on healthy boundaries.",
        **overrides,
    }


def test_a_trainee_logs_hours_and_sees_them(client, trainee, orgs):
    client.force_login(trainee)
    page = client.get(PRACTICUM)
    assert page.status_code == 200
    assert "Harapan-Prog" in page.content.decode()

    response = client.post(PRACTICUM, form(orgs["harapan"]))

    assert response.status_code == 302
    entry = PracticumEntry.objects.get(user=trainee)
    assert (entry.hours, entry.status, entry.organization) == (
        Decimal("1.5"),
        PracticumEntry.Status.PENDING,
        orgs["harapan"],
    )
    [event] = certification_events("certification.practicum.")
    assert event.type == "certification.practicum.logged.v1"
    assert event.payload["entry_id"] == str(entry.public_id)
    assert event.payload["hours"] == "1.50"
    assert event.payload["organization_id"] == str(orgs["harapan"].public_id)
    html = client.get(PRACTICUM).content.decode()
    assert "Group session on healthy boundaries." in html
    assert "Waiting for approval" in html


def _as_service_values(overrides: dict) -> dict:
    """The form's overrides as the service takes them (dates relative to today)."""
    values = dict(overrides)
    if values.get("date") == "2999-01-01":
        values["date"] = timezone.localdate() + timedelta(days=1)
    elif "date" in values:
        values["date"] = timezone.localdate() - timedelta(days=366)
    if "hours" in values:
        values["hours"] = Decimal(values["hours"])
    return values


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2999-01-01"}, "date", "The date cannot be in the future."),
        ({"date": "2001-01-01"}, "date", "Hours can be logged up to a year after the practice"),
        ({"hours": "12.25"}, "hours", "Enter between 0.25 and 12 hours for one day."),
        ({"hours": "0"}, "hours", "Enter between 0.25 and 12 hours for one day."),
        ({"hours": "1.3"}, "hours", "Enter hours in quarter hours"),
        ({"description": "Met Ani, ani@example.org, about her plans."}, "description", "Remove"),
        ({"description": "Call back on +62 812 3456 7890 tomorrow."}, "description", "Remove"),
        ({"description": "Call back on 0812-3456-7890 tomorrow."}, "description", "Remove"),
        ({"description": "x" * 1001}, "description", "at most 1000 characters"),
    ],
)
def test_wrong_entries_are_refused_with_a_clear_message(
    client, trainee, orgs, overrides, field, message
):
    client.force_login(trainee)

    response = client.post(PRACTICUM, form(orgs["harapan"], **overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PracticumEntry.objects.filter(user=trainee).exists()
    # The service refuses the same, whoever calls it.
    with pytest.raises(ValidationError) as refusal:
        log(trainee, orgs["harapan"], **_as_service_values(overrides))
    assert field in refusal.value.message_dict
    assert not certification_events("certification.practicum.")


def test_dates_and_numbers_are_not_mistaken_for_contact_details():
    assert not services.contains_contact_details(
        "Session on 2025-01-15 and 15.01.2025, 3 people, 2 hours, room 12."
    )
    assert services.contains_contact_details("reach me at peer.support@example.org")
    assert services.contains_contact_details("WhatsApp +49 151 2345678")


def test_hours_are_logged_only_with_an_organisation_of_the_trainee_that_has_a_supervisor(
    client, trainee, user_factory, orgs
):
    # nord is not the trainee's organisation.
    with pytest.raises(ValidationError) as refusal:
        log(trainee, orgs["nord"])
    assert "organization" in refusal.value.message_dict
    client.force_login(trainee)
    response = client.post(PRACTICUM, form(orgs["nord"]))
    assert response.status_code == 400
    assert not PracticumEntry.objects.filter(user=trainee).exists()

    # A member who is the only one who could supervise cannot log there.
    loner = user_factory(email="loner@example.org")
    Membership.objects.create(organization=orgs["kecil"], user=loner, role=Membership.Role.MEMBER)
    kecil_coordinator = orgs["kecil_coordinator"]
    with pytest.raises(ValidationError):
        log(kecil_coordinator, orgs["kecil"])
    assert log(loner, orgs["kecil"]).status == PracticumEntry.Status.PENDING


def test_a_trainee_without_a_supervised_organisation_is_told_how_to_get_one(client, trainee):
    client.force_login(trainee)
    html = client.get(PRACTICUM).content.decode()
    assert "You can log hours once you are a member of an organisation" in html
    assert 'name="description"' not in html


def test_a_trainee_withdraws_a_pending_entry_of_their_own_only(client, trainee, orgs):
    entry = log(trainee, orgs["harapan"])
    other = log(orgs["nord_member"], orgs["nord"])
    client.force_login(trainee)

    assert (
        client.post(reverse("programmes:practicum-withdraw", args=[other.public_id])).status_code
        == 404
    )
    response = client.post(reverse("programmes:practicum-withdraw", args=[entry.public_id]))

    assert response.status_code == 302
    entry.refresh_from_db()
    other.refresh_from_db()
    assert entry.status == PracticumEntry.Status.WITHDRAWN
    assert other.status == PracticumEntry.Status.PENDING
    assert certification_events("certification.practicum.withdrawn")[0].payload["entry_id"] == str(
        entry.public_id
    )
    with pytest.raises(services.AlreadyDecided):
        services.practicum_withdraw(entry=entry, user=trainee)
    with pytest.raises(services.EntryNotFound):
        services.practicum_withdraw(entry=other, user=trainee)


def test_a_supervisor_approves_and_the_hours_count(client, trainee, orgs):
    entry = log(trainee, orgs["harapan"], hours=Decimal(2))
    supervisor = orgs["harapan_supervisor"]
    client.force_login(supervisor)
    page = client.get(REVIEW).content.decode()
    assert "One-to-one peer support session" in page
    assert "Quinn Taker" in page

    response = client.post(
        reverse("programmes:practicum-decide", args=[entry.public_id]),
        {"decision": "approve", "note": "Well documented."},
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == PracticumEntry.Status.APPROVED
    assert entry.decided_by == supervisor
    assert entry.decision_note == "Well documented."
    [event] = certification_events("certification.practicum.approved")
    assert event.payload["supervisor_id"] == str(supervisor.public_id)
    assert event.payload["holder_id"] == str(trainee.public_id)
    client.force_login(trainee)
    html = client.get(PRACTICUM).content.decode()
    assert "Approved: 2 hours." in html
    assert "Well documented." in html


def test_a_rejection_records_its_event(trainee, orgs):
    entry = log(trainee, orgs["harapan"])
    services.practicum_decide(
        entry=entry, supervisor=orgs["harapan_supervisor"], approve=False, note="Not this day."
    )
    entry.refresh_from_db()
    assert entry.status == PracticumEntry.Status.REJECTED
    assert [e.type for e in certification_events("certification.practicum.")] == [
        "certification.practicum.logged.v1",
        "certification.practicum.rejected.v1",
    ]


def test_a_supervisor_of_another_organisation_can_neither_see_nor_decide(client, trainee, orgs):
    entry = log(trainee, orgs["harapan"])
    stranger = orgs["nord_supervisor"]
    client.force_login(stranger)

    assert "One-to-one peer support session" not in client.get(REVIEW).content.decode()
    response = client.post(
        reverse("programmes:practicum-decide", args=[entry.public_id]), {"decision": "approve"}
    )

    assert response.status_code == 404
    with pytest.raises(services.NotASupervisor):
        services.practicum_decide(entry=entry, supervisor=stranger, approve=True)
    entry.refresh_from_db()
    assert entry.status == PracticumEntry.Status.PENDING
    assert not certification_events("certification.practicum.approved")


def test_a_coordinator_decides_only_where_there_is_no_supervisor(trainee, orgs):
    harapan_entry = log(trainee, orgs["harapan"])
    with pytest.raises(services.NotASupervisor):
        services.practicum_decide(
            entry=harapan_entry, supervisor=orgs["harapan_coordinator"], approve=True
        )
    kecil_entry = log(orgs["kecil_member"], orgs["kecil"])
    services.practicum_decide(entry=kecil_entry, supervisor=orgs["kecil_coordinator"], approve=True)
    kecil_entry.refresh_from_db()
    assert kecil_entry.status == PracticumEntry.Status.APPROVED


def test_a_supervisor_cannot_approve_their_own_hours(user_factory, orgs):
    supervisor = orgs["harapan_supervisor"]
    second = user_factory(email="second.supervisor@example.org")
    Membership.objects.create(
        organization=orgs["harapan"], user=second, role=Membership.Role.SUPERVISOR
    )
    entry = log(supervisor, orgs["harapan"])

    with pytest.raises(services.OwnEntry):
        services.practicum_decide(entry=entry, supervisor=supervisor, approve=True)
    services.practicum_decide(entry=entry, supervisor=second, approve=True)


def test_an_entry_is_decided_once(client, trainee, orgs, user_factory):
    entry = log(trainee, orgs["harapan"])
    services.practicum_decide(entry=entry, supervisor=orgs["harapan_supervisor"], approve=True)
    second = user_factory(email="late.supervisor@example.org")
    Membership.objects.create(
        organization=orgs["harapan"], user=second, role=Membership.Role.SUPERVISOR
    )

    with pytest.raises(services.AlreadyDecided):
        services.practicum_decide(entry=entry, supervisor=second, approve=False)
    client.force_login(second)
    response = client.post(
        reverse("programmes:practicum-decide", args=[entry.public_id]),
        {"decision": "reject"},
        follow=True,
    )
    assert "Someone decided on these hours already." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == PracticumEntry.Status.APPROVED
    assert len(certification_events("certification.practicum.approved")) == 1
    assert not certification_events("certification.practicum.rejected")


def test_hours_of_someone_who_left_are_not_decided(trainee, orgs):
    entry = log(trainee, orgs["harapan"])
    Membership.objects.filter(user=trainee).update(status=Membership.Status.LEFT)
    with pytest.raises(services.EntryNotFound):
        services.practicum_decide(entry=entry, supervisor=orgs["harapan_supervisor"], approve=True)


def test_the_review_page_is_for_supervisors_only(client, trainee, orgs):
    client.force_login(trainee)
    assert client.get(REVIEW).status_code == 403


@pytest.mark.parametrize("path", [PRACTICUM, REVIEW])
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("language", ["en", "de", "id"])
def test_practicum_pages_render_in_every_language(client, trainee, orgs, language):
    log(trainee, orgs["harapan"])
    client.force_login(trainee)
    response = client.get(f"/{language}/programmes/practicum/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    client.force_login(orgs["harapan_supervisor"])
    assert client.get(f"/{language}/programmes/practicum/review/").status_code == 200
