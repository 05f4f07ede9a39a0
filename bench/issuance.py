"""Benchmark credential issuance on real services: approval event -> worker -> rules -> signed
credential (status list index, eddsa-rdfc-2022 proof, VC-JWT) -> issued event -> worker -> holder
e-mailed with the PDF certificate rendered.

    .venv/bin/python bench/issuance.py [--credentials 200] [--concurrency 2]

Uses its own PostgreSQL database (`sebaya_bench` on the server of TEST_DATABASE_URL, like
bench/events.py), a throwaway redis-server as the broker and ONE Celery worker process. A
programme that asks for one approved practicum hour; for each of N trainees an approved practicum
entry is written with its `certification.practicum.approved.v1` event, in its own transaction,
exactly as a supervisor's approval does. Prints:

- end to end: credentials / (first approval committed -> last holder e-mail handler finished);
- the stages one by one in this process, per credential: signing (JSON-LD proof + VC-JWT), a
  status list bit flip (revocation: re-encoding and re-signing the 131,072-entry list), baking the
  badge PNG, rendering the PDF certificate.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.events import bench_database_url, ensure_database, machine_facts  # noqa: E402
from tests.integration import harness  # noqa: E402

WARM_UP = 5
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # users are not the point


def empty_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE events_handlerrun, events_event, certification_credentialtransition, "
            "certification_credentialreminder, certification_credential, "
            "certification_statuslist, certification_practicumentry, "
            "certification_programmedomainhours, certification_programmecourse, "
            "certification_programmeassessment, certification_programme, "
            "organizations_organization, accounts_user CASCADE"
        )


def make_programme():
    from decimal import Decimal

    from wagtail.models import Locale

    from certification.credentials.presentation import programme_badge_png
    from certification.models import Programme

    programme = Programme(
        name="Bench Peer Supporter",
        slug="bench-peer-supporter",
        description="A programme for the benchmark.",
        criteria="One approved practicum hour.",
        practicum_hours=Decimal(1),
        locale=Locale.get_default(),
    )
    programme.badge_png = programme_badge_png(programme)
    programme.save()
    return programme


def make_trainees(count: int, prefix: str):
    from lms.accounts.models import User
    from lms.organizations.models import Organization

    organization, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    users = [
        User(email=f"{prefix}{n}@bench.example", display_name=f"Bench Trainee {n}")
        for n in range(count)
    ]
    for user in users:
        user.set_unusable_password()
    return User.objects.bulk_create(users), organization


def approve(users, organization) -> None:
    """One approved practicum entry and its event per trainee, each in its own transaction."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from certification.events import PracticumApproved
    from certification.models import PracticumEntry
    from lms.events import api as events

    for user in users:
        with transaction.atomic():
            entry = PracticumEntry.objects.create(
                user=user,
                organization=organization,
                date=timezone.localdate(),
                hours=Decimal(1),
                domain="communication",
                description="Peer group.",
                status=PracticumEntry.Status.APPROVED,
                decided_at=timezone.now(),
            )
            events.record(
                PracticumApproved(
                    entry_id=entry.public_id,
                    holder_id=user.public_id,
                    organization_id=organization.public_id,
                    date=entry.date.isoformat(),
                    hours="1.00",
                    domain=entry.domain,
                    supervisor_id=user.public_id,
                )
            )


def wait_for(count: int, worker: harness.CeleryProcess, timeout: float) -> None:
    from lms.events.models import HandlerRun

    deadline = time.monotonic() + timeout
    runs = HandlerRun.objects.filter(handler__endswith="email_holder_on_issue")
    while time.monotonic() < deadline:
        worker.check_running()
        failed = HandlerRun.objects.filter(status=HandlerRun.Status.FAILED)
        if failed.exists():
            raise RuntimeError(f"A handler run failed: {failed.first().last_error}")
        if runs.filter(status=HandlerRun.Status.SUCCEEDED).count() >= count:
            return
        time.sleep(0.2)
    raise TimeoutError(f"fewer than {count} credentials issued and e-mailed in {timeout:.0f} s")


def stage_timings(credentials) -> dict[str, list[float]]:
    from django.db import transaction

    from certification.credentials import documents, presentation, services

    timings: dict[str, list[float]] = {"sign": [], "status": [], "bake": [], "pdf": []}
    for credential in credentials:
        began = time.perf_counter()
        documents.sign(credential)
        timings["sign"].append(time.perf_counter() - began)
        began = time.perf_counter()
        presentation.baked_badge_png(credential)
        timings["bake"].append(time.perf_counter() - began)
        began = time.perf_counter()
        presentation.certificate_pdf(credential)
        timings["pdf"].append(time.perf_counter() - began)
        with transaction.atomic():
            began = time.perf_counter()
            services.credential_revoke(
                credential=credential, actor=None, reason_code="other", note="bench"
            )
            timings["status"].append(time.perf_counter() - began)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--credentials", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument("--database", default="sebaya_bench")
    options = parser.parse_args()

    database_url = bench_database_url(options.database)
    harness.check_postgres(database_url)
    ensure_database(database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.integration"
    os.environ["TEST_DATABASE_URL"] = database_url

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Max, Min

    from certification.models import Credential
    from lms.events.models import Event, HandlerRun

    settings.PASSWORD_HASHERS = PASSWORD_HASHERS
    call_command("migrate", verbosity=0)
    empty_tables()
    make_programme()

    with tempfile.TemporaryDirectory(prefix="sebaya-bench-") as tmp:
        broker = harness.RedisServer(Path(tmp)).start()
        env = harness.celery_env(
            database_url=database_url,
            broker_url=broker.url(),
            timings={},
            DJANGO_SETTINGS_MODULE="lms.settings.integration",
        )
        worker = harness.worker_process(env, Path(tmp), concurrency=options.concurrency)
        try:
            worker.wait_ready()
            with harness.celery_app_broker(broker.url()):
                users, organization = make_trainees(WARM_UP, "warm")
                approve(users, organization)
                wait_for(WARM_UP, worker, timeout=120)
                Event.objects.all().delete()

                users, organization = make_trainees(options.credentials, "bench")
                approve(users, organization)
                wait_for(options.credentials, worker, timeout=max(300, options.credentials))
        except Exception:
            print(worker.tail(), file=sys.stderr)
            raise
        finally:
            worker.stop()
            broker.stop()

    first = Event.objects.filter(type="certification.practicum.approved.v1").aggregate(
        t=Min("occurred_at")
    )["t"]
    last = HandlerRun.objects.filter(handler__endswith="email_holder_on_issue").aggregate(
        t=Max("finished_at")
    )["t"]
    span = (last - first).total_seconds()
    issued = Credential.objects.filter(holder__email__startswith="bench").count()
    assert issued == options.credentials, issued

    sample = list(
        Credential.objects.filter(holder__email__startswith="bench").select_related(
            "programme", "holder"
        )[:50]
    )
    timings = stage_timings(sample)

    for name, value in machine_facts(
        options.concurrency,
        settings.CELERY_WORKER_PREFETCH_MULTIPLIER,
        "lms.settings.integration",
    ):
        print(f"{name + ':':<16}{value}")
    print(f"{'credentials:':<16}{options.credentials}")
    print(
        f"{'end to end:':<16}{options.credentials / span:.1f} credentials/s "
        f"(approval committed -> signed credential -> holder e-mailed with the PDF; {span:.1f} s)"
    )
    labels = {
        "sign": "signing (eddsa-rdfc-2022 proof + VC-JWT)",
        "status": "status list bit flip + list re-signed",
        "bake": "baking the badge PNG",
        "pdf": "rendering the PDF certificate",
    }
    for key, label in labels.items():
        values = [value * 1000 for value in timings[key]]
        print(
            f"{key + ':':<16}median {statistics.median(values):.2f} ms, "
            f"max {max(values):.2f} ms ({label}, {len(values)} credentials)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
