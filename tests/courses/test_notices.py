"""Content changes: a material revision of a module creates a notice for every trainee who
completed it (in any language), once; the dashboard shows it with a link and a dismiss button;
completions stand."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from courses import services
from courses.handlers import notify_trainees_of_material_module_change
from courses.models import ContentChangeNotice, ModuleCompletion, ModulePage
from lms.events.models import Event, HandlerRun
from lms.events.registry import ReceivedEvent

from .conftest import seeded_course, seeded_modules

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

DASHBOARD = "/en/learn/"


def publish(module: ModulePage, *, material_change: bool) -> Event:
    """Publish a new revision of `module` (as an editor would), flagged or not."""
    draft = ModulePage.objects.get(pk=module.pk).get_latest_revision_as_object()
    draft.material_change = material_change
    draft.save_revision().publish()
    return Event.objects.filter(type="cms.page.published.v1").latest("pk")


@pytest.fixture
def completed_first_module(trainee, other_trainee, user_factory):
    """`trainee` completed module 1 (in Indonesian); `other_trainee` only module 2; a third
    trainee is enrolled and completed nothing."""
    course_key = seeded_course().translation_key
    idle = user_factory(email="idle@example.org")
    for user in (trainee, other_trainee, idle):
        services.enrolment_create(user=user, course_key=course_key)
    services.module_complete(user=trainee, module=seeded_modules("id")[0])
    services.module_complete(user=other_trainee, module=seeded_modules()[1])
    return idle


def notices(user) -> list[ContentChangeNotice]:
    return list(ContentChangeNotice.objects.filter(user=user))


def test_a_material_change_notifies_only_the_trainees_who_completed_the_module(
    trainee, other_trainee, completed_first_module, django_capture_on_commit_callbacks
):
    module = seeded_modules("de")[0]  # revised in German; completed in Indonesian

    with django_capture_on_commit_callbacks(execute=True):
        event = publish(module, material_change=True)

    (notice,) = notices(trainee)
    assert notice.module_key == module.translation_key
    assert notice.revision_id == event.payload["revision_id"]
    assert notices(other_trainee) == [] and notices(completed_first_module) == []
    assert (
        HandlerRun.objects.get(
            event=event, handler__endswith="notify_trainees_of_material_module_change"
        ).status
        == HandlerRun.Status.SUCCEEDED
    )
    assert ModuleCompletion.objects.filter(user=trainee, module_key=module.translation_key)


def test_a_change_that_is_not_material_notifies_nobody(
    trainee, completed_first_module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(seeded_modules()[0], material_change=False)

    assert not ContentChangeNotice.objects.exists()


def test_the_notice_is_recorded_once_however_often_the_event_arrives(
    trainee, completed_first_module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = publish(seeded_modules()[0], material_change=True)
    received = ReceivedEvent(
        id=str(event.event_id),
        type=event.type,
        occurred_at=event.occurred_at.isoformat(),
        payload=event.payload,
    )

    notify_trainees_of_material_module_change(received)
    notify_trainees_of_material_module_change(received)

    assert len(notices(trainee)) == 1


def test_trainees_who_complete_the_module_after_the_change_are_not_notified(
    trainee, other_trainee, completed_first_module, django_capture_on_commit_callbacks
):
    module = seeded_modules()[1]
    event = publish(module, material_change=True)
    services.module_complete(user=trainee, module=ModulePage.objects.get(pk=module.pk))

    notify_trainees_of_material_module_change(
        ReceivedEvent(
            id=str(event.event_id),
            type=event.type,
            occurred_at=event.occurred_at.isoformat(),
            payload=event.payload,
        )
    )

    assert notices(trainee) == []
    assert [notice.user for notice in notices(other_trainee)] == [other_trainee]


def test_the_dashboard_shows_the_notice_with_a_link_and_a_dismiss_button(
    client, trainee, completed_first_module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(seeded_modules()[0], material_change=True)
    client.force_login(trainee)
    module = seeded_modules()[0]

    page = BeautifulSoup(client.get(DASHBOARD).content, "html.parser")

    section = page.find(id="notices-title").find_parent("section")
    item = section.find("li")
    assert item.find("p").get_text(" ", strip=True) == (
        f"Module {module.title} was updated since you completed it."
    )
    assert item.find("a")["href"] == module.url
    notice = ContentChangeNotice.objects.get(user=trainee)
    form = item.find("form")
    assert form["method"] == "post"
    assert form["action"] == reverse("courses:notice-dismiss", args=[notice.pk])
    # The completion stands: the course still counts the module.
    assert page.find("progress")["value"] == "1"


def test_dismissing_removes_the_notice_and_keeps_the_completion(
    trainee, other_trainee, completed_first_module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(seeded_modules()[0], material_change=True)
        publish(seeded_modules()[0], material_change=True)
    _first, second = ContentChangeNotice.objects.filter(user=trainee).order_by("pk")
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_trainee)
    assert client.post(reverse("courses:notice-dismiss", args=[second.pk])).status_code == 403
    client.force_login(trainee)
    assert client.get(reverse("courses:notice-dismiss", args=[second.pk])).status_code == 405

    client = Client()
    client.force_login(other_trainee)
    assert client.post(reverse("courses:notice-dismiss", args=[second.pk])).status_code == 404
    client.force_login(trainee)
    response = client.post(reverse("courses:notice-dismiss", args=[second.pk]), follow=True)

    assert response.redirect_chain[-1][0] == DASHBOARD
    assert not ContentChangeNotice.objects.filter(user=trainee, dismissed_at__isnull=True)
    page = BeautifulSoup(response.content, "html.parser")
    assert not page.find(id="notices-title")
    assert ModuleCompletion.objects.filter(user=trainee).count() == 1


def test_the_module_page_offers_to_complete_the_updated_module_again(
    client, trainee, completed_first_module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(seeded_modules()[0], material_change=True)
    client.force_login(trainee)
    module = seeded_modules()[0]

    section = BeautifulSoup(client.get(module.url).content, "html.parser").find(
        id="module-progress"
    )
    assert "was updated since you completed it" in section.get_text(" ", strip=True)
    client.post(reverse("courses:module-complete", args=[module.pk]))

    completion = ModuleCompletion.objects.get(user=trainee)
    assert completion.revision_id == module.live_revision_id
    assert not ContentChangeNotice.objects.filter(user=trainee, dismissed_at__isnull=True)
