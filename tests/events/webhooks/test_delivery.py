"""Sending webhooks to a real receiver on 127.0.0.1: signatures, retries, 410, disabling,
ordering, and the beat task that sends what is due."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from standardwebhooks import Webhook

from lms.events.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from lms.events.webhooks import services

from .conftest import Credential, make_endpoint

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


def make_due() -> None:
    """Move every pending delivery's next attempt to now (the clock, moved on)."""
    WebhookDelivery.objects.filter(status=Status.PENDING).update(
        next_attempt_at=timezone.now(), dispatched_at=None
    )


def run_due(on_commit) -> int:
    make_due()
    with on_commit():
        return services.deliveries_dispatch_due()


def test_a_webhook_is_signed_as_standard_webhooks_says_and_verifies(
    holder, organization, receiver, on_commit
):
    created = make_endpoint(organization, receiver.url(), receiver=receiver)
    credential = Credential(holder)

    with on_commit():
        credential.issue()

    (request,) = receiver.requests
    assert created.secret.startswith("whsec_")
    assert request.verified_by == [created.secret]
    delivery = WebhookDelivery.objects.select_related("organization_event").get()
    assert request.webhook_id == str(delivery.organization_event.event_id)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("Sebaya-Webhooks/")
    payload = Webhook(created.secret).verify(request.body, request.headers)
    assert payload["type"] == "credential.issued"
    assert payload["timestamp"].endswith("Z")
    assert payload["data"]["credential_id"] == str(credential.id)
    assert payload["data"]["member_id"] == str(holder.public_id)
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempts == 1
    attempt = WebhookAttempt.objects.get()
    assert (attempt.status_code, attempt.response_excerpt) == (200, "ok")


def test_during_a_secret_rotation_both_secrets_sign_each_on_its_own(
    holder, organization, receiver, on_commit
):
    old = make_endpoint(organization, receiver.url(), receiver=receiver)
    new = services.endpoint_rotate_secret(endpoint=old.endpoint)
    receiver.secrets.append(new.secret)
    credential = Credential(holder)

    with on_commit():
        credential.issue()
    first = receiver.requests[-1]
    assert sorted(first.verified_by) == sorted([old.secret, new.secret])
    assert len(first.headers["webhook-signature"].split(" ")) == 2

    # After the overlap only the new secret signs.
    WebhookEndpoint.objects.update(previous_secret_expires_at=timezone.now() - timedelta(1))
    with on_commit():
        credential.revoke()
    assert receiver.requests[-1].verified_by == [new.secret]


def test_failures_are_retried_with_the_same_webhook_id_until_one_succeeds(
    holder, organization, receiver, on_commit
):
    make_endpoint(organization, receiver.url(), receiver=receiver)
    receiver.respond(503)
    with on_commit():
        Credential(holder).issue()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    assert delivery.last_status_code == 503
    # The first retry is due within the first step of the schedule (5 s, jittered).
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 1 <= wait <= 5.5

    receiver.respond(500, body=b"x" * 5000)
    run_due(on_commit)
    receiver.respond(204, body=b"")
    run_due(on_commit)

    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempts == 3
    assert len({r.webhook_id for r in receiver.requests}) == 1
    excerpts = list(
        WebhookAttempt.objects.order_by("pk").values_list("response_excerpt", flat=True)
    )
    assert [len(e) for e in excerpts] == [2, 1024, 0]  # "ok", capped at 1 KB, nothing


@override_settings(SEBAYA_WEBHOOKS_READ_TIMEOUT=0.3)
def test_a_receiver_that_does_not_answer_in_time_is_retried(
    holder, organization, receiver, on_commit
):
    make_endpoint(organization, receiver.url(), receiver=receiver)
    receiver.delay(2)
    with on_commit():
        Credential(holder).issue()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    assert delivery.last_error.startswith("Timed out")
    assert delivery.last_status_code is None
    assert WebhookAttempt.objects.get().duration_ms < 2000


def test_redirects_are_not_followed(holder, organization, receiver, on_commit):
    make_endpoint(organization, receiver.url(), receiver=receiver)
    receiver.behave(
        lambda r: (
            (302, {"location": receiver.url("/elsewhere")}, b"")
            if r.path == "/hooks"
            else (200, {}, b"followed")
        )
    )
    with on_commit():
        Credential(holder).issue()
    assert [r.path for r in receiver.requests] == ["/hooks"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING
    assert delivery.last_status_code == 302
    assert "Redirects are not followed" in delivery.last_error


def test_retry_after_is_honoured(holder, organization, receiver, on_commit):
    make_endpoint(organization, receiver.url(), receiver=receiver)
    receiver.respond(429, headers={"retry-after": "600"})
    with on_commit():
        Credential(holder).issue()
    wait = (WebhookDelivery.objects.get().next_attempt_at - timezone.now()).total_seconds()
    assert 590 <= wait <= 600


def test_410_gone_disables_the_endpoint_cancels_what_is_pending_and_tells_the_coordinators(
    holder, coordinator, organization, receiver, on_commit
):
    endpoint = make_endpoint(organization, receiver.url(), receiver=receiver).endpoint
    other_credential = Credential(holder)
    receiver.respond(503)
    with on_commit():
        other_credential.issue()
    receiver.respond(410)
    with on_commit():
        Credential(holder).issue()

    endpoint.refresh_from_db()
    assert endpoint.status == WebhookEndpoint.Status.DISABLED
    assert endpoint.disabled_reason == WebhookEndpoint.DisabledReason.GONE
    assert sorted(WebhookDelivery.objects.values_list("status", flat=True)) == [
        Status.CANCELLED,
        Status.FAILED,
    ]
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert endpoint.url in message.subject
    # Nothing more is sent to it.
    with on_commit():
        Credential(holder).issue()
    assert WebhookDelivery.objects.count() == 2


@override_settings(SEBAYA_WEBHOOKS_RETRY_SCHEDULE=[1], SEBAYA_WEBHOOKS_DISABLE_AFTER_FAILURES=2)
def test_an_endpoint_failing_delivery_after_delivery_is_disabled_and_coordinators_told(
    holder, coordinator, organization, receiver, on_commit
):
    endpoint = make_endpoint(organization, receiver.url(), receiver=receiver).endpoint
    receiver.respond(500)
    with on_commit():
        Credential(holder).issue()
        Credential(holder).issue()
    run_due(on_commit)  # the second (last) attempt of each: both fail for good

    endpoint.refresh_from_db()
    assert endpoint.status == WebhookEndpoint.Status.DISABLED
    assert endpoint.disabled_reason == WebhookEndpoint.DisabledReason.FAILING
    assert endpoint.consecutive_failures == 2
    assert list(WebhookDelivery.objects.values_list("status", "attempts")) == [
        (Status.FAILED, 2),
        (Status.FAILED, 2),
    ]
    assert [m.to for m in mail.outbox] == [[coordinator.email]]

    # Enabled again, a failed delivery can be sent again on request.
    services.endpoint_enable(endpoint=endpoint)
    receiver.respond(200)
    with on_commit():
        services.delivery_redeliver(delivery=WebhookDelivery.objects.first())
    assert WebhookDelivery.objects.first().status == Status.SUCCEEDED


@override_settings(SEBAYA_WEBHOOKS_DISABLE_AFTER_DAYS=5)
def test_an_endpoint_failing_for_five_days_is_disabled(
    holder, coordinator, organization, receiver, on_commit
):
    endpoint = make_endpoint(organization, receiver.url(), receiver=receiver).endpoint
    WebhookEndpoint.objects.update(failing_since=timezone.now() - timedelta(days=5, seconds=1))
    receiver.respond(500)
    with on_commit():
        Credential(holder).issue()
    endpoint.refresh_from_db()
    assert endpoint.status == WebhookEndpoint.Status.DISABLED
    assert WebhookDelivery.objects.get().status == Status.CANCELLED
    assert len(mail.outbox) == 1


def test_deliveries_of_one_credential_arrive_in_the_order_of_its_events(
    holder, organization, receiver, on_commit
):
    make_endpoint(organization, receiver.url(), receiver=receiver)
    credential = Credential(holder)
    unrelated = Credential(holder)
    receiver.respond(503)
    with on_commit():
        credential.issue()  # fails: pending, retrying
    receiver.respond(200)
    with on_commit():
        credential.suspend()  # waits for the issue to be delivered
        unrelated.issue()  # another subject: goes at once

    types = [r.payload["type"] for r in receiver.requests if r.status == 200]
    assert types == ["credential.issued"]
    assert receiver.requests[-1].payload["data"]["credential_id"] == str(unrelated.id)
    suspended = WebhookDelivery.objects.get(organization_event__type="credential.suspended")
    assert (suspended.status, suspended.attempts) == (Status.PENDING, 0)

    run_due(on_commit)
    delivered = [
        (r.payload["type"], r.payload["data"]["credential_id"])
        for r in receiver.requests
        if r.status == 200
    ]
    assert delivered == [
        ("credential.issued", str(unrelated.id)),
        ("credential.issued", str(credential.id)),
        ("credential.suspended", str(credential.id)),
    ]


def test_beat_sends_a_due_delivery_whose_task_was_lost(holder, organization, receiver, on_commit):
    make_endpoint(organization, receiver.url(), receiver=receiver)
    receiver.respond(503)
    with on_commit():
        Credential(holder).issue()
    receiver.respond(200)
    # Sent a while ago, never run (a broker lost the message):
    WebhookDelivery.objects.update(
        next_attempt_at=timezone.now(), dispatched_at=timezone.now() - timedelta(minutes=1)
    )
    with on_commit():
        assert services.deliveries_dispatch_due() == 0  # not yet: its task may still come
    WebhookDelivery.objects.update(dispatched_at=timezone.now() - timedelta(minutes=3))
    with on_commit():
        assert services.deliveries_dispatch_due() == 1
    assert WebhookDelivery.objects.get().status == Status.SUCCEEDED


def test_a_second_task_for_a_delivery_sends_nothing(holder, organization, receiver, on_commit):
    make_endpoint(organization, receiver.url(), receiver=receiver)
    with on_commit():
        Credential(holder).issue()
    delivery = WebhookDelivery.objects.get()
    assert services.delivery_attempt(delivery_id=delivery.pk).status == "skipped"
    assert len(receiver.requests) == 1


def test_the_body_is_the_same_on_every_attempt(holder, organization, receiver, on_commit):
    make_endpoint(organization, receiver.url(), receiver=receiver)
    receiver.respond(503)
    with on_commit():
        Credential(holder).issue()
    run_due(on_commit)
    first, second = receiver.requests
    assert first.body == second.body
    assert json.loads(first.body)["type"] == "credential.issued"
