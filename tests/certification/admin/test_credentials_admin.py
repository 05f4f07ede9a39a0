"""The credential admin: the list with its filters and search, the detail with the audit trail,
the actions (each a POST calling its service, which records a transition and an event), the
manual award, the read-only practicum list, and that only credential administrators may act."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from certification.models import Credential, CredentialTransition, PracticumEntry
from lms.events.models import Event

pytestmark = pytest.mark.django_db

INDEX = "certification_credentials:index"
INSPECT = "certification_credentials:inspect"


def url(name, credential=None):
    args = [credential.pk] if credential is not None else []
    return reverse(f"certification_credentials:{name}", args=args)


def events(credential, type_):
    return Event.objects.filter(type=type_, payload__credential_id=str(credential.public_id))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Listing and detail ---------------------------------------------------------------------------


def test_the_list_shows_credentials_with_filters_and_search(admin_client, credential, holder):
    response = admin_client.get(reverse(INDEX))
    html = response.content.decode()
    assert response.status_code == 200
    assert holder.email in html
    assert "Hana Holder" in html
    assert "Programme admin-programme" in html
    assert url("award") in html  # the "Award manually" button

    assert holder.email in admin_client.get(reverse(INDEX), {"status": "active"}).content.decode()
    assert (
        holder.email not in admin_client.get(reverse(INDEX), {"status": "revoked"}).content.decode()
    )
    assert (
        holder.email
        in admin_client.get(reverse(INDEX), {"programme": credential.programme_id}).content.decode()
    )
    for query in ("holder@example", "Hana", str(credential.public_id)):
        assert holder.email in admin_client.get(reverse(INDEX), {"q": query}).content.decode()
    assert holder.email not in admin_client.get(reverse(INDEX), {"q": "nobody"}).content.decode()


def test_credentials_cannot_be_added_edited_or_deleted_through_generic_forms(admin_client):
    for name in ("add", "edit", "delete", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"certification_credentials:{name}", args=[1] if name != "add" else [])


def test_the_detail_shows_the_fields_the_audit_trail_and_the_open_actions(
    admin_client, credential, admin
):
    response = admin_client.get(reverse(INSPECT, args=[credential.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert str(credential.public_id) in html
    assert "Awarded by an administrator" in html  # origin
    assert "Audit trail" in html
    assert "Certified elsewhere." in html  # the award's reason, in the trail
    assert admin.email in html
    assert url("suspend", credential) in html
    assert url("revoke", credential) in html
    assert url("reinstate", credential) not in html
    assert url("renew", credential) not in html  # not due: valid for 24 months


# Suspend and reinstate ------------------------------------------------------------------------


def test_suspending_calls_the_service_and_records_a_transition_and_an_event(
    admin_client, credential, admin
):
    assert admin_client.get(url("suspend", credential)).status_code == 200
    until = timezone.localdate() + timedelta(days=30)

    response = admin_client.post(
        url("suspend", credential),
        {"until": until.isoformat(), "reason_code": "ethics_investigation", "note": "Complaint."},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(INSPECT, args=[credential.pk])
    assert "The credential is suspended." in messages_of(response)
    credential.refresh_from_db()
    assert credential.status == Credential.Status.SUSPENDED
    assert credential.suspended_until == until
    transition = credential.transitions.latest("at", "pk")
    assert (transition.action, transition.from_status, transition.to_status) == (
        "suspended",
        "active",
        "suspended",
    )
    assert transition.actor == admin
    assert (transition.reason_code, transition.note) == ("ethics_investigation", "Complaint.")
    event = events(credential, "certification.credential.suspended.v1").get()
    assert event.payload["reason_code"] == "ethics_investigation"
    assert transition.event_id == event.event_id


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason_code": "investigation", "note": ""}, "note", "This field is required."),
        (
            {"reason_code": "investigation", "note": "x", "until": "2000-01-01"},
            "until",
            "The date must be in the future.",
        ),
        ({"reason_code": "", "note": "Complaint."}, "reason_code", "This field is required."),
        (
            {"reason_code": "two words", "note": "Complaint."},
            "reason_code",
            "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
        ),
    ],
)
def test_bad_suspension_input_is_a_form_error(admin_client, credential, data, field, message):
    response = admin_client.post(url("suspend", credential), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    credential.refresh_from_db()
    assert credential.status == Credential.Status.ACTIVE
    assert not events(credential, "certification.credential.suspended.v1").exists()


def test_reinstating_a_suspended_credential(admin_client, credential):
    admin_client.post(
        url("suspend", credential), {"reason_code": "investigation", "note": "Complaint."}
    )
    assert url("reinstate", credential) in (
        admin_client.get(reverse(INSPECT, args=[credential.pk])).content.decode()
    )

    response = admin_client.post(url("reinstate", credential), {"note": "Cleared."})

    assert response.status_code == 302
    assert "The credential is reinstated." in messages_of(response)
    credential.refresh_from_db()
    assert credential.status == Credential.Status.ACTIVE
    assert credential.transitions.latest("at", "pk").action == "reinstated"
    assert events(credential, "certification.credential.reinstated.v1").count() == 1


def test_an_invalid_transition_shows_the_services_message(admin_client, credential):
    response = admin_client.post(url("reinstate", credential), {"note": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse(INSPECT, args=[credential.pk])
    assert "Only a suspended credential can be reinstated." in messages_of(response)
    credential.refresh_from_db()
    assert credential.status == Credential.Status.ACTIVE


# Revoke ---------------------------------------------------------------------------------------


def test_revoking_asks_for_confirmation_then_revokes_for_good(admin_client, credential, admin):
    data = {"reason_code": "fraud", "note": "Forged practicum log."}
    response = admin_client.post(url("revoke", credential), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Revoking is permanent." in html
    assert "Forged practicum log." in html
    credential.refresh_from_db()
    assert credential.status == Credential.Status.ACTIVE  # not yet

    response = admin_client.post(url("revoke", credential), {**data, "confirmed": "1"})

    assert response.status_code == 302
    assert "The credential is revoked." in messages_of(response)
    credential.refresh_from_db()
    assert credential.status == Credential.Status.REVOKED
    assert credential.revocation_reason == "fraud"
    transition = credential.transitions.latest("at", "pk")
    assert (transition.action, transition.actor, transition.note) == (
        "revoked",
        admin,
        "Forged practicum log.",
    )
    assert events(credential, "certification.credential.revoked.v1").get().payload[
        "reason_code"
    ] == ("fraud")
    # The trail says why; nothing more can be done with it.
    html = admin_client.get(reverse(INSPECT, args=[credential.pk])).content.decode()
    assert "Valid → Revoked" in html
    assert "Fraud or misrepresentation" in html
    assert url("revoke", credential) not in html
    assert url("reinstate", credential) not in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason_code": "fraud", "note": "", "confirmed": "1"}, "note"),
        ({"reason_code": "boredom", "note": "Why not.", "confirmed": "1"}, "reason_code"),
    ],
)
def test_bad_revocation_input_is_a_form_error(admin_client, credential, data, field):
    response = admin_client.post(url("revoke", credential), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    credential.refresh_from_db()
    assert credential.status == Credential.Status.ACTIVE


# Renew ----------------------------------------------------------------------------------------


def test_renewal_is_offered_only_when_due_and_replaces_the_credential(
    admin_client, credential, programme
):
    assert admin_client.get(url("renew", credential)).status_code == 200
    response = admin_client.post(url("renew", credential))
    assert "This credential cannot be renewed now." in messages_of(response)
    credential.refresh_from_db()
    assert credential.status == Credential.Status.ACTIVE

    programme.renewal_hours = programme.renewal_ethics_hours = Decimal(0)
    programme.renewal_reattestation = False
    programme.save()
    Credential.objects.filter(pk=credential.pk).update(
        valid_until=timezone.now() + timedelta(days=20)
    )
    assert url("renew", credential) in (
        admin_client.get(reverse(INSPECT, args=[credential.pk])).content.decode()
    )

    response = admin_client.post(url("renew", credential))

    credential.refresh_from_db()
    assert credential.status == Credential.Status.REPLACED
    renewed = credential.renewed_by
    assert renewed.status == Credential.Status.ACTIVE
    assert renewed.origin == Credential.Origin.RENEWED
    assert response["Location"] == reverse(INSPECT, args=[renewed.pk])
    assert "The credential is renewed." in messages_of(response)
    assert events(renewed, "certification.credential.renewed.v1").count() == 1
    assert credential.transitions.latest("at", "pk").action == "replaced"


# Award ----------------------------------------------------------------------------------------


def test_awarding_a_credential_by_e_mail(admin_client, programme, user_factory, admin):
    recipient = user_factory(email="recognised@example.org", display_name="Rea")
    assert admin_client.get(url("award")).status_code == 200

    response = admin_client.post(
        url("award"),
        {"email": "Recognised@Example.org", "programme": programme.pk, "reason": "Prior cert."},
    )

    awarded = Credential.objects.get(holder=recipient)
    assert response.status_code == 302
    assert response["Location"] == reverse(INSPECT, args=[awarded.pk])
    assert awarded.origin == Credential.Origin.AWARDED
    assert awarded.status == Credential.Status.ACTIVE
    transition = awarded.transitions.get()
    assert (transition.action, transition.actor, transition.note) == (
        "awarded",
        admin,
        "Prior cert.",
    )
    event = events(awarded, "certification.credential.issued.v1").get()
    assert event.payload["origin"] == "awarded"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "nobody@example.org", "reason": "x"}, "email", "There is no account"),
        ({"email": "holder@example.org", "reason": ""}, "reason", "This field is required."),
    ],
)
def test_bad_award_input_is_a_form_error(admin_client, programme, holder, data, field, message):
    response = admin_client.post(url("award"), {**data, "programme": programme.pk})
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Credential.objects.filter(holder=holder).exists()


def test_awarding_a_credential_the_holder_already_holds_is_refused(
    admin_client, credential, programme, holder
):
    response = admin_client.post(
        url("award"), {"email": holder.email, "programme": programme.pk, "reason": "Again."}
    )
    assert response.status_code == 200
    assert (
        "This person already holds this credential." in response.context["form"].non_field_errors()
    )
    assert Credential.objects.filter(holder=holder).count() == 1


# Permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_editors_and_reviewers_cannot_see_or_change_credentials(client, credential, who, request):
    client.force_login(request.getfixturevalue(who))
    for view in (reverse(INDEX), reverse(INSPECT, args=[credential.pk]), url("award")):
        assert client.get(view).status_code in (302, 403)
    for name in ("suspend", "reinstate", "revoke", "renew"):
        assert client.get(url(name, credential)).status_code in (302, 403)
    data = {"reason_code": "fraud", "note": "No.", "confirmed": "1"}
    assert client.post(url("revoke", credential), data).status_code in (302, 403)
    assert client.post(
        url("suspend", credential), {"reason_code": "x", "note": "No."}
    ).status_code in (
        302,
        403,
    )
    credential.refresh_from_db()
    assert credential.status == Credential.Status.ACTIVE
    assert CredentialTransition.objects.filter(credential=credential).count() == 1


def test_a_viewer_sees_the_credential_but_no_actions(client, credential, user_factory):
    from django.contrib.auth.models import Permission

    viewer = user_factory(email="cert.viewer@example.org", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_credential"),
    )
    client.force_login(viewer)
    html = client.get(reverse(INSPECT, args=[credential.pk])).content.decode()
    assert str(credential.public_id) in html
    assert url("revoke", credential) not in html
    assert url("award") not in client.get(reverse(INDEX)).content.decode()
    assert client.post(
        url("revoke", credential), {"reason_code": "fraud", "note": "x", "confirmed": "1"}
    ).status_code in (302, 403)
    credential.refresh_from_db()
    assert credential.status == Credential.Status.ACTIVE


# Practicum entries ----------------------------------------------------------------------------


def test_practicum_entries_are_listed_read_only_with_filters(admin_client, holder):
    from lms.organizations.models import Organization

    organization = Organization.objects.create(name="Peer Org", slug="peer-org")
    entry = PracticumEntry.objects.create(
        user=holder,
        organization=organization,
        date=timezone.localdate(),
        hours=Decimal("1.5"),
        domain="communication",
        description="Peer group.",
    )
    index = reverse("certification_practicum:index")
    html = admin_client.get(index).content.decode()
    assert holder.email in html
    assert holder.email in admin_client.get(index, {"status": "pending"}).content.decode()
    assert holder.email not in admin_client.get(index, {"status": "approved"}).content.decode()
    assert (
        holder.email in admin_client.get(index, {"organization": organization.pk}).content.decode()
    )
    inspect = admin_client.get(reverse("certification_practicum:inspect", args=[entry.pk]))
    assert inspect.status_code == 200
    assert "Peer group." in inspect.content.decode()
    with pytest.raises(NoReverseMatch):
        reverse("certification_practicum:add")


def test_the_certification_menu_is_in_the_admin(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Certification" in html


def test_the_list_takes_the_same_number_of_queries_for_more_credentials(
    admin_client, credential, programme, admin, user_factory
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certification.credentials import services

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(reverse(INDEX)).status_code == 200
        return len(queries)

    one = count()
    for number in range(3):
        services.credential_award(
            holder=user_factory(email=f"more{number}@example.org"),
            programme=programme,
            actor=admin,
            reason="Recognised.",
        )
    assert count() == one
