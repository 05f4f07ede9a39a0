"""The outbox page in the Wagtail admin."""

import pytest

from lms.events import registry
from lms.events.models import HandlerRun
from lms.organizations.services import organization_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_run(django_capture_on_commit_callbacks):
    state = {"broken": True}

    def sometimes(event):
        if state["broken"]:
            raise RuntimeError("bug in the handler")

    registry.register_handler("organizations.organization.created.v1", sometimes, name="t.fail")
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Admin view")
    yield HandlerRun.objects.get(handler="t.fail"), state
    registry.unregister_handler("t.fail")


def test_superuser_sees_lag_and_failed_runs_and_retries_one(client, user_factory, failing_run):
    run, state = failing_run
    admin = user_factory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/events/outbox/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "t.fail" in html and "bug in the handler" in html
    assert f"/admin/events/runs/{run.pk}/retry/" in html

    state["broken"] = False
    response = client.post(f"/admin/events/runs/{run.pk}/retry/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == HandlerRun.Status.SUCCEEDED


def test_retry_is_post_only_and_for_superusers(client, user_factory, failing_run):
    run, _ = failing_run
    editor = user_factory(email="editor@example.org", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message.
    denied = client.get("/admin/events/outbox/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    denied = client.post(f"/admin/events/runs/{run.pk}/retry/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    run.refresh_from_db()
    assert run.status == HandlerRun.Status.FAILED

    admin = user_factory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(f"/admin/events/runs/{run.pk}/retry/").status_code == 405
