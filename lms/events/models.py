"""The outbox and the record of every handler run.

`Event` rows are written in the same transaction as the state change they describe; `HandlerRun`
rows are the processed-event record that makes handlers idempotent, and the place an operator sees
failures and retries them. Payloads carry ids and facts, never personal data beyond ids.

Below them, the webhooks to partners: endpoints, the organisations' event feed, deliveries and
their attempts.
"""

import uuid

from django.conf import settings
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


# Webhooks to partners ------------------------------------------------------------------------
# An organisation's feed of webhook events (what it may see of the domain events), its webhook
# endpoints, and one row per delivery of a feed event to an endpoint and per HTTP attempt
# (Saleor/Sentry style: the task that sends takes the delivery's id). See lms/events/webhooks/.


class WebhookEndpoint(models.Model):
    """A partner organisation's URL that receives signed webhooks (Standard Webhooks 1.0).

    The signing secrets are stored encrypted (webhooks.crypto); the current one is shown once,
    when created or rotated. During a rotation the previous secret keeps signing, next to the
    new one, until `previous_secret_expires_at`. Holds no personal data beyond its creator.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISABLED = "disabled", _("Disabled")

    class DisabledReason(models.TextChoices):
        GONE = "gone", _("The endpoint answered 410 Gone")
        FAILING = "failing", _("Deliveries kept failing")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("URL"), max_length=2000)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Webhook types (e.g. "credential.revoked"); empty means every type.
    event_types = models.JSONField(_("event types"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    disabled_reason = models.CharField(
        _("disabled because"), max_length=10, choices=DisabledReason.choices, blank=True
    )
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    secret_encrypted = models.TextField(editable=False)
    previous_secret_encrypted = models.TextField(editable=False, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Deliveries that ended failed since the last success, and when the failing began.
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # The public prefix of the API key that created it (recognisable, never the key).
    created_with_key = models.CharField(_("created with API key"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["organization", "status"], name="events_whendpoint_org"),
        ]

    def __str__(self) -> str:
        return f"{self.url} ({self.organization_id}, {self.status})"

    def subscribes_to(self, webhook_type: str) -> bool:
        return not self.event_types or webhook_type in self.event_types


class OrganizationEventCounter(models.Model):
    """The last feed position given out in an organisation. Taking the next one locks this row
    until the transaction commits, so an organisation's feed positions commit in order: a
    partner reading the feed after position N never misses an event committed later below N."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_sequence = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("organisation event counter")
        verbose_name_plural = _("organisation event counters")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.last_sequence}"


class OrganizationEvent(models.Model):
    """One webhook event as an organisation sees it: the event feed, and what is delivered.

    `event_id` is the domain event's id (the Standard Webhooks `webhook-id`); `data` carries ids
    and facts only (members by their public id). `scope` says which consent it depends on;
    `withdrawn_at` is set when the member stops sharing that scope (the feed leaves it out).
    """

    class Scope(models.TextChoices):
        CREDENTIALS = "credentials", _("Credentials")
        PROGRESS = "progress", _("Progress")
        MEMBERSHIP = "membership", _("Membership")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="webhook_events"
    )
    sequence = models.PositiveBigIntegerField(_("position in the feed"))
    event_id = models.UUIDField(_("event id"))
    type = models.CharField(_("type"), max_length=60)
    # Deliveries to an endpoint keep the order of the domain events with the same subject.
    subject_key = models.CharField(_("subject"), max_length=80)
    source_position = models.PositiveBigIntegerField(_("outbox position"))
    member_id = models.UUIDField(_("member"), null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    data = models.JSONField(_("data"))
    occurred_at = models.DateTimeField(_("occurred at"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation event")
        verbose_name_plural = _("organisation events")
        ordering = ["organization", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event_id"], name="events_orgevent_unique_event"
            ),
            models.UniqueConstraint(
                fields=["organization", "sequence"], name="events_orgevent_unique_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "member_id"], name="events_orgevent_member"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id} for {self.organization_id}"


class WebhookDelivery(models.Model):
    """The delivery of one organisation event to one endpoint, until it succeeds or gives up.

    `next_attempt_at` is when it is due (a running attempt holds it a little in the future);
    `dispatched_at` when a task was last sent for it, so that a lost task message is sent again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    organization_event = models.ForeignKey(
        OrganizationEvent, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Copied from the organisation event: the ordering check is one indexed query.
    subject_key = models.CharField(_("subject"), max_length=80)
    source_position = models.PositiveBigIntegerField(_("outbox position"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last status code"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "organization_event"], name="events_whdelivery_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="events_whdelivery_due",
            ),
            models.Index(
                fields=["endpoint", "subject_key", "source_position"],
                condition=Q(status="pending"),
                name="events_whdelivery_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_event_id} to {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: when, how long, what came back (at most 1 KB of it)."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    response_excerpt = models.TextField(_("response excerpt"), blank=True)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["delivery", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.at} ({self.status_code or self.error})"
