"""Probe handler: counts every organisation created, optionally slowly (to kill a worker mid-batch)."""

import time

from django.utils import timezone

from lms.events import api as events

from .models import Effect, Switch


def _effect(handler: str, event: events.ReceivedEvent, started_at=None) -> None:
    Effect.objects.create(
        handler=handler,
        event_id=event.id,
        event_type=event.type,
        started_at=started_at or timezone.now(),
    )


@events.handler("organizations.organization.created.v1", name="probe.count")
def count(event: events.ReceivedEvent) -> None:
    started_at = timezone.now()
    switch = Switch.objects.filter(name="slow").first()
    if switch and switch.sleep_seconds:
        time.sleep(switch.sleep_seconds)
    _effect("probe.count", event, started_at)
