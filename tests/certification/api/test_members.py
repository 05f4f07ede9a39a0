"""GET /api/v1/members and /members/{id}: the organisation's roster, with progress and
credentials only for members who share them, read on every request."""

import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from lms.organizations import services as organization_services
from lms.organizations.models import Membership

from ...rest.fixtures import assert_problem
from ..credential_fixtures import complete_course

pytestmark = pytest.mark.django_db

URL = "/api/v1/members"


@pytest.fixture
def sharer(api_organization, holder, credential):
    """The credential's holder, a member who shares progress and credentials."""
    return Membership.objects.create(
        organization=api_organization,
        user=holder,
        shares_progress=True,
        shares_credentials=True,
    )


@pytest.fixture
def quiet(api_organization, user_factory):
    """A member who shares nothing."""
    user = user_factory(email="quiet@example.org", display_name="Quinn Quiet")
    return Membership.objects.create(organization=api_organization, user=user)


@pytest.fixture
def outsider(make_api_organization, user_factory):
    """A member of another organisation, sharing everything with it."""
    other = make_api_organization("api-other")
    user = user_factory(email="outsider@example.org", display_name="Otto Outsider")
    return Membership.objects.create(
        organization=other, user=user, shares_progress=True, shares_credentials=True
    )


def by_email(results) -> dict[str, dict]:
    return {member["email"]: member for member in results}


def test_the_roster_lists_the_organisations_active_members(api, sharer, quiet, outsider):
    response = api.get(URL)
    assert response.status_code == 200
    members = by_email(response.json()["results"])
    # The coordinator made with the organisation, and the two members; never the outsider.
    assert set(members) == {
        "api-partner.coordinator@example.org",
        "holder.private-address@example.org",
        "quiet@example.org",
    }
    quiet_row = members["quiet@example.org"]
    assert quiet_row == {
        "id": str(quiet.user.public_id),
        "name": "Quinn Quiet",
        "email": "quiet@example.org",
        "role": "member",
        "joined_at": quiet_row["joined_at"],
        "shares_progress": False,
        "shares_credentials": False,
        "progress": None,
        "credentials": None,
    }
    shared = members["holder.private-address@example.org"]
    assert shared["progress"] == []
    [credential] = shared["credentials"]
    assert credential["status"] == "active" and credential["valid"] is True


def test_a_former_member_is_not_listed(api, quiet, api_organization):
    with transaction.atomic():
        organization_services.membership_leave(member=quiet.user, organization=api_organization)
    assert "quiet@example.org" not in by_email(api.get(URL).json()["results"])
    assert_problem(api.get(f"{URL}/{quiet.user.public_id}"), 404, "not-found")


def test_withdrawn_consent_applies_to_the_next_request(api, sharer, api_organization, holder):
    assert by_email(api.get(URL).json()["results"])[holder.email]["credentials"]
    with transaction.atomic():
        organization_services.membership_consent_update(
            member=holder,
            organization=api_organization,
            shares_progress=False,
            shares_credentials=False,
        )
    row = by_email(api.get(URL).json()["results"])[holder.email]
    assert row["progress"] is None and row["credentials"] is None
    detail = api.get(f"{URL}/{holder.public_id}").json()
    assert detail["progress"] is None and detail["credentials"] is None


def test_progress_shows_for_members_sharing_it(api, sharer, quiet, holder, api_organization):
    from tests.courses.conftest import make_course

    course = make_course("api-progress-course", modules=2)
    for member in (holder, quiet.user):
        complete_course(member, course)
    members = by_email(api.get(URL).json()["results"])
    [progress] = members[holder.email]["progress"]
    assert progress["course_id"] == str(course.translation_key)
    assert progress["modules_done"] == progress["modules_total"] == 2
    assert progress["completed_at"] is not None
    assert members["quiet@example.org"]["progress"] is None


def test_cursor_pages(api, api_organization, user_factory):
    for number in range(5):
        user = user_factory(email=f"page{number}@example.org")
        Membership.objects.create(organization=api_organization, user=user)
    seen, url = [], f"{URL}?limit=2"
    while url:
        body = api.get(url).json()
        assert len(body["results"]) <= 2
        seen += [member["email"] for member in body["results"]]
        url = body["next"]
    assert len(seen) == 6 == len(set(seen))


def test_the_query_count_does_not_grow_with_the_page(
    api, api_organization, user_factory, credential, sharer
):
    api.get(URL)
    with CaptureQueriesContext(connection) as few:
        api.get(URL)
    for number in range(8):
        user = user_factory(email=f"many{number}@example.org")
        Membership.objects.create(
            organization=api_organization,
            user=user,
            shares_progress=True,
            shares_credentials=True,
        )
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(URL).json()["results"]) == 10
    assert len(many) == len(few)


@pytest.mark.parametrize("query", ["cursor=nonsense", "limit=0", "limit=201", "limit=x"])
def test_bad_paging_is_a_400(api, query):
    assert_problem(api.get(f"{URL}?{query}"), 400, "invalid-request")


def test_one_member(api, sharer, holder):
    body = api.get(f"{URL}/{holder.public_id}").json()
    assert body["id"] == str(holder.public_id)
    assert body["email"] == holder.email
    assert body["credentials"] and body["progress"] == []


def test_another_organisations_member_is_not_found(api, outsider):
    assert_problem(api.get(f"{URL}/{outsider.user.public_id}"), 404, "not-found")
    assert_problem(api.get(f"{URL}/{uuid.uuid4()}"), 404, "not-found")
    assert_problem(api.get(f"{URL}/not-a-uuid"), 400, "invalid-request")


def test_a_key_of_the_other_organisation_sees_only_its_own(
    make_key, make_api_client, outsider, sharer
):
    client = make_api_client(make_key(organization=outsider.organization)[1])
    emails = set(by_email(client.get(URL).json()["results"]))
    assert "holder.private-address@example.org" not in emails
    assert "outsider@example.org" in emails
    assert_problem(client.get(f"{URL}/{sharer.user.public_id}"), 404, "not-found")


def test_the_roster_needs_roster_read(make_key, make_api_client, quiet):
    client = make_api_client(make_key(scopes=["credentials:verify", "roster:write"])[1])
    assert_problem(client.get(URL), 403, "insufficient-scope")
    assert_problem(client.get(f"{URL}/{quiet.user.public_id}"), 403, "insufficient-scope")
