"""POST /api/v1/invitations and /members/{id}/enrolments (scope roster:write)."""

import uuid

import pytest
from django.core import mail

from courses.models import Enrolment
from lms.events.models import Event
from lms.organizations.models import Invitation, Membership

from ...rest.fixtures import assert_problem

pytestmark = pytest.mark.django_db

INVITE = "/api/v1/invitations"


def test_invite_by_email(api, api_organization, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(INVITE, {"email": "New.Peer@Example.org"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "new.peer@example.org"
    assert body["role"] == "member" and body["status"] == "pending"
    invitation = Invitation.objects.get(public_id=body["id"])
    assert invitation.organization == api_organization
    assert invitation.invited_by is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.peer@example.org"]
    [event] = Event.objects.filter(
        type="organizations.invitation.created.v1",
        payload__invitation_id=str(invitation.public_id),
    )
    assert event.payload["invited_by_id"] is None


def test_invite_a_supervisor(api):
    response = api.post(INVITE, {"email": "sup@example.org", "role": "supervisor"}, format="json")
    assert response.status_code == 201 and response.json()["role"] == "supervisor"


def test_a_key_cannot_invite_a_coordinator(api):
    body = assert_problem(
        api.post(INVITE, {"email": "boss@example.org", "role": "coordinator"}, format="json"),
        400,
        "invalid-request",
    )
    assert "role" in body["errors"]
    assert not Invitation.objects.filter(email="boss@example.org").exists()


def test_inviting_twice_or_a_member_is_a_conflict(api, api_organization):
    assert api.post(INVITE, {"email": "twice@example.org"}, format="json").status_code == 201
    assert_problem(api.post(INVITE, {"email": "twice@example.org"}, format="json"), 409, "conflict")
    coordinator = Membership.objects.get(organization=api_organization).user
    assert_problem(api.post(INVITE, {"email": coordinator.email}, format="json"), 409, "conflict")


@pytest.mark.parametrize(
    "payload", [{}, {"email": "not an address"}, {"email": ""}, {"email": ["a@b.org"]}]
)
def test_bad_invitations_list_the_field(api, payload):
    body = assert_problem(api.post(INVITE, payload, format="json"), 400, "invalid-request")
    assert "email" in body["errors"]


def test_inviting_needs_roster_write(make_key, make_api_client):
    client = make_api_client(make_key(scopes=["roster:read"])[1])
    assert_problem(
        client.post(INVITE, {"email": "x@example.org"}, format="json"), 403, "insufficient-scope"
    )


# Enrolments


@pytest.fixture
def course(db):
    from tests.courses.conftest import make_course

    return make_course("api-enrol-course", modules=1)


@pytest.fixture
def member(api_organization, user_factory):
    user = user_factory(email="enrol.me@example.org")
    return Membership.objects.create(organization=api_organization, user=user)


def enrol_url(member_id) -> str:
    return f"/api/v1/members/{member_id}/enrolments"


def test_enrol_a_member(api, member, course, api_organization):
    response = api.post(
        enrol_url(member.user.public_id), {"course_id": str(course.translation_key)}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "member_id": str(member.user.public_id),
        "course_id": str(course.translation_key),
        "enrolled": True,
        "outcome": None,  # the member does not share progress
    }
    enrolment = Enrolment.objects.get(user=member.user)
    assert enrolment.organization == api_organization
    again = api.post(
        enrol_url(member.user.public_id), {"course_id": str(course.translation_key)}, format="json"
    )
    assert again.status_code == 201 and again.json() == body  # nothing told


def test_the_outcome_is_told_for_a_member_sharing_progress(api, member, course):
    Membership.objects.filter(pk=member.pk).update(shares_progress=True)
    url = enrol_url(member.user.public_id)
    payload = {"course_id": str(course.translation_key)}
    assert api.post(url, payload, format="json").json()["outcome"] == "created"
    assert api.post(url, payload, format="json").json()["outcome"] == "already_enrolled"


def test_an_unknown_course_is_a_400(api, member, course):
    body = assert_problem(
        api.post(enrol_url(member.user.public_id), {"course_id": str(uuid.uuid4())}, format="json"),
        400,
        "invalid-request",
    )
    assert "course_id" in body["errors"]


def test_another_organisations_member_cannot_be_enrolled(
    api, course, make_api_organization, user_factory
):
    other = make_api_organization("api-other")
    user = user_factory(email="theirs@example.org")
    Membership.objects.create(organization=other, user=user)
    response = api.post(
        enrol_url(user.public_id), {"course_id": str(course.translation_key)}, format="json"
    )
    assert_problem(response, 404, "not-found")
    assert not Enrolment.objects.filter(user=user).exists()


def test_enrolling_needs_roster_write(make_key, make_api_client, member, course):
    client = make_api_client(make_key(scopes=["roster:read"])[1])
    response = client.post(
        enrol_url(member.user.public_id), {"course_id": str(course.translation_key)}, format="json"
    )
    assert_problem(response, 403, "insufficient-scope")
