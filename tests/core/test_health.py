"""/healthz and /readyz."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.events.models import Event

pytestmark = pytest.mark.django_db


def test_healthz_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"] == {"ok": True, "mode": "eager"}
    assert body["checks"]["outbox"]["lag_seconds"] == 0


def test_readyz_fails_when_the_outbox_lags(client, settings):
    Event.objects.create(
        type="organizations.organization.created.v1",
        payload={},
        occurred_at=timezone.now()
        - timedelta(seconds=settings.EVENTS["READY_MAX_LAG_SECONDS"] + 5),
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["outbox"]["ok"] is False
    assert body["checks"]["outbox"]["unpublished"] == 1


def test_readyz_fails_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from lms.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_health_endpoints_refuse_other_methods(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
