"""The outbox: recorded in the caller's transaction, relayed after commit, run once per handler."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from lms.events import api as events
from lms.events import registry, services
from lms.events.models import Event, HandlerRun
from lms.events.tasks import run_handler
from lms.organizations.events import OrganizationCreated
from lms.organizations.services import organization_create
from tests.probe.models import Effect

pytestmark = pytest.mark.django_db


@pytest.fixture
def temporary_handler():
    """Register handlers for organizations.organization.created.v1 for one test only."""
    names = []

    def register(func, name):
        registry.register_handler("organizations.organization.created.v1", func, name=name)
        names.append(name)

    yield register
    for name in names:
        registry.unregister_handler(name)


def _runs(handler):
    return HandlerRun.objects.filter(handler=handler)


def test_record_writes_event_and_one_run_per_handler(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organization = organization_create(name="Rumah Teman")
    event = Event.objects.get()
    assert event.type == "organizations.organization.created.v1"
    assert event.payload == {"organization_id": str(organization.public_id), "kind": "ngo"}
    assert event.published_at is not None
    assert set(event.runs.values_list("handler", "status")) == {("probe.count", "succeeded")}
    assert Effect.objects.filter(event_id=event.event_id, handler="probe.count").count() == 1


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_raises():
    with pytest.raises(events.OutsideTransactionError):
        events.record(
            OrganizationCreated(organization_id="4f1c0d1e-0000-4000-8000-000000000001", kind="ngo")
        )
    assert not Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_event_in_a_rolled_back_transaction_is_never_delivered():
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        organization_create(name="Never Was")
        raise Boom
    assert not Event.objects.exists()
    assert not Effect.objects.exists()
    services.sweep()
    assert not Effect.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_committed_event_is_delivered_after_commit():
    organization_create(name="Committed")  # its own transaction, committed for real
    event = Event.objects.get()
    assert event.published_at is not None
    assert Effect.objects.filter(event_id=event.event_id).count() == 1


def test_payload_must_match_the_schema():
    bad = OrganizationCreated(organization_id="not-a-uuid", kind="ngo")
    with pytest.raises(events.EventPayloadInvalid, match="uuid"), transaction.atomic():
        events.record(bad)
    with pytest.raises(events.EventPayloadInvalid, match="kind"), transaction.atomic():
        events.record(
            OrganizationCreated(
                organization_id="4f1c0d1e-0000-4000-8000-000000000001", kind="pirate-radio"
            )
        )
    assert not Event.objects.exists()


def test_every_event_type_has_a_valid_schema():
    # Intermediate bases that share fields between event types have no `type` of their own.
    types = {cls.type for cls in _subclasses(registry.DomainEvent) if hasattr(cls, "type")}
    assert "organizations.organization.created.v1" in types
    for event_type in types:
        registry.validator_for(event_type)  # raises when missing or not a valid schema
    for handler in registry.all_handlers():
        registry.validator_for(handler.event_type)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_handler_run_twice_for_the_same_event_has_effect_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Twice")
    event = Event.objects.get()
    for _ in range(3):  # the broker delivered the task again, twice
        run_handler.apply(args=(str(event.event_id), "probe.count"))
    assert Effect.objects.filter(event_id=event.event_id, handler="probe.count").count() == 1
    assert _runs("probe.count").get().attempts == 1


def test_transient_error_is_retried_and_then_succeeds(
    temporary_handler, django_capture_on_commit_callbacks, settings
):
    settings.EVENTS = {**settings.EVENTS, "RETRY_BACKOFF_SECONDS": 0.01}
    calls = []

    def flaky(event):
        calls.append(event.id)
        Effect.objects.create(
            handler="flaky", event_id=event.id, event_type=event.type, started_at=timezone.now()
        )
        if len(calls) < 3:
            raise events.TransientError("downstream briefly unavailable")

    temporary_handler(flaky, "test.flaky")
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Flaky")
    run = _runs("test.flaky").get()
    assert len(calls) == 3
    assert run.status == HandlerRun.Status.SUCCEEDED
    assert run.attempts == 3
    # The two failed attempts rolled back their effects: exactly one remains.
    assert Effect.objects.filter(handler="flaky").count() == 1


def test_transient_errors_give_up_after_max_retries(
    temporary_handler, django_capture_on_commit_callbacks, settings
):
    settings.EVENTS = {**settings.EVENTS, "RETRY_BACKOFF_SECONDS": 0.01, "MAX_RETRIES": 2}

    def always_down(event):
        raise ConnectionError("still down")

    temporary_handler(always_down, "test.down")
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Down")
    run = _runs("test.down").get()
    assert run.status == HandlerRun.Status.FAILED
    assert run.attempts == 3
    assert "still down" in run.last_error


def test_other_errors_fail_at_once_and_an_operator_can_retry(
    temporary_handler, django_capture_on_commit_callbacks
):
    broken = {"yes": True}

    def buggy(event):
        if broken["yes"]:
            raise KeyError("a bug, not a hiccup")
        Effect.objects.create(
            handler="buggy", event_id=event.id, event_type=event.type, started_at=timezone.now()
        )

    temporary_handler(buggy, "test.buggy")
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Buggy")
    run = _runs("test.buggy").get()
    assert (run.status, run.attempts) == (HandlerRun.Status.FAILED, 1)
    assert "KeyError" in run.last_error

    out = StringIO()
    call_command("events", "failed", stdout=out)
    assert f"{run.pk}\torganizations.organization.created.v1" in out.getvalue()
    assert "test.buggy" in out.getvalue()

    broken["yes"] = False  # the bug was fixed and deployed
    call_command("events", "retry", str(run.pk), stdout=StringIO())
    run.refresh_from_db()
    assert run.status == HandlerRun.Status.SUCCEEDED
    assert Effect.objects.filter(handler="buggy").count() == 1


def test_retrying_a_succeeded_run_is_refused(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Done")
    run = _runs("probe.count").get()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="already succeeded"):
        call_command("events", "retry", str(run.pk))
    with pytest.raises(CommandError, match="no handler run"):
        call_command("events", "retry", "999999")


def test_broker_down_at_commit_leaves_the_event_for_the_sweep(
    monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise BrokerDown("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(run_handler, "apply_async", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            organization_create(name="While the broker was down")
        event = Event.objects.get()
        assert event.published_at is None
        Event.objects.update(occurred_at=timezone.now() - timedelta(seconds=30))
        assert services.sweep().broker_down is True
        assert not Effect.objects.exists()

    # The broker is back: the next sweep publishes and the handler runs once.
    result = services.sweep()
    assert (result.published, result.broker_down) == (1, False)
    event.refresh_from_db()
    assert event.published_at is not None
    assert Effect.objects.filter(event_id=event.event_id).count() == 1


def test_sweep_waits_for_the_grace_period(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(run_handler, "apply_async", lambda *a, **k: None)  # a black-hole broker
    with django_capture_on_commit_callbacks(execute=False):
        organization_create(name="Just now")  # the after-commit relay has not run yet
    assert services.sweep().published == 0  # it may still be on its way


def test_sweep_resends_runs_whose_task_was_lost(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(run_handler, "apply_async", lambda args, **kw: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Lost message")
    assert len(sent) == 1  # published, but the worker died before running it
    HandlerRun.objects.update(dispatched_at=timezone.now() - timedelta(hours=1))
    monkeypatch.undo()
    assert services.sweep().redispatched == 1
    assert _runs("probe.count").get().status == HandlerRun.Status.SUCCEEDED
    assert Effect.objects.count() == 1


def test_purge_deletes_old_finished_events_and_keeps_failed_ones(
    temporary_handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Old and done")

    def fails(event):
        raise ValueError("kept for the operator")

    temporary_handler(fails, "test.fails")
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Old and failed")
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Recent")
    old, old_failed, recent = Event.objects.order_by("id")
    Event.objects.filter(pk__in=[old.pk, old_failed.pk]).update(
        published_at=timezone.now() - timedelta(days=40)
    )
    assert services.purge() == 2  # the event and its one run
    assert set(Event.objects.values_list("pk", flat=True)) == {old_failed.pk, recent.pk}


def test_status_command_reports_lag(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(
        run_handler, "apply_async", lambda *a, **k: (_ for _ in ()).throw(BrokerDown("down"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Lagging")
    Event.objects.update(occurred_at=timezone.now() - timedelta(seconds=90))
    out = StringIO()
    call_command("events", "status", stdout=out)
    assert "unpublished events: 1" in out.getvalue()
    assert "outbox lag:         9" in out.getvalue()


def test_readme_event_catalogue_matches_the_schemas():
    from pathlib import Path

    from lms.events import catalogue

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert catalogue.replace_in(readme) == readme, (
        "README's event catalogue is stale: run manage.py events catalogue --write README.md"
    )
    assert "`accounts.user.registered.v1`" in readme
