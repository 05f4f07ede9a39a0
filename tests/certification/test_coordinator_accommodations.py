"""A coordinator's page for giving a member of their organisation extra time or extra attempts:
who may use it (the organisation's coordinators only), whom it may be for (the organisation's
members only), which quizzes (live ones) and which values (0-240 minutes, 0-5 attempts)."""

import pytest
from django.db import transaction
from django.urls import reverse

from certification.models import Accommodation
from lms.organizations import services as organization_services
from lms.organizations.models import Membership

from .conftest import make_quiz

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def world(user_factory):
    """Two organisations, each with a coordinator and a member; and a live quiz."""

    def organisation(slug):
        with transaction.atomic():
            organization = organization_services.organization_create(name=slug.title(), slug=slug)
        people = {}
        for role in (Membership.Role.COORDINATOR, Membership.Role.MEMBER):
            user = user_factory(email=f"{slug}.{role}@example.org")
            Membership.objects.create(organization=organization, user=user, role=role)
            people[role] = user
        return organization, people[Membership.Role.COORDINATOR], people[Membership.Role.MEMBER]

    harapan, harapan_coordinator, harapan_member = organisation("harapan-acc")
    nord, nord_coordinator, nord_member = organisation("nord-acc")
    return {
        "quiz": make_quiz(slug="accommodated-quiz", time_limit_minutes=30),
        "harapan": harapan,
        "harapan_coordinator": harapan_coordinator,
        "harapan_member": harapan_member,
        "nord": nord,
        "nord_coordinator": nord_coordinator,
        "nord_member": nord_member,
    }


def url(organization) -> str:
    return reverse("certification:organization-accommodations", args=[organization.slug])


def form(quiz, email, minutes=30, attempts=1) -> dict:
    return {
        "email": email,
        "quiz": str(quiz.translation_key),
        "extra_minutes": minutes,
        "extra_attempts": attempts,
    }


def test_coordinator_sets_accommodation_for_a_member(client, world):
    client.force_login(world["harapan_coordinator"])
    page = client.get(url(world["harapan"]))
    assert page.status_code == 200
    assert str(world["quiz"].translation_key) in page.content.decode()

    response = client.post(
        url(world["harapan"]), form(world["quiz"], world["harapan_member"].email.upper())
    )
    assert response.status_code == 302
    accommodation = Accommodation.objects.get(user=world["harapan_member"])
    assert (accommodation.extra_minutes, accommodation.extra_attempts) == (30, 1)
    assert accommodation.granted_by == world["harapan_coordinator"]
    assert accommodation.quiz.translation_key == world["quiz"].translation_key

    # Setting it again replaces it.
    client.post(url(world["harapan"]), form(world["quiz"], world["harapan_member"].email, 0, 2))
    accommodation = Accommodation.objects.get(user=world["harapan_member"])
    assert (accommodation.extra_minutes, accommodation.extra_attempts) == (0, 2)


def test_another_organisations_page_is_refused(client, world):
    client.force_login(world["harapan_coordinator"])
    assert client.get(url(world["nord"])).status_code in (403, 404)
    response = client.post(url(world["nord"]), form(world["quiz"], world["nord_member"].email))
    assert response.status_code in (403, 404)
    assert not Accommodation.objects.exists()


def test_other_coordinators_cannot_reach_this_organisations_members(client, world):
    client.force_login(world["nord_coordinator"])
    response = client.post(url(world["nord"]), form(world["quiz"], world["harapan_member"].email))
    assert response.status_code == 400
    assert "No member of Nord-Acc has this email address." in response.content.decode()
    assert not Accommodation.objects.exists()


def test_members_cannot_set_accommodations(client, world):
    client.force_login(world["harapan_member"])
    response = client.post(
        url(world["harapan"]), form(world["quiz"], world["harapan_member"].email)
    )
    assert response.status_code == 403
    assert not Accommodation.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    assert client.get(url(world["harapan"])).status_code == 302


@pytest.mark.parametrize("email", ["nord-acc.member@example.org", "nobody@example.org"])
def test_only_members_of_the_organisation_can_be_accommodated(client, world, email):
    client.force_login(world["harapan_coordinator"])
    response = client.post(url(world["harapan"]), form(world["quiz"], email))
    assert response.status_code == 400
    assert "No member of Harapan-Acc has this email address." in response.content.decode()
    assert not Accommodation.objects.exists()


@pytest.mark.parametrize(
    ("minutes", "attempts", "message"),
    [
        (241, 0, "Extra time can be at most 240 minutes."),
        (-1, 0, "Extra time cannot be negative."),
        (0, 6, "At most 5 extra attempts can be given."),
        (0, -1, "Extra attempts cannot be negative."),
    ],
)
def test_values_out_of_range_are_refused_with_clear_errors(
    client, world, minutes, attempts, message
):
    client.force_login(world["harapan_coordinator"])
    response = client.post(
        url(world["harapan"]),
        form(world["quiz"], world["harapan_member"].email, minutes, attempts),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Accommodation.objects.exists()


def test_limits_are_accepted(client, world):
    client.force_login(world["harapan_coordinator"])
    response = client.post(
        url(world["harapan"]), form(world["quiz"], world["harapan_member"].email, 240, 5)
    )
    assert response.status_code == 302


def test_only_quizzes_that_exist(client, world):
    client.force_login(world["harapan_coordinator"])
    data = form(world["quiz"], world["harapan_member"].email)
    data["quiz"] = "00000000-0000-0000-0000-000000000000"
    response = client.post(url(world["harapan"]), data)
    assert response.status_code == 400
    assert not Accommodation.objects.exists()
