"""Webhooks end to end: the credential services record events, a real worker fans them out and
delivers them, real beat retries them. The partner's receiver is down while the events happen
(first nothing listens, then it answers 503), the broker restarts empty meanwhile; once the
receiver is up every event arrives, signed, once per webhook-id, and in order for each
credential."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

import pytest
from django.db.models import Count
from wagtail.models import Locale

from certification.credentials import services as credentials
from lms.events.models import OrganizationEvent, WebhookDelivery
from lms.events.webhooks import services as webhooks
from lms.organizations.models import Membership, Organization
from tests.events.webhooks.receiver import Receiver

from . import harness

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CREDENTIALS = 3
LIFECYCLE = [
    "credential.issued",
    "credential.suspended",
    "credential.reinstated",
    "credential.revoked",
]
EVENTS = CREDENTIALS * len(LIFECYCLE)
TIMEOUT = 120

# Short enough for the test: beat sends due deliveries every second, retries come within a
# second, thirty of them before a delivery would give up.
WEBHOOK_TIMINGS = {
    "SEBAYA_WEBHOOKS_DUE_SECONDS": "1",
    "SEBAYA_WEBHOOKS_RETRY_SCHEDULE": ",".join(["1"] * 30),
    "SEBAYA_WEBHOOKS_ORDER_RECHECK_SECONDS": "0.5",
    "SEBAYA_WEBHOOKS_REDISPATCH_AFTER_SECONDS": "5",
    "SEBAYA_WEBHOOKS_DISABLE_AFTER_FAILURES": "1000",
    "SEBAYA_WEBHOOKS_CONNECT_TIMEOUT": "1",
    "SEBAYA_WEBHOOKS_READ_TIMEOUT": "2",
}


def summary() -> dict:
    return {
        "feed": OrganizationEvent.objects.count(),
        "deliveries": dict(
            WebhookDelivery.objects.values_list("status").annotate(n=Count("pk")).order_by()
        ),
    }


def test_every_credential_event_reaches_a_partner_that_was_down_once_and_in_order(
    user_factory, throwaway_redis, celery_processes, relay_broker
):
    from tests.certification.credential_fixtures import make_programme

    broker = throwaway_redis.url()
    relay_broker(broker)
    # Supervised, as in production: a worker may exit when Redis goes away (see test_events.py).
    celery_processes.start(broker, env=WEBHOOK_TIMINGS, supervise=True)

    Locale.objects.get_or_create(language_code="en")
    programme = make_programme(ethics=False, domain_hours=())
    organization = Organization.objects.create(name="Harbour Peers", slug="harbour-peers")
    elsewhere = Organization.objects.create(name="Not Shared With", slug="not-shared")
    admin = user_factory(email="admin@example.org")
    port = harness.free_port()
    created = webhooks.endpoint_create(
        organization_id=organization.pk, url=f"http://127.0.0.1:{port}/hooks"
    )
    webhooks.endpoint_create(organization_id=elsewhere.pk, url=f"http://127.0.0.1:{port}/other")
    holders = []
    for n in range(CREDENTIALS):
        holder = user_factory(email=f"holder{n}@example.org")
        Membership.objects.create(organization=organization, user=holder, shares_credentials=True)
        Membership.objects.create(organization=elsewhere, user=holder, shares_credentials=False)
        holders.append(holder)

    # The partner is down (nothing listens on the port) while every event happens.
    issued = [
        credentials._issue(holder=holder, programme=programme, origin="earned")
        for holder in holders
    ]
    for credential in issued:
        credentials.credential_suspend(
            credential=credential, actor=admin, until=None, reason_code="review", note="Check."
        )
    for credential in issued:
        credentials.credential_reinstate(credential=credential, actor=admin, note="Cleared.")
    for credential in issued:
        credentials.credential_revoke(
            credential=credential, actor=admin, reason_code="other", note="Ended."
        )

    def first_attempts_failed() -> bool:
        celery_processes.check_running()
        return (
            OrganizationEvent.objects.count() == EVENTS
            and WebhookDelivery.objects.filter(attempts__gte=1)
            .values("subject_key")
            .distinct()
            .count()
            == CREDENTIALS
        )

    harness.wait_until(
        first_attempts_failed,
        timeout=TIMEOUT,
        interval=0.2,
        message=lambda: f"every event fanned out and tried; now {summary()}",
    )
    assert not WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).exists()

    # The broker goes down too, and comes back empty: the queued delivery tasks are lost.
    throwaway_redis.stop()
    throwaway_redis.start()

    with Receiver(created.secret, port=port) as receiver:
        # Up, but answering 503 to the first few requests: still down, for the partner.
        answers = iter([503] * 4)
        lock = threading.Lock()

        def starting_up(received):
            with lock:
                status = next(answers, 200)
            return status, {}, b"starting" if status == 503 else b"ok"

        receiver.behave(starting_up)

        def all_delivered() -> bool:
            celery_processes.check_running()
            return (
                WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCEEDED).count()
                == EVENTS
            )

        harness.wait_until(
            all_delivered,
            timeout=TIMEOUT,
            interval=0.2,
            message=lambda: f"all {EVENTS} delivered; now {summary()}",
        )
        celery_processes.stop_all()  # nothing may arrive after the counts below
        requests = list(receiver.requests)

    assert summary() == {"feed": EVENTS, "deliveries": {"succeeded": EVENTS}}
    assert all(r.verified for r in requests), "every request verifies with the endpoint secret"
    assert {r.path for r in requests} == {"/hooks"}  # nothing for the organisation not shared with
    answered = [r for r in requests if r.status == 200]
    per_id = Counter(r.webhook_id for r in answered)
    assert len(per_id) == EVENTS
    assert [n for n in per_id.values() if n > 1] == [], "a webhook-id was delivered twice"
    assert sum(r.status == 503 for r in requests) == 4

    by_credential = defaultdict(list)
    for request in answered:
        by_credential[request.payload["data"]["credential_id"]].append(request.payload["type"])
    assert by_credential == {str(c.public_id): LIFECYCLE for c in issued}
