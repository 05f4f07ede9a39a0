"""The editorial workflow: Editors write, Clinical reviewers approve, and publishing is an event."""

import pytest
from django.urls import reverse
from wagtail.log_actions import LogContext
from wagtail.models import Workflow, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms.api import clinical_review_attach
from cms.models import StandardPage
from lms.events.models import Event

PUBLISHED = "cms.page.published.v1"


@pytest.fixture
def draft(site_frame, editor):
    page = StandardPage(title="Grief", slug="grief", intro="Supporting someone who grieves.")
    site_frame["en"].add_child(instance=page)
    page.save_revision(user=editor)
    page.unpublish()
    return StandardPage.objects.get(pk=page.pk)


def _edit_form(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    data.setdefault("body-count", "0")  # the StreamField's inputs are built by JavaScript
    return data


def test_the_clinical_review_workflow_covers_the_site(site_frame):
    workflow = Workflow.objects.get(name="Clinical review")
    assert [task.specific.groups.get().name for task in workflow.tasks] == ["Clinical reviewers"]
    for home in site_frame.values():
        assert home.get_workflow() == workflow


def test_clinical_review_attach_is_idempotent_and_covers_every_translation(site_frame):
    workflow = clinical_review_attach(site_frame["de"])
    clinical_review_attach(site_frame["de"])
    for home in site_frame.values():
        assert WorkflowPage.objects.get(page=home).workflow == workflow


def test_an_editor_cannot_publish(client, draft, editor):
    assert not draft.permissions_for_user(editor).can_publish()
    client.force_login(editor)
    data = _edit_form(client, draft)
    data["action-publish"] = "action-publish"
    client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert not draft.live
    assert not Event.objects.filter(type=PUBLISHED, payload__page_id=draft.pk).exists()


def test_only_clinical_reviewers_and_administrators_may_publish(draft, user_factory):
    from django.contrib.auth.models import Group

    moderator = user_factory(email="moderator@example.org", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    reviewer = user_factory(email="reviewer2@example.org", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Clinical reviewers"))
    assert not draft.permissions_for_user(moderator).can_publish()  # Wagtail's default group
    assert draft.permissions_for_user(reviewer).can_publish()


def test_submitting_moves_to_clinical_review_and_a_reviewer_approves_it_live(
    client, draft, editor, reviewer
):
    client.force_login(editor)
    data = _edit_form(client, draft)
    data["action-submit"] = "action-submit"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[draft.pk]), data)
    assert response.status_code == 302, response.content[:2000]

    draft.refresh_from_db()
    assert not draft.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Clinical review"
    assert not Event.objects.filter(type=PUBLISHED, payload__page_id=draft.pk).exists()

    client.force_login(reviewer)
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[draft.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(approve, {"comment": "Checked against the crisis guidance."})
    assert response.status_code in (200, 302)

    draft.refresh_from_db()
    assert draft.live
    event = Event.objects.get(type=PUBLISHED, payload__page_id=draft.pk)
    assert event.payload["published_by_id"] == str(reviewer.public_id)


def test_an_editor_cannot_approve(client, draft, editor):
    draft.get_workflow().start(draft, editor)
    state = WorkflowState.objects.get(object_id=str(draft.pk))
    client.force_login(editor)
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[draft.pk, "approve", state.current_task_state.pk],
    )
    client.post(approve, {"comment": ""})
    draft.refresh_from_db()
    assert not draft.live


def test_publishing_records_the_event_with_its_facts(site_frame, user_factory):
    admin = user_factory(email="admin@example.org", is_superuser=True, is_staff=True)
    page = StandardPage(title="Hope", slug="hope")
    site_frame["de"].add_child(instance=page)
    revision = page.save_revision(user=admin)
    with LogContext(user=admin):
        revision.publish(user=admin)

    event = Event.objects.filter(type=PUBLISHED, payload__page_id=page.pk).get()
    assert event.payload == {
        "page_id": page.pk,
        "page_type": "cms.standardpage",
        "locale": "de",
        "revision_id": revision.pk,
        "translation_key": str(page.translation_key),
        "material_change": False,
        "published_by_id": str(admin.public_id),
    }


def test_a_script_publication_has_no_publisher(site_frame):
    page = StandardPage(title="Hope", slug="hope")
    site_frame["en"].add_child(instance=page)
    page.save_revision().publish()
    event = Event.objects.get(type=PUBLISHED, payload__page_id=page.pk)
    assert event.payload["published_by_id"] is None


@pytest.mark.django_db(transaction=True)
def test_publishing_outside_a_transaction_still_records_the_event():
    from cms.demo import seed_site

    seed_site()
    page = StandardPage.objects.get(slug="about", locale__language_code="en")
    revision = page.save_revision()
    revision.publish()
    assert Event.objects.filter(type=PUBLISHED, payload__revision_id=revision.pk).exists()
