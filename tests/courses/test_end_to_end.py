"""The whole journey through the real event chain (the relay runs after commit, handlers in
Celery's eager mode): enrol, complete every module of the seeded curriculum, course completed."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from courses.models import Enrolment, HoursLedgerEntry
from lms.events.models import Event, HandlerRun
from lms.events.registry import validator_for

from .conftest import course_events, module_slugs, seeded_course, seeded_modules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def test_enrol_complete_every_module_and_the_course(
    client, trainee, django_capture_on_commit_callbacks
):
    client.force_login(trainee)
    course = seeded_course("id")
    before = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:enrol", args=[course.translation_key]))
        assert response.status_code == 302
        modules = seeded_modules("id")
        assert len(modules) == len(module_slugs()) == 7
        for module in modules:
            page = BeautifulSoup(client.get(module.url).content, "html.parser")
            action = page.find(id="module-progress").find("form")["action"]
            response = client.post(action)
            assert response.status_code == 302

    assert response["Location"] == course.url  # the last module completes the course
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.completed_at is not None
    events = [e for e in course_events() if e.pk > before]
    assert [event.type for event in events] == [
        "courses.enrolment.created.v1",
        *["courses.module.completed.v1"] * 7,
        "courses.course.completed.v1",
    ]
    for event in events:
        validator_for(event.type).validate(event.payload)
        assert event.published_at is not None  # relayed after commit
    assert [event.payload["module_id"] for event in events[1:-1]] == [
        str(module.translation_key) for module in modules
    ]
    assert not HandlerRun.objects.filter(event__in=events).exclude(
        status=HandlerRun.Status.SUCCEEDED
    )
    assert HoursLedgerEntry.objects.filter(user=trainee).count() == sum(
        module.competency_hours.count() for module in seeded_modules("en")
    )

    course_page = BeautifulSoup(client.get(course.url).content, "html.parser")
    assert course_page.find("progress")["value"] == "7"
    assert course_page.find(id="enrolment").find(class_="badge--ok")
    assert seeded_course("en").translation_key == enrolment.course_key
