"""What courses adds to organisation pages through their hooks: "Enrol this cohort in a course"
on a cohort's page, and the roster's progress column (only for members who consent)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import services
from courses.models import CoursePrerequisite, Enrolment
from courses.wagtail_hooks import progress_column_values
from lms.organizations import services as organization_services
from lms.organizations.models import Membership

from .conftest import course_events, make_course, seeded_course, seeded_modules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def organisation(user_factory):
    """An organisation with a coordinator and a cohort of three members: Ana (shares her
    progress), Budi (shares nothing) and Citra (enrolled already)."""
    with transaction.atomic():
        organization = organization_services.organization_create(
            name="Harapan Test", slug="harapan-test"
        )
    coordinator = user_factory(email="coord@example.org", display_name="Coordinator")
    Membership.objects.create(
        organization=organization, user=coordinator, role=Membership.Role.COORDINATOR
    )
    members = {}
    for name, shares in (("Ana", True), ("Budi", False), ("Citra", True)):
        user = user_factory(email=f"{name.lower()}@example.org", display_name=name)
        members[name] = Membership.objects.create(
            organization=organization, user=user, shares_progress=shares
        )
    with transaction.atomic():
        cohort = organization_services.cohort_create(organization=organization, name="Batch 1")
        for membership in members.values():
            organization_services.cohort_member_add(cohort=cohort, membership=membership)
    services.enrolment_create(
        user=members["Citra"].user, course_key=seeded_course().translation_key
    )
    return organization, coordinator, cohort, {name: m.user for name, m in members.items()}


def cohort_url(organization, cohort) -> str:
    return reverse("organizations:cohort", args=[organization.slug, cohort.public_id])


def enrol_url(organization, cohort) -> str:
    return reverse("courses:cohort-enrol", args=[organization.slug, cohort.public_id])


def test_the_cohort_page_offers_to_enrol_the_cohort_in_a_course(client, organisation):
    organization, coordinator, cohort, _ = organisation
    client.force_login(coordinator)

    page = BeautifulSoup(client.get(cohort_url(organization, cohort)).content, "html.parser")

    action = page.find("section", class_="cohort-action")
    assert action.find("h2").get_text(strip=True) == "Enrol this cohort in a course"
    form = action.find("form")
    assert (form["method"], form["action"]) == ("post", enrol_url(organization, cohort))
    options = {option["value"]: option.get_text() for option in form.find_all("option")}
    assert options[str(seeded_course().translation_key)] == seeded_course().title


def test_enrolling_the_cohort_enrols_every_member_and_reports_who_was_enrolled_already(
    client, organisation
):
    organization, coordinator, cohort, users = organisation
    client.force_login(coordinator)
    course_key = seeded_course().translation_key

    response = client.post(
        enrol_url(organization, cohort), {"course": str(course_key)}, follow=True
    )

    assert response.redirect_chain[-1][0] == cohort_url(organization, cohort)
    assert [str(message) for message in response.context["messages"]] == [
        f"2 members were enrolled in {seeded_course().title}.",
        f"Already enrolled in {seeded_course().title}: Citra.",
    ]
    for name in ("Ana", "Budi"):
        enrolment = Enrolment.objects.get(user=users[name], course_key=course_key)
        assert enrolment.enrolled_by == coordinator
        assert enrolment.organization == organization
    assert Enrolment.objects.get(user=users["Citra"]).enrolled_by is None
    created = [e.payload for e in course_events() if e.type == "courses.enrolment.created.v1"]
    assert {p["user_id"] for p in created[-2:]} == {
        str(users["Ana"].public_id),
        str(users["Budi"].public_id),
    }
    assert all(p["organization_id"] == str(organization.public_id) for p in created[-2:])


def test_members_without_the_prerequisites_are_reported_not_enrolled(client, organisation):
    organization, coordinator, cohort, users = organisation
    advanced = make_course("advanced-practice")
    CoursePrerequisite.objects.create(course=advanced, prerequisite=seeded_course())
    services.enrolment_create(user=users["Ana"], course_key=seeded_course().translation_key)
    for module in seeded_modules():
        services.module_complete(user=users["Ana"], module=module)
    client.force_login(coordinator)

    response = client.post(
        enrol_url(organization, cohort), {"course": str(advanced.translation_key)}, follow=True
    )

    assert [str(message) for message in response.context["messages"]] == [
        f"1 member was enrolled in {advanced.title}.",
        f"Not enrolled, because they have not completed the courses {advanced.title} needs "
        "first: Budi, Citra.",
    ]


def test_only_the_organisations_coordinators_can_enrol_a_cohort(client, organisation):
    organization, _, cohort, users = organisation
    client.force_login(users["Ana"])
    course_key = seeded_course().translation_key

    response = client.post(enrol_url(organization, cohort), {"course": str(course_key)})

    assert response.status_code == 403
    assert not Enrolment.objects.filter(user=users["Budi"]).exists()
    assert client.get(enrol_url(organization, cohort)).status_code == 405


def test_the_roster_shows_progress_only_for_members_who_share_it(client, organisation):
    organization, coordinator, _, users = organisation
    services.module_complete(user=users["Citra"], module=seeded_modules()[0])
    services.enrolment_create(user=users["Budi"], course_key=seeded_course().translation_key)
    client.force_login(coordinator)

    page = BeautifulSoup(
        client.get(reverse("organizations:dashboard", args=[organization.slug])).content,
        "html.parser",
    )

    headings = [th.get_text(strip=True) for th in page.find("table").select("thead th")]
    column = headings.index("Courses and progress")
    cells = {
        row.find("th").find("a").get_text(strip=True): row.find_all(["th", "td"])[column]
        for row in page.find("table").select("tbody tr")
    }
    title = seeded_course().title
    assert cells["Citra"].get_text(strip=True) == f"{title}: 1 of 7 modules"
    assert cells["Ana"].get_text(strip=True) == "\N{EN DASH}"  # shares, has no course
    assert cells["Budi"].find(class_="not-shared")  # enrolled, but does not share
    assert title not in cells["Budi"].get_text()


def test_the_roster_column_makes_a_fixed_number_of_queries(organisation, user_factory):
    organization, _, _, users = organisation
    many = [user_factory(email=f"member{number}@example.org") for number in range(5)]
    for number, user in enumerate(many):
        services.enrolment_create(user=user, course_key=seeded_course().translation_key)
        for module in seeded_modules()[:number]:
            services.module_complete(user=user, module=module)

    with CaptureQueriesContext(connection) as one:
        values = progress_column_values(
            organization_id=organization.pk, user_ids=frozenset([users["Citra"].pk])
        )
    assert values == {users["Citra"].pk: f"{seeded_course().title}: 0 of 7 modules"}
    with CaptureQueriesContext(connection) as six:
        values = progress_column_values(
            organization_id=organization.pk,
            user_ids=frozenset([users["Citra"].pk, *(user.pk for user in many)]),
        )
    assert values[many[4].pk] == f"{seeded_course().title}: 4 of 7 modules"
    assert len(six) == len(one)
