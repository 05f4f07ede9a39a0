"""The interface higher apps use (lms.organizations.api), the event schemas, and the demo data."""

import dataclasses
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from jsonschema import Draft202012Validator

from lms.events.models import Event
from lms.organizations import api, services
from lms.organizations.models import Cohort, Invitation, Membership, Organization

pytestmark = pytest.mark.django_db

SCHEMAS = Path(api.__file__).parent / "event_schemas"


def test_results_are_frozen_plain_data(harapan):
    [membership] = api.memberships_for_user(harapan.member.user)

    assert membership == api.MembershipInfo(
        organization=api.OrganizationInfo(
            id=harapan.organization.pk,
            public_id=harapan.organization.public_id,
            slug="harapan",
            name="Harapan Peer Network",
            kind="ngo",
        ),
        user_id=harapan.member.user.pk,
        role="member",
        shares_progress=False,
        shares_credentials=False,
        joined_at=harapan.member.joined_at,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        membership.role = "coordinator"


def test_consent_selectors(harapan, nord, make_member):
    both = make_member(
        harapan.organization, "both@example.org", shares_progress=True, shares_credentials=True
    )
    progress = make_member(harapan.organization, "p@example.org", shares_progress=True)
    make_member(nord.organization, "nord.p@example.org", shares_progress=True)
    left = make_member(harapan.organization, "left@example.org", shares_progress=True)
    services.membership_leave(member=left.user, organization=harapan.organization)

    assert api.member_ids_sharing_progress(harapan.organization.pk) == {
        both.user_id,
        progress.user_id,
    }
    assert api.member_ids_sharing_credentials(harapan.organization.pk) == {both.user_id}


def test_coordinator_organizations(harapan, nord, make_member):
    make_member(nord.organization, harapan.coordinator.email, role=Membership.Role.COORDINATOR)
    make_member(nord.organization, harapan.member.user.email)

    assert [o.slug for o in api.coordinator_organizations(harapan.coordinator)] == [
        "harapan",
        "nord",
    ]
    assert api.coordinator_organizations(harapan.member.user) == []


def test_access_checks_for_higher_apps(harapan, nord):
    cohort = api.access_cohort_as_coordinator(
        harapan.coordinator, "harapan", harapan.cohort.public_id
    )

    assert cohort == api.CohortInfo.of(harapan.cohort)
    assert api.access_organization_as_coordinator(harapan.coordinator, "harapan").slug == "harapan"
    with pytest.raises(Http404):
        api.access_cohort_as_coordinator(harapan.coordinator, "harapan", nord.cohort.public_id)
    with pytest.raises(Http404):
        api.access_cohort_as_coordinator(harapan.coordinator, "nord", nord.cohort.public_id)
    with pytest.raises(PermissionDenied):
        api.access_cohort_as_coordinator(harapan.member.user, "harapan", harapan.cohort.public_id)


def test_every_event_schema_is_valid_and_every_type_has_one():
    from lms.organizations import events

    types = {
        cls.type
        for cls in vars(events).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and hasattr(cls, "type")
        and cls.__module__ == events.__name__
    }
    files = {path.name.removesuffix(".json") for path in SCHEMAS.glob("*.json")}
    assert types == files
    for path in SCHEMAS.glob("*.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_recorded_payloads_validate_and_carry_no_personal_data(harapan, nord):
    # The fixtures ran every kind of service; run the rest.
    services.membership_consent_update(
        member=harapan.member.user,
        organization=harapan.organization,
        shares_progress=True,
        shares_credentials=True,
    )
    services.membership_role_change(
        membership=harapan.member, role="supervisor", changed_by=harapan.coordinator
    )
    services.invitation_resend(invitation=harapan.invitation, resent_by=harapan.coordinator)
    services.invitation_revoke(invitation=harapan.invitation, revoked_by=harapan.coordinator)
    services.cohort_rename(cohort=harapan.cohort, name="Renamed")
    services.membership_leave(member=harapan.member.user, organization=harapan.organization)
    services.cohort_delete(cohort=nord.cohort)

    events = list(Event.objects.filter(type__startswith="organizations."))
    assert {e.type.split(".", 1)[1] for e in events} >= {
        "organization.created.v1",
        "invitation.created.v1",
        "invitation.resent.v1",
        "invitation.revoked.v1",
        "member.consent_changed.v1",
        "member.role_changed.v1",
        "member.left.v1",
        "cohort.created.v1",
        "cohort.renamed.v1",
        "cohort.deleted.v1",
        "cohort.member_added.v1",
        "cohort.member_removed.v1",
    }
    personal = [
        *(u.email for u in (harapan.coordinator, harapan.member.user)),
        *(u.display_name for u in (harapan.coordinator, harapan.member.user)),
        harapan.invitation.email,
        "Renamed",
        nord.cohort.name,
        "example.org",
    ]
    for event in events:
        schema = json.loads((SCHEMAS / f"{event.type}.json").read_text())
        Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
            event.payload
        )
        text = json.dumps(event.payload)
        assert not [p for p in personal if p in text], event.type


def test_seed_demo_adds_a_cohort_and_a_pending_invitation_idempotently():
    from lms.core.demo import seed_kernel

    seed_kernel()
    seed_kernel()

    organization = Organization.objects.get(slug="harapan-peer-network")
    cohort = Cohort.objects.get(organization=organization)
    assert cohort.name == "Jakarta volunteers 2026"
    trainee = Membership.objects.get(
        organization=organization, user__email="trainee@sebaya.example"
    )
    assert api.cohort_member_ids(cohort.pk) == {trainee.user_id}
    invitations = Invitation.objects.filter(organization=organization)
    assert invitations.count() == 1
    assert invitations.get().state == "pending"
    assert Event.objects.filter(type="organizations.invitation.created.v1").count() == 1


def test_data_export_holds_the_users_cohorts_and_invitations(harapan, nord, user_factory):
    from lms.accounts.services import user_export

    member = harapan.member.user
    invitee = user_factory(email="harapan.invitee@example.org")

    member_data = user_export(user=member)
    invitee_data = user_export(user=invitee)

    assert member_data["cohorts"] == [
        {
            "organization": {
                "id": str(harapan.organization.public_id),
                "name": "Harapan Peer Network",
            },
            "cohort": {"id": str(harapan.cohort.public_id), "name": "Harapan Peer Network cohort"},
            "added_at": member_data["cohorts"][0]["added_at"],
        }
    ]
    assert member_data["invitations"] == []
    [invitation] = invitee_data["invitations"]
    assert invitation["email"] == "harapan.invitee@example.org"
    assert invitation["status"] == "pending"
    assert invitee_data["cohorts"] == []
    json.dumps(member_data)
    assert "Krisendienst Nord" not in json.dumps([member_data, invitee_data])
