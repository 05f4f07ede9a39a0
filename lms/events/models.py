"""The outbox and the record of every handler run.

`Event` rows are written in the same transaction as the state change they describe; `HandlerRun`
rows are the processed-event record that makes handlers idempotent, and the place an operator sees
failures and retries them. Payloads carry ids and facts, never personal data beyond ids.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("type"), max_length=120, db_index=True)
    payload = models.JSONField(_("payload"))
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["occurred_at"],
                condition=Q(published_at__isnull=True),
                name="events_event_unpublished",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class HandlerRun(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    handler = models.CharField(_("handler"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When the run's task was last sent to the broker (or is due to be, after a backoff).
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("handler run")
        verbose_name_plural = _("handler runs")
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="events_handlerrun_unique"),
        ]
        indexes = [
            models.Index(
                fields=["dispatched_at"],
                condition=Q(status="pending"),
                name="events_handlerrun_pending",
            ),
            models.Index(fields=["status", "finished_at"], name="events_handlerrun_status"),
        ]

    def __str__(self) -> str:
        return f"{self.handler} for {self.event_id} ({self.status})"
