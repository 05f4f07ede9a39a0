"""Writes of the webhooks: endpoints, the fan-out of domain events, and deliveries.

Delivery, in short (every step is a row; remote calls happen outside any transaction):

1. A domain event's handler (lms/events/handlers.py) calls `webhook_event_record`: one
   OrganizationEvent per receiving organisation (the feed) and one pending WebhookDelivery per
   active endpoint subscribed to the type, in the handler's transaction; after commit a
   `deliver_webhook` task is sent per delivery.
2. `delivery_attempt` claims a due delivery (holding it for the request's duration, so a second
   task for it does nothing), checks again that it may be sent (the endpoint is active, the
   member still shares, no earlier delivery of the same subject to the endpoint is pending),
   POSTs it, and records the attempt and the outcome:
   2xx succeeded; 410 the endpoint is disabled ("gone") and its pending deliveries cancelled;
   anything else is retried on SEBAYA_WEBHOOKS_RETRY_SCHEDULE (with jitter, never sooner than
   Retry-After) and fails after the last step. After SEBAYA_WEBHOOKS_DISABLE_AFTER_FAILURES
   deliveries in a row failed, or SEBAYA_WEBHOOKS_DISABLE_AFTER_DAYS of nothing but failures,
   the endpoint is disabled; either way its coordinators are e-mailed.
3. Beat runs `deliveries_dispatch_due` every few seconds: it sends every due delivery whose task
   was not sent, or was sent long enough ago to have been lost. So a broker, worker or partner
   outage delays webhooks but loses none.

Delivery is at least once: a partner de-duplicates by `webhook-id` (the domain event's id).
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lms.organizations import api as organizations

from ..models import (
    Event,
    HandlerRun,
    OrganizationEvent,
    OrganizationEventCounter,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from ..registry import ReceivedEvent
from . import crypto, http, mapping, ssrf

logger = logging.getLogger(__name__)

Delivery = WebhookDelivery.Status
Endpoint = WebhookEndpoint.Status

# The handler names (lms/events/handlers.py) under which the fan-out is subscribed.
HANDLER_PREFIX = "lms.events.webhooks:"


def handler_name(domain_type: str) -> str:
    return f"{HANDLER_PREFIX}{domain_type}"


class WebhookError(Exception):
    """A request the rules refuse. `slug` names the problem type for the API; the message is
    written for the partner."""

    slug = "webhook-error"

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class InvalidEndpoint(WebhookError):
    slug = "invalid-webhook-endpoint"


class EndpointDisabled(WebhookError):
    slug = "webhook-endpoint-disabled"


# Endpoints ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EndpointWithSecret:
    """An endpoint and its new signing secret (returned once: stored only encrypted)."""

    endpoint: WebhookEndpoint
    secret: str


def _checked_url(url: str) -> str:
    try:
        ssrf.check_url(url)
    except ssrf.UnsafeUrl as exc:
        raise InvalidEndpoint(str(exc)) from None
    return url.strip()


def _checked_types(event_types: list[str]) -> list[str]:
    known = set(mapping.webhook_type_names())
    unknown = sorted(set(event_types) - known)
    if unknown:
        raise InvalidEndpoint(
            f"Unknown event type(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
        )
    return sorted(set(event_types))


def endpoint_create(
    *,
    organization_id: int,
    url: str,
    event_types: list[str] | None = None,
    description: str = "",
    created_by_id: int | None = None,
    created_with_key: str = "",
) -> EndpointWithSecret:
    """Register a webhook endpoint for the organisation, with a new signing secret.

    The URL must pass the SSRF checks now (https, a public address). `event_types` empty or
    None subscribes to every type. Raises InvalidEndpoint.
    """
    checked_url = _checked_url(url)
    types = _checked_types(event_types or [])
    secret = crypto.generate_secret()
    endpoint = WebhookEndpoint.objects.create(
        organization_id=organization_id,
        url=checked_url,
        description=description,
        event_types=types,
        secret_encrypted=crypto.encrypt(secret),
        created_by_id=created_by_id,
        created_with_key=created_with_key,
    )
    return EndpointWithSecret(endpoint=endpoint, secret=secret)


def endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: list[str] | None = None,
    description: str | None = None,
) -> WebhookEndpoint:
    """Change an endpoint's URL, types or description (None leaves a field as it is). Pending
    deliveries go to the new URL. Raises InvalidEndpoint."""
    fields = ["updated_at"]
    if url is not None:
        endpoint.url = _checked_url(url)
        fields.append("url")
    if event_types is not None:
        endpoint.event_types = _checked_types(event_types)
        fields.append("event_types")
    if description is not None:
        endpoint.description = description
        fields.append("description")
    endpoint.save(update_fields=fields)
    return endpoint


def endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint with its deliveries and their attempts (the feed stays)."""
    endpoint.delete()


def endpoint_rotate_secret(*, endpoint: WebhookEndpoint) -> EndpointWithSecret:
    """Give the endpoint a new signing secret. The previous one keeps signing next to it (both
    signatures in `webhook-signature`) for SEBAYA_WEBHOOKS_SECRET_OVERLAP_HOURS, so the partner
    can switch without losing a webhook."""
    secret = crypto.generate_secret()
    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        locked.previous_secret_encrypted = locked.secret_encrypted
        locked.previous_secret_expires_at = timezone.now() + timedelta(
            hours=settings.SEBAYA_WEBHOOKS_SECRET_OVERLAP_HOURS
        )
        locked.secret_encrypted = crypto.encrypt(secret)
        locked.save(
            update_fields=[
                "previous_secret_encrypted",
                "previous_secret_expires_at",
                "secret_encrypted",
                "updated_at",
            ]
        )
    return EndpointWithSecret(endpoint=locked, secret=secret)


def endpoint_enable(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Turn a disabled endpoint on again (it receives new events; earlier ones can be
    redelivered or read from the feed)."""
    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        locked.status = Endpoint.ACTIVE
        locked.disabled_reason = ""
        locked.disabled_at = None
        locked.consecutive_failures = 0
        locked.failing_since = None
        locked.save(
            update_fields=[
                "status",
                "disabled_reason",
                "disabled_at",
                "consecutive_failures",
                "failing_since",
                "updated_at",
            ]
        )
    return locked


def endpoint_secrets(endpoint: WebhookEndpoint, *, now: datetime | None = None) -> list[str]:
    """The secrets that sign now: the current one, and the previous one during a rotation."""
    now = now or timezone.now()
    secrets = [crypto.decrypt(endpoint.secret_encrypted)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_encrypted and expires is not None and expires > now:
        secrets.append(crypto.decrypt(endpoint.previous_secret_encrypted))
    return secrets


def _disable_locked(endpoint: WebhookEndpoint, *, reason: str, now: datetime) -> None:
    """Disable a locked endpoint, cancel its pending deliveries and e-mail its coordinators
    after commit."""
    endpoint.status = Endpoint.DISABLED
    endpoint.disabled_reason = reason
    endpoint.disabled_at = now
    endpoint.save(update_fields=["status", "disabled_reason", "disabled_at", "updated_at"])
    WebhookDelivery.objects.filter(endpoint=endpoint, status=Delivery.PENDING).update(
        status=Delivery.CANCELLED,
        next_attempt_at=None,
        last_error="Cancelled: the endpoint was disabled.",
    )
    endpoint_id = endpoint.pk
    transaction.on_commit(lambda: _notify_disabled(endpoint_id), robust=True)
    logger.warning("Webhook endpoint %s disabled (%s).", endpoint.public_id, reason)


def _notify_disabled(endpoint_id: int) -> None:
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        return
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    for contact in organizations.coordinator_contacts(endpoint.organization_id):
        with translation.override(contact.language or settings.LANGUAGE_CODE):
            context = {"endpoint": endpoint, "reason": endpoint.get_disabled_reason_display()}
            subject = render_to_string("events/email/webhook_disabled_subject.txt", context)
            body = render_to_string("events/email/webhook_disabled_message.txt", context)
        send_mail(
            subject=prefix + " ".join(subject.split()),
            message=body,
            from_email=None,
            recipient_list=[contact.email],
        )


# Fan-out: a domain event becomes feed entries and deliveries ----------------------------------


def _next_sequence(organization_id: int) -> int:
    """The organisation's next feed position. Locks its counter row until commit, so positions
    commit in order (see OrganizationEventCounter)."""
    counters = OrganizationEventCounter.objects.filter(pk=organization_id)
    if not counters.update(last_sequence=F("last_sequence") + 1):
        try:
            with transaction.atomic():
                OrganizationEventCounter.objects.create(
                    organization_id=organization_id, last_sequence=1
                )
            return 1
        except IntegrityError:  # created meanwhile by another transaction: take the next one
            counters.update(last_sequence=F("last_sequence") + 1)
    return counters.values_list("last_sequence", flat=True).get()


def _withdraw(*, organization_id: int, member_id: str, scopes: list[str]) -> int:
    """The member stopped sharing `scopes` with the organisation: cancel the pending deliveries
    of those events, and leave them out of the feed from now on."""
    rows = OrganizationEvent.objects.filter(
        organization_id=organization_id,
        member_id=member_id,
        scope__in=scopes,
        withdrawn_at__isnull=True,
    )
    WebhookDelivery.objects.filter(
        organization_event__in=rows.values("pk"), status=Delivery.PENDING
    ).update(
        status=Delivery.CANCELLED,
        next_attempt_at=None,
        last_error="Cancelled: the member no longer shares this with the organisation.",
    )
    return rows.update(withdrawn_at=timezone.now())


def _withdrawals(event: ReceivedEvent) -> None:
    payload = event.payload
    scopes = []
    if event.type == "organizations.member.left.v1":
        scopes = [mapping.SCOPE_CREDENTIALS, mapping.SCOPE_PROGRESS]
    elif event.type == "organizations.member.consent_changed.v1":
        if not payload["shares_credentials"]:
            scopes.append(mapping.SCOPE_CREDENTIALS)
        if not payload["shares_progress"]:
            scopes.append(mapping.SCOPE_PROGRESS)
    if not scopes:
        return
    organization = organizations.organization_by_public_id(payload["organization_id"])
    if organization is not None:
        _withdraw(organization_id=organization.id, member_id=payload["user_id"], scopes=scopes)


def member_erase(*, member_id: str) -> int:
    """The person deleted their account: delete every feed entry about them (with its
    deliveries and attempts). What partners already received is theirs. Returns the number of
    feed entries deleted."""
    _count, by_model = OrganizationEvent.objects.filter(member_id=member_id).delete()
    return by_model.get(OrganizationEvent._meta.label, 0)


def webhook_event_record(*, event: ReceivedEvent) -> list[OrganizationEvent]:
    """Turn a domain event into the feed entries of the organisations that may see it, and a
    pending delivery to each of their active endpoints subscribed to its type; the deliveries'
    tasks are sent after commit.

    Runs in the caller's transaction (the handler's). Idempotent: an organisation gets an event
    once (unique per organisation and event id), an endpoint a feed entry once.
    """
    spec = mapping.WEBHOOK_TYPES[event.type]
    _withdrawals(event)
    organization_ids = mapping.recipients(event, spec)
    if not organization_ids:
        return []
    source_position = (
        Event.objects.filter(event_id=event.id).values_list("pk", flat=True).first() or 0
    )
    occurred_at = datetime.fromisoformat(event.occurred_at)
    member_id = event.payload.get(spec.member_field)
    subject_key = spec.subject_key(event.payload)
    already = set(
        OrganizationEvent.objects.filter(
            organization_id__in=organization_ids, event_id=event.id
        ).values_list("organization_id", flat=True)
    )
    public_ids = {
        organization_id: str(info.public_id)
        for organization_id, info in organizations.organizations_by_id(organization_ids).items()
    }
    created: list[OrganizationEvent] = []
    deliveries: list[WebhookDelivery] = []
    endpoints = _subscribed_endpoints(organization_ids, spec.webhook_type)
    for organization_id in sorted(organization_ids):  # locks in one order: no deadlocks
        if organization_id in already or organization_id not in public_ids:
            continue
        row = OrganizationEvent.objects.create(
            organization_id=organization_id,
            sequence=_next_sequence(organization_id),
            event_id=event.id,
            type=spec.webhook_type,
            subject_key=subject_key,
            source_position=source_position,
            member_id=member_id,
            scope=spec.scope,
            data=spec.data(event.payload, organization_public_id=public_ids[organization_id]),
            occurred_at=occurred_at,
        )
        created.append(row)
        now = timezone.now()
        deliveries.extend(
            WebhookDelivery(
                endpoint=endpoint,
                organization_event=row,
                subject_key=subject_key,
                source_position=source_position,
                next_attempt_at=now,
            )
            for endpoint in endpoints.get(organization_id, [])
        )
    if deliveries:
        WebhookDelivery.objects.bulk_create(deliveries)
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: deliveries_dispatch(delivery_ids=ids), robust=True)
    return created


def _subscribed_endpoints(
    organization_ids: list[int], webhook_type: str
) -> dict[int, list[WebhookEndpoint]]:
    result: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in WebhookEndpoint.objects.filter(
        organization_id__in=organization_ids, status=Endpoint.ACTIVE
    ).order_by("pk"):
        if endpoint.subscribes_to(webhook_type):
            result.setdefault(endpoint.organization_id, []).append(endpoint)
    return result


# Sending --------------------------------------------------------------------------------------


def _send_task(delivery_id: int) -> None:
    from ..tasks import deliver_webhook

    # As the spine's relay: with the broker down, fail at once (beat sends it later).
    app = deliver_webhook.app
    with app.producer_or_acquire() as producer:
        if not app.conf.task_always_eager:
            producer.connection.ensure_connection(max_retries=0)
        deliver_webhook.apply_async(args=(delivery_id,), retry=False, producer=producer)


def deliveries_dispatch(*, delivery_ids: list[int]) -> int:
    """Send a `deliver_webhook` task per delivery and note when. Never raises (runs after
    commit): with the broker down, the deliveries are left for `deliveries_dispatch_due`."""
    sent = 0
    for delivery_id in delivery_ids:
        try:
            WebhookDelivery.objects.filter(pk=delivery_id, status=Delivery.PENDING).update(
                dispatched_at=timezone.now()
            )
            _send_task(delivery_id)
        except Exception:
            logger.warning("Broker unavailable; webhook deliveries left for beat.", exc_info=True)
            WebhookDelivery.objects.filter(pk__in=delivery_ids[sent:]).update(dispatched_at=None)
            break
        sent += 1
    return sent


def deliveries_dispatch_due(*, now: datetime | None = None) -> int:
    """Send the deliveries that are due and have no task on its way: never sent, or sent more
    than SEBAYA_WEBHOOKS_REDISPATCH_AFTER_SECONDS ago (the message was lost). Beat runs this
    every SEBAYA_WEBHOOKS_DUE_SECONDS. Returns how many were sent."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.SEBAYA_WEBHOOKS_REDISPATCH_AFTER_SECONDS)
    due = WebhookDelivery.objects.filter(status=Delivery.PENDING, next_attempt_at__lte=now)
    ids = list(
        (due.filter(dispatched_at__isnull=True) | due.filter(dispatched_at__lte=stale))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[: settings.SEBAYA_WEBHOOKS_DUE_BATCH_SIZE]
    )
    return deliveries_dispatch(delivery_ids=ids) if ids else 0


@dataclass(frozen=True)
class _Claim:
    delivery_id: int
    endpoint_id: int
    url: str
    msg_id: str
    body: str
    secrets: list[str]


def webhook_body(organization_event: OrganizationEvent) -> str:
    """The JSON body: the same bytes on every attempt."""
    timestamp = organization_event.occurred_at.astimezone(UTC).isoformat()
    return json.dumps(
        {
            "type": organization_event.type,
            "timestamp": timestamp.replace("+00:00", "Z"),
            "data": organization_event.data,
        },
        separators=(",", ":"),
        sort_keys=True,
    )


def _lease() -> timedelta:
    # Long enough for one request; after it a crashed attempt is due again.
    return timedelta(
        seconds=settings.SEBAYA_WEBHOOKS_CONNECT_TIMEOUT
        + 2 * settings.SEBAYA_WEBHOOKS_READ_TIMEOUT
        + 30
    )


def _cancel(delivery: WebhookDelivery, reason: str) -> None:
    delivery.status = Delivery.CANCELLED
    delivery.next_attempt_at = None
    delivery.dispatched_at = None
    delivery.last_error = reason
    delivery.save(update_fields=["status", "next_attempt_at", "dispatched_at", "last_error"])


def _earlier_pending(delivery: WebhookDelivery, now: datetime) -> datetime | None:
    """When to look again if an earlier event of the same subject is still on its way to the
    endpoint (its delivery pending, or its domain event not yet fanned out); None if none is."""
    soon = now + timedelta(seconds=settings.SEBAYA_WEBHOOKS_ORDER_RECHECK_SECONDS)
    earlier = (
        WebhookDelivery.objects.filter(
            endpoint_id=delivery.endpoint_id,
            subject_key=delivery.subject_key,
            status=Delivery.PENDING,
            source_position__lt=delivery.source_position,
        )
        .order_by("source_position")
        .values_list("pk", "next_attempt_at")
        .first()
    )
    if earlier is not None:
        # Look again when the earlier one is due (its end also dispatches this one at once).
        return max(earlier[1] or soon, soon)
    spec = mapping.BY_WEBHOOK_TYPE[delivery.organization_event.type]
    family = [
        handler_name(s.domain_type)
        for s in mapping.WEBHOOK_TYPES.values()
        if s.subject_prefix == spec.subject_prefix
    ]
    subject_value = delivery.subject_key.split(":", 1)[1]
    unhandled = HandlerRun.objects.filter(
        status=HandlerRun.Status.PENDING,
        handler__in=family,
        event_id__lt=delivery.source_position,
        **{f"event__payload__{spec.subject_field}": subject_value},
    ).exists()
    return soon if unhandled else None


def _claim(delivery_id: int) -> _Claim | None:
    """Take a due delivery for one attempt, or say why not (None)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint", "organization_event")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Delivery.PENDING:
            return None
        now = timezone.now()
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            # Not due (an attempt is running, or a duplicate task): beat sends it when it is.
            delivery.dispatched_at = None
            delivery.save(update_fields=["dispatched_at"])
            return None
        endpoint = delivery.endpoint
        event = delivery.organization_event
        if endpoint.status != Endpoint.ACTIVE:
            _cancel(delivery, "Cancelled: the endpoint is disabled.")
            return None
        if event.withdrawn_at is not None or not mapping.still_shared(
            scope=event.scope,
            member_id=str(event.member_id) if event.member_id else None,
            organization_id=endpoint.organization_id,
        ):
            _cancel(delivery, "Cancelled: the member no longer shares this with the organisation.")
            return None
        wait_until = _earlier_pending(delivery, now)
        delivery.dispatched_at = None
        if wait_until is not None:
            delivery.next_attempt_at = wait_until
            delivery.save(update_fields=["next_attempt_at", "dispatched_at"])
            return None
        delivery.next_attempt_at = now + _lease()
        delivery.save(update_fields=["next_attempt_at", "dispatched_at"])
        return _Claim(
            delivery_id=delivery.pk,
            endpoint_id=endpoint.pk,
            url=endpoint.url,
            msg_id=str(event.event_id),
            body=webhook_body(event),
            secrets=endpoint_secrets(endpoint, now=now),
        )


def retry_delay(attempts: int, *, retry_after: float | None = None) -> float | None:
    """Seconds until the next attempt after `attempts` failed ones (None: give up). The schedule
    step with jitter (between half of it and all of it), never sooner than Retry-After (capped at
    SEBAYA_WEBHOOKS_RETRY_AFTER_MAX_SECONDS)."""
    schedule = settings.SEBAYA_WEBHOOKS_RETRY_SCHEDULE
    if attempts > len(schedule):
        return None
    step = float(schedule[attempts - 1])
    delay = step / 2 + random.uniform(0, step / 2)  # noqa: S311 - jitter, not security
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.SEBAYA_WEBHOOKS_RETRY_AFTER_MAX_SECONDS))
    return delay


@dataclass(frozen=True)
class AttemptOutcome:
    status: str  # the delivery's status afterwards, or "skipped" when nothing was sent
    status_code: int | None = None
    error: str = ""


def delivery_attempt(*, delivery_id: int) -> AttemptOutcome:
    """Send the delivery once if it is due and may be sent, and record what happened (see the
    module's docstring). Called by the `deliver_webhook` task; safe to call twice."""
    claim = _claim(delivery_id)
    if claim is None:
        return AttemptOutcome("skipped")
    response = http.post(url=claim.url, msg_id=claim.msg_id, body=claim.body, secrets=claim.secrets)
    return _record(claim, response)


def _record(claim: _Claim, response: http.Response) -> AttemptOutcome:
    now = timezone.now()
    follow_up: int | None = None
    with transaction.atomic():
        # Endpoint, then delivery: the order _disable_locked and redelivery take them in.
        endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=claim.endpoint_id).first()
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=claim.delivery_id).first()
        if endpoint is None or delivery is None:
            return AttemptOutcome("deleted", response.status_code, response.error)
        WebhookAttempt.objects.create(
            delivery=delivery,
            at=now - timedelta(milliseconds=response.duration_ms),
            duration_ms=response.duration_ms,
            status_code=response.status_code,
            error=response.error[:500],
            response_excerpt=response.excerpt,
        )
        delivery.attempts += 1
        delivery.last_status_code = response.status_code
        delivery.last_error = response.error[:500] or (
            "" if response.succeeded else f"HTTP {response.status_code}"
        )
        delivery.dispatched_at = None
        still_pending = delivery.status == Delivery.PENDING  # not cancelled meanwhile
        if response.succeeded:
            delivery.status = Delivery.SUCCEEDED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            if endpoint.consecutive_failures or endpoint.failing_since:
                endpoint.consecutive_failures = 0
                endpoint.failing_since = None
                endpoint.save(update_fields=["consecutive_failures", "failing_since"])
            follow_up = delivery.pk
        elif response.status_code == 410:
            delivery.status = Delivery.FAILED
            delivery.next_attempt_at = None
            delivery.last_error = "The endpoint answered 410 Gone: it was disabled."
            delivery.save()
            if endpoint.status == Endpoint.ACTIVE:
                _disable_locked(endpoint, reason=WebhookEndpoint.DisabledReason.GONE, now=now)
        elif still_pending:
            follow_up = _after_failure(delivery, endpoint, response, now)
        delivery.save()
        if follow_up is not None:
            endpoint_id, subject_key = delivery.endpoint_id, delivery.subject_key
            transaction.on_commit(
                lambda: _dispatch_next_in_subject(endpoint_id, subject_key), robust=True
            )
    return AttemptOutcome(delivery.status, response.status_code, response.error)


def _after_failure(
    delivery: WebhookDelivery, endpoint: WebhookEndpoint, response: http.Response, now: datetime
) -> int | None:
    """Schedule the next attempt, or fail the delivery (and perhaps disable the endpoint).
    Returns the delivery's id when it ended (the next one of its subject may go)."""
    if endpoint.failing_since is None:
        endpoint.failing_since = now
    delay = retry_delay(delivery.attempts, retry_after=response.retry_after_seconds)
    ended = delay is None
    if ended:
        delivery.status = Delivery.FAILED
        delivery.next_attempt_at = None
        endpoint.consecutive_failures += 1
    else:
        delivery.next_attempt_at = now + timedelta(seconds=delay)
    endpoint.save(update_fields=["failing_since", "consecutive_failures"])
    failing_too_long = now - endpoint.failing_since >= timedelta(
        days=settings.SEBAYA_WEBHOOKS_DISABLE_AFTER_DAYS
    )
    too_many = endpoint.consecutive_failures >= settings.SEBAYA_WEBHOOKS_DISABLE_AFTER_FAILURES
    if endpoint.status == Endpoint.ACTIVE and (too_many or failing_too_long):
        delivery.save()  # before the pending deliveries are cancelled
        _disable_locked(endpoint, reason=WebhookEndpoint.DisabledReason.FAILING, now=now)
        delivery.refresh_from_db()
    return delivery.pk if ended else None


def _dispatch_next_in_subject(endpoint_id: int, subject_key: str) -> None:
    """A delivery ended: the next pending one of the same subject to the endpoint need not wait
    for its re-check any longer."""
    next_id = (
        WebhookDelivery.objects.filter(
            endpoint_id=endpoint_id, subject_key=subject_key, status=Delivery.PENDING
        )
        .order_by("source_position")
        .values_list("pk", flat=True)
        .first()
    )
    if next_id is None:
        return
    now = timezone.now()
    # Only one that is merely waiting for its turn; one backing off after failures keeps its time.
    WebhookDelivery.objects.filter(pk=next_id, attempts=0, next_attempt_at__gt=now).update(
        next_attempt_at=now
    )
    deliveries_dispatch(delivery_ids=[next_id])


# Redelivery -----------------------------------------------------------------------------------


def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue the delivery again, whatever its state (a partner's request: a failed delivery, or
    a succeeded one they lost). Its attempt count restarts, its attempts are kept. Raises
    EndpointDisabled when the endpoint is disabled (enable it first)."""
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        if endpoint.status != Endpoint.ACTIVE:
            raise EndpointDisabled("The endpoint is disabled. Enable it, then ask again.")
        locked = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        locked.status = Delivery.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.dispatched_at = None
        locked.delivered_at = None
        locked.last_error = ""
        locked.save()
        delivery_id = locked.pk
        transaction.on_commit(lambda: deliveries_dispatch(delivery_ids=[delivery_id]), robust=True)
    return locked
