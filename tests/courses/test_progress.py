"""Progress: marking a module complete (POST, CSRF, enrolled trainees only), progress across
languages, resuming, the hours ledger, course completion with extra requirements, events."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail import hooks

from courses import api as courses_api
from courses import services
from courses.hooks import COURSE_COMPLETION_REQUIREMENTS_HOOK, CompletionRequirement
from courses.models import Enrolment, HoursLedgerEntry, ModuleCompletion
from courses.selectors import course_progress, hours_by_domain
from lms.events.registry import validator_for

from .conftest import course_events, make_course, seeded_course, seeded_modules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def complete_url(module) -> str:
    return reverse("courses:module-complete", args=[module.pk])


def enrol(user, course=None):
    return services.enrolment_create(
        user=user, course_key=(course or seeded_course()).translation_key
    )


def page_of(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def mine(user) -> list:
    return [event for event in course_events() if event.payload["user_id"] == str(user.public_id)]


def test_an_enrolled_trainee_sees_the_mark_complete_form_at_the_end_of_the_module(client, trainee):
    enrol(trainee)
    client.force_login(trainee)
    module = seeded_modules()[0]

    page = page_of(client, module.url)

    section = page.find("section", id="module-progress")
    form = section.find("form", action=complete_url(module))
    assert form["method"] == "post"
    assert form.find("button").get_text(strip=True) == "Mark this module complete"
    elements = page.find_all(True)
    assert elements.index(page.find(class_="module-body")) < elements.index(section)


def test_a_trainee_who_is_not_enrolled_gets_no_form_and_cannot_complete(client, trainee):
    client.force_login(trainee)
    module = seeded_modules()[0]

    section = page_of(client, module.url).find("section", id="module-progress")
    assert not section.find("form")
    assert section.find("a", href=f"{seeded_course().url}#enrolment")

    response = client.post(complete_url(module), follow=True)

    assert not ModuleCompletion.objects.filter(user=trainee).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "Enrol in the course first: then your progress in it is saved."
    ]
    with pytest.raises(services.NotEnrolled):
        services.module_complete(user=trainee, module=module)


def test_anonymous_readers_are_asked_to_log_in(client):
    section = page_of(client, seeded_modules()[0].url).find("section", id="module-progress")

    assert not section.find("form")
    assert section.find("a", href=lambda href: href.startswith(reverse("account_login")))


def test_mark_complete_is_post_only(client, trainee):
    enrol(trainee)
    client.force_login(trainee)

    assert client.get(complete_url(seeded_modules()[0])).status_code == 405
    assert not ModuleCompletion.objects.filter(user=trainee).exists()


def test_mark_complete_needs_the_csrf_token(trainee):
    enrol(trainee)
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    module = seeded_modules()[0]

    assert client.post(complete_url(module)).status_code == 403
    assert not ModuleCompletion.objects.filter(user=trainee).exists()

    page = BeautifulSoup(client.get(module.url).content, "html.parser")
    token = page.find("section", id="module-progress").find(
        "input", attrs={"name": "csrfmiddlewaretoken"}
    )["value"]
    assert client.post(complete_url(module), {"csrfmiddlewaretoken": token}).status_code == 302
    assert ModuleCompletion.objects.filter(user=trainee).count() == 1


def test_completing_a_module_saves_its_translation_key_and_revision(client, trainee):
    enrol(trainee)
    client.force_login(trainee)
    module = seeded_modules("id")[0]

    response = client.post(complete_url(module))

    assert response.status_code == 302
    assert response["Location"] == f"{module.url}#module-progress"
    completion = ModuleCompletion.objects.get(user=trainee)
    assert completion.module_key == module.translation_key
    assert completion.course_key == seeded_course().translation_key
    assert (completion.page_id, completion.revision_id) == (module.pk, module.live_revision_id)


def test_progress_made_in_indonesian_shows_in_german(client, trainee):
    enrol(trainee, seeded_course("id"))
    client.force_login(trainee)
    client.post(complete_url(seeded_modules("id")[0]))

    german_module = page_of(client, seeded_modules("de")[0].url)
    german_course = page_of(client, seeded_course("de").url)

    assert german_module.html["lang"] == "de"
    assert german_module.find("section", id="module-progress").find(class_="badge--ok")
    assert german_course.find("progress")["value"] == "1"
    first = german_course.select(".module-list__item")[0]
    assert first.find(class_="badge--ok").get_text(strip=True) == "Abgeschlossen"
    assert not german_course.select(".module-list__item")[1].find(class_="badge--ok")


def test_resume_goes_to_the_first_incomplete_module(client, trainee):
    enrol(trainee)
    modules = seeded_modules()
    for module in (modules[0], modules[1], modules[3]):
        services.module_complete(user=trainee, module=module)
    client.force_login(trainee)

    dashboard = page_of(client, "/en/learn/")
    course_page = page_of(client, seeded_course("de").url)

    resume = course_page.find(id="enrolment").find("a", class_="button")
    assert resume["href"] == seeded_modules("de")[2].url
    assert dashboard.find(id="next-title").find_parent("section").find("a")["href"] == (
        modules[2].url
    )


def test_a_module_with_knowledge_checks_reminds_but_still_allows_completion(client, trainee):
    enrol(trainee)
    client.force_login(trainee)
    with_checks = next(
        module
        for module in seeded_modules()
        if any(block.block_type == "knowledge_check" for block in module.body)
    )

    section = page_of(client, with_checks.url).find("section", id="module-progress")

    assert "knowledge checks. They are not graded" in section.get_text(" ", strip=True)
    assert section.find("form")
    client.post(complete_url(with_checks))
    assert ModuleCompletion.objects.filter(user=trainee, module_key=with_checks.translation_key)


def test_completing_adds_the_modules_hours_to_the_ledger_once(trainee):
    enrol(trainee)
    module = seeded_modules()[0]
    expected = {row.domain.translation_key: row.hours for row in module.competency_hours.all()}
    assert expected

    services.module_complete(user=trainee, module=module)
    services.module_complete(user=trainee, module=module)  # the same revision: nothing
    services.module_complete(user=trainee, module=seeded_modules("de")[0])  # another language
    revised = module.get_latest_revision_as_object()
    revised.save_revision().publish()
    services.module_complete(user=trainee, module=type(module).objects.get(pk=module.pk))

    ledger = HoursLedgerEntry.objects.filter(user=trainee)
    assert {row.domain_key: row.hours for row in ledger} == expected
    assert ledger.count() == len(expected)
    totals = {row.slug: row.hours for row in hours_by_domain(user_id=trainee.pk)}
    assert sum(totals.values()) == sum(expected.values())
    completed = [e for e in mine(trainee) if e.type == "courses.module.completed.v1"]
    assert [e.payload["first_completion"] for e in completed] == [True, False, False]
    assert completed[0].payload["hours"] and not completed[1].payload["hours"]


def test_the_ledger_cannot_hold_a_module_domain_twice(trainee):
    from django.db import IntegrityError, transaction

    enrol(trainee)
    services.module_complete(user=trainee, module=seeded_modules()[0])
    row = HoursLedgerEntry.objects.filter(user=trainee).first()
    row.pk = None

    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_course_completes_only_when_every_module_is_complete(trainee):
    enrol(trainee)
    modules = seeded_modules()
    for module in modules[:-1]:
        result = services.module_complete(user=trainee, module=module)
        assert not result.course_completed
    assert Enrolment.objects.get(user=trainee).completed_at is None

    result = services.module_complete(user=trainee, module=seeded_modules("de")[-1])

    assert result.course_completed
    assert Enrolment.objects.get(user=trainee).completed_at is not None
    assert courses_api.completed_course_keys(user_id=trainee.pk) == {
        seeded_course().translation_key
    }


def test_the_course_completes_only_when_every_registered_requirement_is_met(trainee):
    passed: set = set()

    def assessment(*, user_id, course_keys):
        return {
            key: CompletionRequirement(
                key="test.assessment", label="Pass the assessment", met=user_id in passed
            )
            for key in course_keys
        }

    with hooks.register_temporarily(COURSE_COMPLETION_REQUIREMENTS_HOOK, assessment):
        enrol(trainee)
        for module in seeded_modules():
            result = services.module_complete(user=trainee, module=module)
        assert not result.course_completed
        progress = course_progress(user=trainee, course_key=seeded_course().translation_key)
        assert progress.modules_complete and not progress.is_completed
        assert [r.label for r in progress.unmet_requirements] == ["Pass the assessment"]
        assert not courses_api.course_completion_evaluate(
            user_id=trainee.pk, course_key=seeded_course().translation_key
        )

        passed.add(trainee.pk)
        assert courses_api.course_completion_evaluate(
            user_id=trainee.pk, course_key=seeded_course().translation_key
        )
        assert not courses_api.course_completion_evaluate(
            user_id=trainee.pk, course_key=seeded_course().translation_key
        )

    types = [event.type for event in mine(trainee)]
    assert types.count("courses.course.completed.v1") == 1
    assert types[-1] == "courses.course.completed.v1"


def test_an_unmet_requirement_is_shown_on_the_course_page(client, trainee):
    def requirement(*, user_id, course_keys):
        return {
            key: [CompletionRequirement(key="t", label="Sign the ethics code", met=False)]
            for key in course_keys
        }

    with hooks.register_temporarily(COURSE_COMPLETION_REQUIREMENTS_HOOK, requirement):
        enrol(trainee)
        for module in seeded_modules():
            services.module_complete(user=trainee, module=module)
        client.force_login(trainee)
        box = page_of(client, seeded_course().url).find(id="enrolment")

    assert "Sign the ethics code" in box.get_text(" ", strip=True)


def test_events_have_valid_payloads_without_personal_data(trainee):
    enrol(trainee)
    module = seeded_modules("id")[0]

    services.module_complete(user=trainee, module=module)

    (created, completed) = mine(trainee)
    for event in (created, completed):
        validator_for(event.type).validate(event.payload)
        flat = str(event.payload)
        assert trainee.email not in flat and trainee.display_name not in flat
    hours = {row.domain.slug: f"{row.hours:.2f}" for row in module.competency_hours.all()}
    assert completed.payload == {
        "user_id": str(trainee.public_id),
        "course_id": str(seeded_course().translation_key),
        "module_id": str(module.translation_key),
        "page_id": module.pk,
        "revision_id": module.live_revision_id,
        "locale": "id",
        "first_completion": True,
        "hours": [{"domain": slug, "hours": value} for slug, value in sorted(hours.items())],
    }


def test_course_completion_event_reports_the_courses_hours(trainee):
    enrol(trainee)
    for module in seeded_modules():
        services.module_complete(user=trainee, module=module)

    event = mine(trainee)[-1]

    assert event.type == "courses.course.completed.v1"
    validator_for(event.type).validate(event.payload)
    reported = sum(Decimal(row["hours"]) for row in event.payload["hours"])
    assert reported == sum(row.hours for row in HoursLedgerEntry.objects.filter(user=trainee))


def test_a_module_only_in_one_language_is_still_part_of_the_course(trainee):
    course = make_course("bilingual", modules=2)
    enrol(trainee, course)
    from courses.models import ModulePage

    first, second = ModulePage.objects.child_of(course).order_by("path")
    services.module_complete(user=trainee, module=first)

    progress = course_progress(user=trainee, course_key=course.translation_key, language_code="de")

    assert (progress.done, progress.total, progress.minutes_left) == (1, 2, 10)
    assert progress.next_module.page.pk == second.pk  # no German version: the English one
