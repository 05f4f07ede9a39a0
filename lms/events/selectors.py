"""Reads of the event spine: outbox lag and failed handler runs, for operators and /readyz."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone

from .models import Event, HandlerRun


@dataclass(frozen=True)
class OutboxStatus:
    unpublished: int
    oldest_unpublished_at: datetime | None
    lag_seconds: float
    pending_runs: int
    failed_runs: int


def outbox_status() -> OutboxStatus:
    events = Event.objects.filter(published_at__isnull=True).aggregate(
        count=Count("pk"), oldest=Min("occurred_at")
    )
    runs = HandlerRun.objects.aggregate(
        pending=Count("pk", filter=Q(status=HandlerRun.Status.PENDING)),
        failed=Count("pk", filter=Q(status=HandlerRun.Status.FAILED)),
    )
    oldest = events["oldest"]
    lag = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return OutboxStatus(
        unpublished=events["count"],
        oldest_unpublished_at=oldest,
        lag_seconds=max(lag, 0.0),
        pending_runs=runs["pending"],
        failed_runs=runs["failed"],
    )


def failed_runs(*, limit: int = 100) -> list[HandlerRun]:
    return list(
        HandlerRun.objects.filter(status=HandlerRun.Status.FAILED)
        .select_related("event")
        .order_by("-finished_at")[:limit]
    )
