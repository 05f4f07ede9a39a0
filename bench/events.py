"""Benchmark the event spine: record -> relay -> broker -> worker -> handler, on real services.

    .venv/bin/python bench/events.py [--events 2000] [--concurrency 2] [--rate R]

Uses its own PostgreSQL database (`sebaya_bench` on the server of TEST_DATABASE_URL; created and
migrated when missing, emptied before each run), a throwaway redis-server as the broker, and ONE
Celery worker process (prefork, `--concurrency` pool processes). No beat: the sweep has nothing to
do when the broker is up, and would only add load. Events are recorded one after another through
`organization_create`, each in its own transaction, exactly as a web request would.

With `--rate R` the events are recorded at most R per second (an open-loop load), to measure the
latency below saturation; by default they are recorded flat out.

Prints the machine facts and:
- throughput: events / (last handler finished - first event committed);
- latency from commit to handler start (Event.occurred_at to Effect.started_at), p50 and p99.
  `occurred_at` is set inside the transaction, just before the commit, so latencies include the
  commit itself (a few milliseconds where PostgreSQL flushes its WAL to a real disk).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.integration import harness  # noqa: E402 - needs the repository on sys.path

WARM_UP_EVENTS = 20


def bench_database_url(name: str) -> str:
    parts = urlsplit(os.environ.get("BENCH_DATABASE_URL") or harness.database_url())
    if not os.environ.get("BENCH_DATABASE_URL"):
        parts = parts._replace(path=f"/{name}")
    return urlunsplit(parts)


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(harness.maintenance_conninfo(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def empty_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE probe_effect, probe_switch, events_handlerrun, events_event, "
            "organizations_organization CASCADE"
        )


def wait_until_handled(events: int, worker: harness.CeleryProcess, timeout: float) -> None:
    from lms.events.models import HandlerRun

    def handled() -> bool:
        worker.check_running()
        runs = HandlerRun.objects.filter(handler="probe.count")
        if runs.filter(status=HandlerRun.Status.FAILED).exists():
            raise RuntimeError("A handler run failed; see `manage.py events failed`.")
        return runs.filter(status=HandlerRun.Status.SUCCEEDED).count() >= events

    harness.wait_until(handled, timeout=timeout, interval=0.1, message=f"{events} events handled")


def record(events: int, prefix: str, rate: float | None = None) -> float:
    """Record `events` one after another; with `rate`, no faster than `rate` per second (an
    open-loop load, to measure latency below saturation). Returns the seconds it took."""
    from lms.organizations.services import organization_create

    began = time.perf_counter()
    for n in range(events):
        if rate:
            time.sleep(max(0.0, began + n / rate - time.perf_counter()))  # pacing the load
        organization_create(name=f"{prefix} {n}")
    return time.perf_counter() - began


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def machine_facts(concurrency: int, prefetch: int, settings: str) -> list[tuple[str, str]]:
    import celery
    import kombu
    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    cpu = models[0] if models else platform.processor() or "unknown"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("cores", f"{os.cpu_count()} ({cpu})"),
        ("python", platform.python_version()),
        ("postgresql", f"{postgres} (loopback)"),
        ("broker", "Redis (throwaway redis-server on loopback, no persistence)"),
        ("celery / kombu", f"{celery.__version__} / {kombu.__version__}"),
        ("settings", settings),
        (
            "worker",
            f"1 process, prefork, concurrency {concurrency}, prefetch multiplier {prefetch}",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="record at most this many events/s (default: flat out)",
    )
    parser.add_argument("--database", default="sebaya_bench", help="database name to use")
    parser.add_argument(
        "--settings",
        default="lms.settings.integration",
        help="settings module for this process and the worker (to try a change before making it)",
    )
    options = parser.parse_args()

    database_url = bench_database_url(options.database)
    harness.check_postgres(database_url)
    ensure_database(database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = options.settings
    os.environ["TEST_DATABASE_URL"] = database_url

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Max, Min

    from lms.events.models import Event, HandlerRun
    from tests.probe.models import Effect

    call_command("migrate", verbosity=0)
    empty_tables()

    with tempfile.TemporaryDirectory(prefix="sebaya-bench-") as tmp:
        log_dir = Path(tmp)
        broker = harness.RedisServer(log_dir).start()
        env = harness.celery_env(
            database_url=database_url,
            broker_url=broker.url(),
            timings={},  # the settings' own: no beat runs, so no sweep either
            DJANGO_SETTINGS_MODULE=options.settings,
        )
        worker = harness.worker_process(env, log_dir, concurrency=options.concurrency)
        try:
            worker.wait_ready()
            with harness.celery_app_broker(broker.url()):
                # Warm up: the first tasks of each pool process pay for imports and connections.
                record(WARM_UP_EVENTS, "Warm-up")
                wait_until_handled(WARM_UP_EVENTS, worker, timeout=60)
                empty_tables()

                recording = record(options.events, "Bench", options.rate)
                wait_until_handled(options.events, worker, timeout=max(120, options.events / 5))
        except Exception:
            print(worker.tail(), file=sys.stderr)
            raise
        finally:
            worker.stop()
            broker.stop()

    first_commit = Event.objects.aggregate(t=Min("occurred_at"))["t"]
    last_finished = HandlerRun.objects.aggregate(t=Max("finished_at"))["t"]
    span = (last_finished - first_commit).total_seconds()
    started = dict(Effect.objects.values_list("event_id", "started_at"))
    latencies = [
        (started[event_id] - occurred_at).total_seconds() * 1000
        for event_id, occurred_at in Event.objects.values_list("event_id", "occurred_at")
    ]
    effects = Effect.objects.count()
    duplicates = effects - Effect.objects.values("event_id").distinct().count()
    assert not Event.objects.filter(published_at__isnull=True).exists()
    assert effects == options.events and duplicates == 0, (effects, duplicates)

    facts = machine_facts(
        options.concurrency, settings.CELERY_WORKER_PREFETCH_MULTIPLIER, options.settings
    )
    for name, value in facts:
        print(f"{name + ':':<16}{value}")
    print(f"{'events:':<16}{options.events}")
    paced = f", paced at {options.rate:g}/s" if options.rate else ""
    print(f"{'recording:':<16}{options.events / recording:.0f} events/s from one process{paced}")
    print(f"{'throughput:':<16}{options.events / span:.0f} events/s (first commit to last handler)")
    print(
        f"{'latency:':<16}p50 {percentile(latencies, 50):.1f} ms, "
        f"p99 {percentile(latencies, 99):.1f} ms, max {max(latencies):.1f} ms "
        "(commit to handler start)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
