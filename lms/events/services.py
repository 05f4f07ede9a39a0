"""Writes of the event spine: record, publish (the relay), run a handler, sweep, purge, retry."""

from __future__ import annotations

import logging
import random
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from jsonschema import ValidationError as SchemaValidationError

from .models import Event, HandlerRun
from .registry import DomainEvent, ReceivedEvent, handler_named, handlers_for, validator_for

logger = logging.getLogger(__name__)


class OutsideTransactionError(RuntimeError):
    """`record()` was called outside `transaction.atomic()`: the event could be committed without
    the state change it describes, or the other way round."""


class EventPayloadInvalid(ValueError):
    """The payload does not match the event type's JSON Schema."""


class TransientError(Exception):
    """Raised by a handler for a failure that may go away (a service briefly down): retried."""


# Errors worth retrying whatever the handler says: the network or the database hiccuped.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientError,
    ConnectionError,
    TimeoutError,
    OperationalError,
)


def _conf(key: str):
    return settings.EVENTS[key]


def record(event: DomainEvent) -> Event:
    """Write `event` to the outbox in the caller's transaction and publish it after commit.

    Creates one pending HandlerRun per subscribed handler. Raises OutsideTransactionError outside
    `transaction.atomic()`, EventPayloadInvalid when the payload breaks the type's JSON Schema.
    """
    if not transaction.get_connection().in_atomic_block:
        raise OutsideTransactionError(
            f"events.record({event.type}) must run inside the transaction of the state change."
        )
    payload = event.to_payload()
    if _conf("VALIDATE_SCHEMAS"):
        try:
            validator_for(event.type).validate(payload)
        except SchemaValidationError as exc:
            raise EventPayloadInvalid(f"{event.type}: {exc.json_path}: {exc.message}") from exc
    row = Event.objects.create(type=event.type, payload=payload)
    handler_names = [h.name for h in handlers_for(event.type)]
    if handler_names:
        HandlerRun.objects.bulk_create(HandlerRun(event=row, handler=n) for n in handler_names)
    # robust: a failure here (the database gone between commit and relay) is logged, never
    # raised into a caller whose work is committed; the sweep publishes the event later.
    transaction.on_commit(
        lambda: publish(event_pk=row.pk, event_id=str(row.event_id), handler_names=handler_names),
        robust=True,
    )
    return row


def _send(event_id: str, handler_name: str) -> None:
    from .tasks import run_handler

    # With the broker down, fail at once; the sweep publishes the event later. retry=False alone
    # does not do it: kombu still retries the connection for broker_connection_timeout (about 6 s
    # per message, spent in the request that committed), hence the explicit single attempt.
    app = run_handler.app
    with app.producer_or_acquire() as producer:
        if not app.conf.task_always_eager:
            producer.connection.ensure_connection(max_retries=0)
        run_handler.apply_async(args=(event_id, handler_name), retry=False, producer=producer)


def publish(*, event_pk: int, event_id: str, handler_names: list[str]) -> bool:
    """The relay: send one task per handler, then mark the event published.

    Returns False (and leaves the event unpublished, for the sweep) when the broker refuses.
    Never raises: it runs after commit, where the caller's work is already done.
    """
    now = timezone.now()
    try:
        for name in handler_names:
            _send(event_id, name)
    except Exception:
        logger.warning("Broker unavailable; event %s left for the sweep.", event_id, exc_info=True)
        return False
    with transaction.atomic():  # one commit (one disk flush) for both marks
        if handler_names:
            HandlerRun.objects.filter(event_id=event_pk, dispatched_at__isnull=True).update(
                dispatched_at=now
            )
        Event.objects.filter(pk=event_pk, published_at__isnull=True).update(published_at=now)
    return True


@dataclass(frozen=True)
class RunOutcome:
    status: str
    retry_in: float | None = None


def _backoff(attempts: int) -> float:
    base = _conf("RETRY_BACKOFF_SECONDS")
    cap = min(_conf("RETRY_BACKOFF_MAX_SECONDS"), base * 2 ** max(attempts - 1, 0))
    return cap / 2 + random.uniform(0, cap / 2)  # noqa: S311 - jitter, not security


def handler_run_execute(*, event_id: str, handler_name: str) -> RunOutcome:
    """Run `handler_name` for the event, once: the handler's effects and the processed-event
    record commit together, and a second delivery finds the run succeeded and does nothing.

    Transient errors leave the run pending and return the delay before the next attempt (None
    when the retries are used up and the run failed); other errors fail the run and are logged.
    """
    handler = handler_named(handler_name)
    if handler is None:
        _fail(event_id, handler_name, f"No handler named {handler_name!r} is registered.")
        return RunOutcome(HandlerRun.Status.FAILED)
    try:
        with transaction.atomic():
            run = (
                HandlerRun.objects.select_for_update()
                .select_related("event")
                .get(event__event_id=event_id, handler=handler_name)
            )
            if run.status != HandlerRun.Status.PENDING:
                return RunOutcome(run.status)
            event = run.event
            handler.func(
                ReceivedEvent(
                    id=str(event.event_id),
                    type=event.type,
                    occurred_at=event.occurred_at.isoformat(),
                    payload=event.payload,
                )
            )
            run.status = HandlerRun.Status.SUCCEEDED
            run.attempts += 1
            run.last_error = ""
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "attempts", "last_error", "finished_at"])
            return RunOutcome(run.status)
    except HandlerRun.DoesNotExist:
        logger.error("No handler run %s for event %s.", handler_name, event_id)
        return RunOutcome(HandlerRun.Status.FAILED)
    except (*TRANSIENT_ERRORS, *handler.retry_on) as exc:
        return _after_transient_error(event_id, handler_name, exc)
    except Exception as exc:
        logger.exception("Handler %s failed for event %s.", handler_name, event_id)
        _fail(event_id, handler_name, _describe(exc), count_attempt=True)
        return RunOutcome(HandlerRun.Status.FAILED)


def _describe(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc, limit=8))[-4000:]


def _after_transient_error(event_id: str, handler_name: str, exc: BaseException) -> RunOutcome:
    with transaction.atomic():
        run = HandlerRun.objects.select_for_update().get(
            event__event_id=event_id, handler=handler_name
        )
        run.attempts += 1
        run.last_error = _describe(exc)
        if run.attempts > _conf("MAX_RETRIES"):
            run.status = HandlerRun.Status.FAILED
            run.finished_at = timezone.now()
            run.save(update_fields=["attempts", "last_error", "status", "finished_at"])
            logger.error(
                "Handler %s gave up on event %s after %d attempts.",
                handler_name,
                event_id,
                run.attempts,
            )
            return RunOutcome(run.status)
        delay = _backoff(run.attempts)
        # The sweep leaves the run alone until its retry is due (and overdue).
        run.dispatched_at = timezone.now() + timedelta(seconds=delay)
        run.save(update_fields=["attempts", "last_error", "dispatched_at"])
    logger.warning(
        "Handler %s will retry event %s in %.1fs: %s", handler_name, event_id, delay, exc
    )
    return RunOutcome(HandlerRun.Status.PENDING, retry_in=delay)


def _fail(event_id: str, handler_name: str, error: str, *, count_attempt: bool = False) -> None:
    with transaction.atomic():
        run = (
            HandlerRun.objects.select_for_update()
            .filter(event__event_id=event_id, handler=handler_name)
            .first()
        )
        if run is None or run.status == HandlerRun.Status.SUCCEEDED:
            return
        run.status = HandlerRun.Status.FAILED
        run.last_error = error
        run.attempts += 1 if count_attempt else 0
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "last_error", "attempts", "finished_at"])


@dataclass(frozen=True)
class SweepResult:
    published: int
    redispatched: int
    broker_down: bool


def sweep() -> SweepResult:
    """Publish events the after-commit relay missed, and re-send handler runs whose task was lost.

    Run by Celery beat every few seconds; safe to run concurrently (at worst a run is sent twice,
    and running it twice has effect once).
    """
    with _sweep_lock() as acquired:
        if not acquired:  # another sweep is running: it will do this work
            return SweepResult(0, 0, broker_down=False)
        return _sweep_locked()


# An arbitrary constant naming the sweep's PostgreSQL advisory lock.
_SWEEP_LOCK_KEY = 0x5EBA7A01


@contextmanager
def _sweep_lock():
    """Let one sweep run at a time across every worker (PostgreSQL advisory lock; other databases
    have one writer anyway). Overlapping sweeps would publish the same events twice."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_SWEEP_LOCK_KEY])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_SWEEP_LOCK_KEY])


def _sweep_locked() -> SweepResult:
    now = timezone.now()
    batch = _conf("SWEEP_BATCH_SIZE")
    published = 0
    grace_cutoff = now - timedelta(seconds=_conf("SWEEP_GRACE_SECONDS"))
    while True:
        events = list(
            Event.objects.filter(published_at__isnull=True, occurred_at__lte=grace_cutoff)
            .order_by("occurred_at", "id")
            .values_list("pk", "event_id")[:batch]
        )
        if not events:
            break
        pending = {}
        for event_pk, handler in HandlerRun.objects.filter(
            event_id__in=[pk for pk, _ in events], status=HandlerRun.Status.PENDING
        ).values_list("event_id", "handler"):
            pending.setdefault(event_pk, []).append(handler)
        for event_pk, event_id in events:
            if not publish(
                event_pk=event_pk, event_id=str(event_id), handler_names=pending.get(event_pk, [])
            ):
                return SweepResult(published, 0, broker_down=True)
            published += 1

    redispatched = 0
    stale_cutoff = now - timedelta(seconds=_conf("REDISPATCH_AFTER_SECONDS"))
    stale = list(
        HandlerRun.objects.filter(
            status=HandlerRun.Status.PENDING,
            dispatched_at__lte=stale_cutoff,
        )
        .order_by("dispatched_at")
        .values_list("pk", "event__event_id", "handler")[:batch]
    )
    for run_pk, event_id, handler_name in stale:
        try:
            _send(str(event_id), handler_name)
        except Exception:
            logger.warning("Broker unavailable during the sweep.", exc_info=True)
            return SweepResult(published, redispatched, broker_down=True)
        HandlerRun.objects.filter(pk=run_pk).update(dispatched_at=timezone.now())
        redispatched += 1
    if published or redispatched:
        logger.info("Sweep published %d events, re-sent %d handler runs.", published, redispatched)
    return SweepResult(published, redispatched, broker_down=False)


def purge(*, older_than_days: int | None = None) -> int:
    """Delete published events older than the retention period whose handlers all succeeded.
    Events with a failed or pending run are kept for an operator. Returns the number deleted."""
    days = _conf("RETENTION_DAYS") if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    unfinished = HandlerRun.objects.exclude(status=HandlerRun.Status.SUCCEEDED).values("event_id")
    doomed = Event.objects.filter(published_at__lt=cutoff).exclude(pk__in=unfinished)
    deleted, _ = doomed.delete()
    return deleted


class RunNotRetryable(ValueError):
    pass


def handler_run_retry(*, run_id: int) -> HandlerRun:
    """Put a failed handler run back to pending and send it again (an operator's action).

    Raises HandlerRun.DoesNotExist, or RunNotRetryable when the run already succeeded.
    """
    with transaction.atomic():
        run = HandlerRun.objects.select_for_update().select_related("event").get(pk=run_id)
        if run.status == HandlerRun.Status.SUCCEEDED:
            raise RunNotRetryable(f"Handler run {run_id} already succeeded.")
        run.status = HandlerRun.Status.PENDING
        run.finished_at = None
        run.dispatched_at = timezone.now()
        run.save(update_fields=["status", "finished_at", "dispatched_at"])
        event_id, handler_name = str(run.event.event_id), run.handler
    try:
        _send(event_id, handler_name)
    except Exception:
        logger.warning("Broker unavailable; the sweep will send run %s.", run_id, exc_info=True)
    run.refresh_from_db()
    return run
