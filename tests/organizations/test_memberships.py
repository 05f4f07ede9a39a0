"""Memberships: a member's own consent and leaving, a coordinator's role changes, several
organisations per supporter."""

import pytest
from django.core.exceptions import PermissionDenied

from lms.organizations import api, services
from lms.organizations.models import CohortMembership, Membership

from .conftest import events_of

pytestmark = pytest.mark.django_db


def test_consent_update_records_the_new_state(harapan):
    member = harapan.member.user

    membership = services.membership_consent_update(
        member=member,
        organization=harapan.organization,
        shares_progress=True,
        shares_credentials=False,
    )

    assert (membership.shares_progress, membership.shares_credentials) == (True, False)
    assert membership.consent_updated_at is not None
    assert events_of("organizations.member.consent_changed.v1") == [
        {
            "organization_id": str(harapan.organization.public_id),
            "user_id": str(member.public_id),
            "shares_progress": True,
            "shares_credentials": False,
        }
    ]


def test_consent_update_without_change_records_nothing(harapan):
    services.membership_consent_update(
        member=harapan.member.user,
        organization=harapan.organization,
        shares_progress=False,
        shares_credentials=False,
    )

    assert events_of("organizations.member.consent_changed.v1") == []


def test_only_a_member_can_change_their_consent(harapan, nord):
    with pytest.raises(services.NotAMember):
        services.membership_consent_update(
            member=nord.member.user,
            organization=harapan.organization,
            shares_progress=True,
            shares_credentials=True,
        )


def test_consent_form_on_my_organisations_page(harapan, as_user):
    client = as_user(harapan.member.user)

    response = client.post(
        "/en/organisations/harapan/consent/",
        {"harapan-shares_progress": "on", "harapan-shares_credentials": "on"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/en/organisations/#organization-harapan"
    harapan.member.refresh_from_db()
    assert (harapan.member.shares_progress, harapan.member.shares_credentials) == (True, True)
    assert "Your choices for Harapan Peer Network were saved." in [
        str(m) for m in response.context["messages"]
    ]

    client.post("/en/organisations/harapan/consent/", {"harapan-shares_credentials": "on"})

    harapan.member.refresh_from_db()
    assert (harapan.member.shares_progress, harapan.member.shares_credentials) == (False, True)


def test_a_supporter_can_belong_to_several_organisations_with_separate_consent(
    harapan, nord, make_member, as_user
):
    ayu = harapan.member.user
    make_member(nord.organization, ayu.email, shares_credentials=True)
    client = as_user(ayu)

    page = client.get("/en/organisations/")
    html = page.content.decode()
    assert "Harapan Peer Network" in html and "Krisendienst Nord" in html
    client.post("/en/organisations/nord/consent/", {"nord-shares_progress": "on"})

    by_slug = {m.organization.slug: m for m in api.memberships_for_user(ayu)}
    assert (by_slug["nord"].shares_progress, by_slug["nord"].shares_credentials) == (True, False)
    assert (by_slug["harapan"].shares_progress, by_slug["harapan"].shares_credentials) == (
        False,
        False,
    )
    assert api.organization_ids_with_consent(ayu.pk, api.SCOPE_PROGRESS) == {nord.organization.pk}
    # Each organisation's coordinator sees Ayu, with that organisation's consent only.
    assert ayu.pk in api.member_ids_sharing_progress(nord.organization.pk)
    assert ayu.pk not in api.member_ids_sharing_progress(harapan.organization.pk)


def test_leaving_withdraws_consent_and_cohorts(harapan):
    member = harapan.member
    services.membership_consent_update(
        member=member.user,
        organization=harapan.organization,
        shares_progress=True,
        shares_credentials=True,
    )

    services.membership_leave(member=member.user, organization=harapan.organization)

    member.refresh_from_db()
    assert member.status == Membership.Status.LEFT
    assert (member.shares_progress, member.shares_credentials) == (False, False)
    assert not CohortMembership.objects.filter(membership=member).exists()
    ids = {
        "organization_id": str(harapan.organization.public_id),
        "user_id": str(member.user.public_id),
    }
    assert events_of("organizations.member.left.v1") == [ids]
    assert events_of("organizations.cohort.member_removed.v1") == [
        {**ids, "cohort_id": str(harapan.cohort.public_id)}
    ]
    assert member.user.pk not in api.cohort_member_ids(harapan.cohort.pk)
    assert member.user.pk not in api.member_ids_sharing_progress(harapan.organization.pk)


def test_leave_page_asks_then_leaves(harapan, as_user):
    client = as_user(harapan.member.user)

    confirm = client.get("/en/organisations/harapan/leave/")
    assert confirm.status_code == 200
    response = client.post("/en/organisations/harapan/leave/", follow=True)

    assert response.redirect_chain[-1][0] == "/en/organisations/"
    assert (
        "Harapan Peer Network"
        not in response.content.decode().split("<main")[1].split('class="messages"')[0]
    )
    harapan.member.refresh_from_db()
    assert harapan.member.status == Membership.Status.LEFT


def test_the_only_coordinator_cannot_leave(harapan, as_user):
    with pytest.raises(services.LastCoordinator):
        services.membership_leave(member=harapan.coordinator, organization=harapan.organization)

    response = as_user(harapan.coordinator).post("/en/organisations/harapan/leave/")
    assert response.status_code == 409
    assert "only coordinator" in response.content.decode()


def test_a_coordinator_can_leave_when_another_remains(harapan, make_member):
    make_member(harapan.organization, "second@example.org", role=Membership.Role.COORDINATOR)

    services.membership_leave(member=harapan.coordinator, organization=harapan.organization)

    assert api.coordinator_organizations(harapan.coordinator) == []


def test_role_change_by_a_coordinator(harapan):
    membership = services.membership_role_change(
        membership=harapan.member, role=Membership.Role.SUPERVISOR, changed_by=harapan.coordinator
    )

    assert membership.role == Membership.Role.SUPERVISOR
    assert events_of("organizations.member.role_changed.v1") == [
        {
            "organization_id": str(harapan.organization.public_id),
            "user_id": str(harapan.member.user.public_id),
            "role": "supervisor",
            "previous_role": "member",
            "changed_by_id": str(harapan.coordinator.public_id),
        }
    ]


def test_role_change_by_anyone_else_is_refused(harapan, nord):
    for intruder in (harapan.member.user, nord.coordinator):
        with pytest.raises(PermissionDenied):
            services.membership_role_change(
                membership=harapan.member, role=Membership.Role.COORDINATOR, changed_by=intruder
            )
    harapan.member.refresh_from_db()
    assert harapan.member.role == Membership.Role.MEMBER


def test_the_last_coordinator_cannot_be_demoted(harapan, as_user):
    coordinator = Membership.objects.get(user=harapan.coordinator)

    with pytest.raises(services.LastCoordinator):
        services.membership_role_change(
            membership=coordinator, role=Membership.Role.MEMBER, changed_by=harapan.coordinator
        )
    response = as_user(harapan.coordinator).post(
        f"/en/organisations/harapan/members/{harapan.coordinator.public_id}/role/",
        {"role": "member"},
    )
    assert response.status_code == 409
    assert "at least one coordinator" in response.content.decode()


def test_role_form_changes_the_role(harapan, as_user):
    response = as_user(harapan.coordinator).post(
        f"/en/organisations/harapan/members/{harapan.member.user.public_id}/role/",
        {"role": "coordinator"},
    )

    assert response.status_code == 302
    harapan.member.refresh_from_db()
    assert harapan.member.role == Membership.Role.COORDINATOR


def test_role_form_refuses_an_unknown_role(harapan, as_user):
    response = as_user(harapan.coordinator).post(
        f"/en/organisations/harapan/members/{harapan.member.user.public_id}/role/",
        {"role": "owner"},
    )

    assert response.status_code == 400
    assert '<a href="#id_role">' in response.content.decode()


def test_my_organisations_is_linked_from_the_account_page(harapan, as_user):
    html = as_user(harapan.member.user).get("/en/accounts/profile/").content.decode()

    assert 'href="/en/organisations/"' in html


def test_my_organisations_without_any(user_factory, as_user):
    response = as_user(user_factory(email="alone@example.org")).get("/en/organisations/")

    assert response.status_code == 200
    assert "not a member of any organisation" in response.content.decode()
