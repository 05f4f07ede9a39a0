"""Access: no one sees anything of an organisation they are not an active member of, and its
coordinator pages are for its coordinators only. Every coordinator URL is tried by a coordinator
of another organisation (with that organisation's slug, and with their own slug and the other
organisation's ids), by a supporter, by a supervisor, by a former coordinator and anonymously."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client

from lms.organizations import access, services
from lms.organizations.models import CohortMembership, Invitation, Membership

pytestmark = pytest.mark.django_db

# (method, URL template): {org} is a slug, {member} a user's public id, {cohort} and
# {invitation} public ids of that organisation's cohort and invitation.
COORDINATOR_URLS = [
    ("get", "/en/organisations/{org}/"),
    ("get", "/en/organisations/{org}/roster.csv"),
    ("get", "/en/organisations/{org}/members/{member}/"),
    ("post", "/en/organisations/{org}/members/{member}/role/"),
    ("get", "/en/organisations/{org}/invitations/"),
    ("get", "/en/organisations/{org}/invitations/new/"),
    ("post", "/en/organisations/{org}/invitations/new/"),
    ("post", "/en/organisations/{org}/invitations/{invitation}/revoke/"),
    ("post", "/en/organisations/{org}/invitations/{invitation}/resend/"),
    ("get", "/en/organisations/{org}/cohorts/new/"),
    ("post", "/en/organisations/{org}/cohorts/new/"),
    ("get", "/en/organisations/{org}/cohorts/{cohort}/"),
    ("post", "/en/organisations/{org}/cohorts/{cohort}/rename/"),
    ("get", "/en/organisations/{org}/cohorts/{cohort}/delete/"),
    ("post", "/en/organisations/{org}/cohorts/{cohort}/delete/"),
    ("post", "/en/organisations/{org}/cohorts/{cohort}/members/add/"),
    ("post", "/en/organisations/{org}/cohorts/{cohort}/members/{member}/remove/"),
]

# What a POST would send if it were allowed: enough to change something.
POST_DATA = {
    "role": "coordinator",
    "emails": "intruder@example.org",
    "name": "Hijacked",
    "members": [],
}


def url_for(template, world, *, org=None):
    return template.format(
        org=org or world.organization.slug,
        member=world.member.user.public_id,
        cohort=world.cohort.public_id,
        invitation=world.invitation.public_id,
    )


def request(client, method, url):
    if method == "get":
        return client.get(url)
    return client.post(url, POST_DATA)


def snapshot(world):
    """Everything a coordinator URL could change about `world`'s organisation."""
    organization = world.organization
    return (
        sorted(
            Membership.objects.filter(organization=organization).values_list(
                "user_id", "role", "status"
            )
        ),
        sorted(
            Invitation.objects.filter(organization=organization).values_list(
                "email", "status", "token_hash"
            )
        ),
        sorted(organization.cohorts.values_list("name", flat=True)),
        sorted(
            CohortMembership.objects.filter(cohort__organization=organization).values_list(
                "cohort_id", "membership_id"
            )
        ),
    )


def assert_no_data_of(response, world):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode()
    for secret in (
        world.member.user.email,
        world.member.user.display_name,
        world.invitation.email,
        world.cohort.name,
    ):
        assert secret not in text


@pytest.mark.parametrize(("method", "template"), COORDINATOR_URLS)
def test_coordinator_of_another_organisation_gets_404_and_no_data(harapan, nord, method, template):
    client = Client()
    client.force_login(harapan.coordinator)
    before = snapshot(nord)

    response = request(client, method, url_for(template, nord))

    assert response.status_code == 404
    assert_no_data_of(response, nord)
    assert snapshot(nord) == before


WITH_IDS = [
    (method, template)
    for method, template in COORDINATOR_URLS
    if any(part in template for part in ("{member}", "{cohort}", "{invitation}"))
]


@pytest.mark.parametrize(("method", "template"), WITH_IDS)
def test_own_slug_with_another_organisations_ids_gets_404_and_no_data(
    harapan, nord, method, template
):
    """Harapan's coordinator puts Nord's member, cohort or invitation ids under Harapan's slug."""
    url = url_for(template, nord, org=harapan.organization.slug)
    if "{member}" in template and "{cohort}" in template:
        # Each id alone: Harapan's cohort with Nord's member, and Nord's cohort with Harapan's.
        urls = [
            template.format(
                org="harapan", cohort=harapan.cohort.public_id, member=nord.member.user.public_id
            ),
            template.format(
                org="harapan", cohort=nord.cohort.public_id, member=harapan.member.user.public_id
            ),
        ]
    else:
        urls = [url]
    client = Client()
    client.force_login(harapan.coordinator)
    before = snapshot(nord)

    for target in urls:
        response = request(client, method, target)
        assert response.status_code == 404, target
        assert_no_data_of(response, nord)
    assert snapshot(nord) == before


@pytest.mark.parametrize("role", [Membership.Role.MEMBER, Membership.Role.SUPERVISOR])
@pytest.mark.parametrize(("method", "template"), COORDINATOR_URLS)
def test_members_who_are_not_coordinators_get_403(harapan, make_member, method, template, role):
    other = make_member(harapan.organization, f"{role}@example.org", role=role, display_name="Nosy")
    client = Client()
    client.force_login(other.user)
    before = snapshot(harapan)

    response = request(client, method, url_for(template, harapan))

    assert response.status_code == 403
    assert_no_data_of(response, harapan)
    assert snapshot(harapan) == before


@pytest.mark.parametrize(("method", "template"), COORDINATOR_URLS)
def test_a_coordinator_who_left_gets_404(harapan, make_member, method, template):
    former = make_member(
        harapan.organization, "former@example.org", role=Membership.Role.COORDINATOR
    )
    services.membership_leave(member=former.user, organization=harapan.organization)
    client = Client()
    client.force_login(former.user)

    response = request(client, method, url_for(template, harapan))

    assert response.status_code == 404


@pytest.mark.parametrize(("method", "template"), COORDINATOR_URLS)
def test_anonymous_visitors_are_sent_to_log_in(harapan, method, template):
    before = snapshot(harapan)

    response = request(Client(), method, url_for(template, harapan))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert snapshot(harapan) == before


@pytest.mark.parametrize(("method", "template"), COORDINATOR_URLS)
def test_the_organisations_own_coordinator_gets_through(harapan, method, template):
    client = Client()
    client.force_login(harapan.coordinator)

    response = request(client, method, url_for(template, harapan))

    assert response.status_code in {200, 302, 400, 409}


@pytest.mark.parametrize(
    "template", ["/en/organisations/{org}/consent/", "/en/organisations/{org}/leave/"]
)
def test_member_urls_of_an_organisation_one_is_not_in_are_404(harapan, nord, template):
    client = Client()
    client.force_login(harapan.member.user)
    before = snapshot(nord)

    assert client.get(template.format(org="nord")).status_code in {404, 405}
    assert client.post(template.format(org="nord"), {"shares_progress": "on"}).status_code == 404
    assert snapshot(nord) == before


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("get", "/en/organisations/{org}/consent/"),
        ("get", "/en/organisations/{org}/members/{member}/role/"),
        ("get", "/en/organisations/{org}/invitations/{invitation}/revoke/"),
        ("get", "/en/organisations/{org}/invitations/{invitation}/resend/"),
        ("get", "/en/organisations/{org}/cohorts/{cohort}/rename/"),
        ("get", "/en/organisations/{org}/cohorts/{cohort}/members/add/"),
        ("get", "/en/organisations/{org}/cohorts/{cohort}/members/{member}/remove/"),
        ("post", "/en/organisations/{org}/"),
        ("post", "/en/organisations/{org}/roster.csv"),
        ("post", "/en/organisations/"),
    ],
)
def test_state_changes_only_by_post_and_pages_only_by_get(harapan, method, template):
    client = Client()
    client.force_login(harapan.coordinator)
    before = snapshot(harapan)

    response = request(client, method, url_for(template, harapan))

    assert response.status_code == 405
    assert snapshot(harapan) == before


@pytest.mark.parametrize(
    "template",
    [
        "/en/organisations/{org}/consent/",
        "/en/organisations/{org}/members/{member}/role/",
        "/en/organisations/{org}/invitations/new/",
        "/en/organisations/{org}/invitations/{invitation}/revoke/",
        "/en/organisations/{org}/cohorts/{cohort}/delete/",
    ],
)
def test_posts_without_csrf_token_are_refused(harapan, template):
    client = Client(enforce_csrf_checks=True)
    client.force_login(harapan.coordinator)
    before = snapshot(harapan)

    response = client.post(url_for(template, harapan), POST_DATA)

    assert response.status_code == 403
    assert snapshot(harapan) == before


def test_post_forms_carry_a_csrf_token(harapan):
    client = Client()
    client.force_login(harapan.coordinator)
    for url in [
        "/en/organisations/harapan/",
        f"/en/organisations/harapan/cohorts/{harapan.cohort.public_id}/",
        "/en/organisations/harapan/invitations/",
        "/en/organisations/",
    ]:
        html = client.get(url).content.decode()
        assert html.count('method="post"') == html.count('name="csrfmiddlewaretoken"'), url


# The helpers themselves


def test_helpers_refuse_non_members_with_404_and_members_with_403(harapan, nord, user_factory):
    stranger = user_factory(email="stranger@example.org")

    for user in (stranger, nord.coordinator, nord.member.user):
        with pytest.raises(Http404):
            access.access_organization_as_member(user, "harapan")
        with pytest.raises(Http404):
            access.access_organization_as_coordinator(user, "harapan")
    with pytest.raises(PermissionDenied):
        access.access_organization_as_coordinator(harapan.member.user, "harapan")
    assert access.access_organization_as_member(harapan.member.user, "harapan") == harapan.member
    with pytest.raises(Http404):
        access.access_organization_as_member(harapan.member.user, "no-such-organisation")


def test_helpers_look_objects_up_inside_the_checked_organisation(harapan, nord):
    coordinator = harapan.coordinator

    assert (
        access.access_cohort_as_coordinator(coordinator, "harapan", harapan.cohort.public_id)
        == harapan.cohort
    )
    assert (
        access.access_invitation_as_coordinator(
            coordinator, "harapan", harapan.invitation.public_id
        )
        == harapan.invitation
    )
    assert (
        access.access_member_as_coordinator(coordinator, "harapan", harapan.member.user.public_id)
        == harapan.member
    )
    with pytest.raises(Http404):
        access.access_cohort_as_coordinator(coordinator, "harapan", nord.cohort.public_id)
    with pytest.raises(Http404):
        access.access_invitation_as_coordinator(coordinator, "harapan", nord.invitation.public_id)
    with pytest.raises(Http404):
        access.access_member_as_coordinator(coordinator, "harapan", nord.member.user.public_id)
    with pytest.raises(Http404):
        access.access_cohort_as_coordinator(coordinator, "nord", nord.cohort.public_id)


def test_an_inactive_organisation_is_not_found(harapan):
    harapan.organization.is_active = False
    harapan.organization.save()

    with pytest.raises(Http404):
        access.access_organization_as_coordinator(harapan.coordinator, "harapan")


def test_a_former_member_is_not_found(harapan):
    services.membership_leave(member=harapan.member.user, organization=harapan.organization)

    with pytest.raises(Http404):
        access.access_member_as_coordinator(
            harapan.coordinator, "harapan", harapan.member.user.public_id
        )
    with pytest.raises(Http404):
        access.access_organization_as_member(harapan.member.user, "harapan")


def test_anonymous_user_is_not_a_member(harapan):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        access.access_organization_as_member(AnonymousUser(), "harapan")
