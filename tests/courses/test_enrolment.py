"""Enrolment: from the course page (a POST button), by an organisation, prerequisites, withdrawal
and enrolling again, all keyed by the course's translation key."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from courses import services
from courses.models import CoursePrerequisite, Enrolment, ModuleCompletion
from lms.events.registry import validator_for
from lms.organizations.models import Organization

from .conftest import course_events, make_course, seeded_course, seeded_modules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def enrol_url(course) -> str:
    return reverse("courses:enrol", args=[course.translation_key])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def complete_course(user, course) -> None:
    services.enrolment_create(user=user, course_key=course.translation_key)
    for module in seeded_modules_of(course):
        services.module_complete(user=user, module=module)


def seeded_modules_of(course) -> list:
    from courses.models import ModulePage

    return list(ModulePage.objects.child_of(course).live().order_by("path"))


def test_the_course_page_offers_a_post_button_to_enrol(client, trainee):
    client.force_login(trainee)
    page = BeautifulSoup(client.get(seeded_course().url).content, "html.parser")

    form = page.find("form", action=enrol_url(seeded_course()))
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("button", type="submit").get_text(strip=True) == "Enrol in this course"


def test_an_anonymous_visitor_is_asked_to_log_in_to_enrol(client):
    page = BeautifulSoup(client.get(seeded_course().url).content, "html.parser")

    assert not page.find("form", action=enrol_url(seeded_course()))
    assert page.find("a", string="Log in to enrol")


def test_enrolling_from_the_course_page_enrols_in_every_language(client, trainee):
    client.force_login(trainee)
    course = seeded_course("de")

    response = client.post(enrol_url(course), {"next": course.url}, follow=True)

    assert response.redirect_chain[-1][0] == course.url
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.course_key == course.translation_key == seeded_course("en").translation_key
    assert enrolment.is_active and enrolment.enrolled_by is None
    english = BeautifulSoup(client.get(seeded_course("en").url).content, "html.parser")
    assert english.find("progress")
    assert not english.find("form", action=enrol_url(course))


def test_enrolling_is_post_only(client, trainee):
    client.force_login(trainee)

    assert client.get(enrol_url(seeded_course())).status_code == 405
    assert not Enrolment.objects.filter(user=trainee).exists()


def test_enrolling_needs_the_csrf_token(trainee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)

    assert client.post(enrol_url(seeded_course())).status_code == 403
    assert not Enrolment.objects.filter(user=trainee).exists()


def test_enrolling_needs_a_login(client, trainee):
    response = client.post(enrol_url(seeded_course()))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Enrolment.objects.filter(user=trainee).exists()


def test_enrolling_twice_changes_nothing(trainee):
    course_key = seeded_course().translation_key
    first = services.enrolment_create(user=trainee, course_key=course_key)
    second = services.enrolment_create(user=trainee, course_key=course_key)

    assert first.outcome == services.EnrolmentOutcome.CREATED
    assert second.outcome == services.EnrolmentOutcome.ALREADY_ENROLLED
    assert Enrolment.objects.filter(user=trainee).count() == 1
    assert [
        event.type
        for event in course_events()
        if event.payload.get("user_id") == str(trainee.public_id)
    ] == ["courses.enrolment.created.v1"]


def test_a_missing_prerequisite_refuses_enrolment_with_the_missing_courses(client, trainee):
    advanced = make_course("advanced-practice")
    CoursePrerequisite.objects.create(course=advanced, prerequisite=seeded_course())
    client.force_login(trainee)

    response = client.post(enrol_url(advanced), follow=True)

    assert not Enrolment.objects.filter(user=trainee, course_key=advanced.translation_key).exists()
    (message,) = messages_of(response)
    assert message == (
        "You cannot enrol in this course yet. Complete these courses first: "
        f"{seeded_course().title}."
    )
    page = BeautifulSoup(response.content, "html.parser")
    prerequisites = page.find("section", attrs={"aria-labelledby": "prerequisites-title"})
    assert prerequisites.find(class_="badge").get_text(strip=True) == "Not completed yet"


def test_the_refusal_names_the_missing_courses_in_the_readers_language(trainee):
    advanced = make_course("advanced-practice")
    CoursePrerequisite.objects.create(course=advanced, prerequisite=seeded_course("en"))
    from django.utils import translation

    with translation.override("id"), pytest.raises(services.PrerequisitesMissing) as refusal:
        services.enrolment_create(user=trainee, course_key=advanced.translation_key)

    assert [course.pk for course in refusal.value.courses] == [seeded_course("id").pk]


def test_enrolment_is_allowed_once_the_prerequisite_course_is_completed(client, trainee):
    advanced = make_course("advanced-practice")
    CoursePrerequisite.objects.create(course=advanced, prerequisite=seeded_course())
    with pytest.raises(services.PrerequisitesMissing):
        services.enrolment_create(user=trainee, course_key=advanced.translation_key)

    complete_course(trainee, seeded_course())
    client.force_login(trainee)
    response = client.post(enrol_url(advanced), follow=True)

    assert messages_of(response) == ["You are enrolled. Your progress is saved as you go."]
    assert Enrolment.objects.get(user=trainee, course_key=advanced.translation_key).is_active


def test_a_prerequisite_completed_in_another_language_counts(trainee):
    advanced = make_course("advanced-practice")
    # The prerequisite was chosen as the German version: the course is the same.
    CoursePrerequisite.objects.create(course=advanced, prerequisite=seeded_course("de"))
    complete_course(trainee, seeded_course("id"))

    result = services.enrolment_create(user=trainee, course_key=advanced.translation_key)

    assert result.outcome == services.EnrolmentOutcome.CREATED


def test_withdrawing_and_enrolling_again_keeps_progress(client, trainee):
    course = seeded_course()
    modules = seeded_modules()
    services.enrolment_create(user=trainee, course_key=course.translation_key)
    services.module_complete(user=trainee, module=modules[0])
    services.module_complete(user=trainee, module=modules[1])
    client.force_login(trainee)

    response = client.post(reverse("courses:withdraw", args=[course.translation_key]), follow=True)

    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.status == Enrolment.Status.WITHDRAWN and enrolment.withdrawn_at
    assert messages_of(response) == [
        "You withdrew from the course. Your progress is kept if you enrol again."
    ]
    page = BeautifulSoup(response.content, "html.parser")
    assert "2 of 7 modules complete" in page.find(id="enrolment").get_text(" ", strip=True)
    with pytest.raises(services.NotEnrolled):
        services.module_complete(user=trainee, module=modules[2])

    response = client.post(enrol_url(course), follow=True)

    enrolment.refresh_from_db()
    assert enrolment.is_active and enrolment.withdrawn_at is None
    assert messages_of(response) == [
        "Welcome back. You are enrolled again, and your progress was kept."
    ]
    assert ModuleCompletion.objects.filter(user=trainee).count() == 2
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("progress")["value"] == "2"
    mine = [
        event for event in course_events() if event.payload["user_id"] == str(trainee.public_id)
    ]
    assert [(event.type, event.payload.get("reactivated")) for event in mine] == [
        ("courses.enrolment.created.v1", False),
        ("courses.module.completed.v1", None),
        ("courses.module.completed.v1", None),
        ("courses.enrolment.withdrawn.v1", None),
        ("courses.enrolment.created.v1", True),
    ]
    for event in mine:
        validator_for(event.type).validate(event.payload)


def test_withdrawing_when_not_enrolled_is_refused(trainee):
    with pytest.raises(services.NotEnrolled):
        services.enrolment_withdraw(user=trainee, course_key=seeded_course().translation_key)


def test_a_completed_course_cannot_be_withdrawn_from(trainee):
    complete_course(trainee, seeded_course())

    with pytest.raises(services.CourseAlreadyCompleted):
        services.enrolment_withdraw(user=trainee, course_key=seeded_course().translation_key)


def test_an_organisation_enrols_a_member(trainee, user_factory):
    coordinator = user_factory(email="coordinator@example.org")
    organisation = Organization.objects.create(name="Harapan", slug="harapan-test")

    result = services.enrolment_create(
        user=trainee,
        course_key=seeded_course().translation_key,
        enrolled_by=coordinator,
        organization_id=organisation.pk,
    )

    assert result.enrolment.enrolled_by == coordinator
    assert result.enrolment.organization == organisation
    (event,) = course_events()[-1:]
    assert event.payload == {
        "enrolment_id": str(result.enrolment.public_id),
        "user_id": str(trainee.public_id),
        "course_id": str(seeded_course().translation_key),
        "enrolled_by_id": str(coordinator.public_id),
        "organization_id": str(organisation.public_id),
        "reactivated": False,
    }


def test_a_course_that_is_not_live_cannot_be_enrolled_in(trainee):
    course = make_course("retired")
    course.unpublish()

    with pytest.raises(services.CourseNotFound):
        services.enrolment_create(user=trainee, course_key=course.translation_key)
