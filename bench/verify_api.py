"""Benchmark the partner API's credential verification under gunicorn on PostgreSQL with a
million credentials.

    .venv/bin/python bench/verify_api.py [--credentials 1000000] [--seconds 10] [--clients 16]

Uses its own PostgreSQL database (`sebaya_bench_api` on the server of TEST_DATABASE_URL, like the
other benches) and a throwaway redis-server as the cache (the per-key rate limits live there, as
in production). Inserts the credentials once with INSERT … SELECT generate_series (placeholder
signed documents: verification by id reads only the row's columns); a rerun reuses them. Starts
gunicorn as the README runs it (sync workers, one per core, persistent database connections),
then, from one run, prints:

- the bare DRF baseline: requests/s of /bench/bare (a DRF view with nothing in it) served the
  same way;
- GET /api/v1/credentials/{id} with an API key, random ids among the million: requests/s, its
  ratio to the baseline, p50/p99 latency (each verification is also logged, one INSERT);
- POST /api/v1/credentials/verify-bulk with 1,000 random ids: the time of one request (median of
  several).

The load generator is this process: --clients threads, each with its own keep-alive connection
(http.client; gunicorn's sync workers close it after each answer, so it reconnects as a client
of a sync server must). It shares the machine's cores with the server, equally for both phases.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.events import bench_database_url, ensure_database, percentile  # noqa: E402
from tests.integration import harness  # noqa: E402

SETTINGS = "bench.settings_verify"
SAMPLE_IDS = 20_000


def insert_credentials(count: int) -> None:
    """`count` credentials of one holder and programme (placeholder documents; distinct random
    programme keys keep the one-current-credential constraint out of the way): 90% active,
    4% revoked, 3% expired, 2% suspended, 1% replaced."""
    from django.db import connection, transaction
    from wagtail.models import Locale

    from certification.models import Credential, Programme
    from lms.accounts.models import User

    have = Credential.objects.count()
    if have >= count:
        print(f"reusing {have} credentials")
        return
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE certification_credential, certification_verificationlog CASCADE")
    holder, _ = User.objects.get_or_create(
        email="holder@bench.example", defaults={"display_name": "Bench Holder"}
    )
    programme = Programme.objects.filter(
        slug="bench-programme"
    ).first() or Programme.objects.create(
        name="Bench Programme",
        slug="bench-programme",
        description="A programme for the benchmark.",
        criteria="None.",
        locale=Locale.get_default(),
    )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO certification_credential (
                public_id, holder_id, programme_id, programme_key, status, origin, issued_at,
                valid_from, valid_until, suspended_until, revocation_reason, display_name,
                is_public, language_code, hours, practicum_hours, document, jwt
            )
            SELECT
                gen_random_uuid(), %(holder)s, %(programme)s, gen_random_uuid(),
                CASE WHEN n %% 100 < 90 THEN 'active' WHEN n %% 100 < 94 THEN 'revoked'
                     WHEN n %% 100 < 97 THEN 'expired' WHEN n %% 100 < 99 THEN 'suspended'
                     ELSE 'replaced' END,
                'earned', now() - interval '30 days', now() - interval '30 days',
                now() + interval '700 days', NULL, '', 'Bench Holder', n %% 10 <> 0, 'en',
                '{}'::jsonb, 0, '{"placeholder": true}'::jsonb, ''
            FROM generate_series(1, %(count)s) AS n
            """,
            {"holder": holder.pk, "programme": programme.pk, "count": count},
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE certification_credential")
    print(f"inserted {count} credentials in {time.perf_counter() - started:.1f} s")


def make_key() -> str:
    from django.db import transaction

    from lms.organizations import services
    from lms.organizations.models import Organization

    with transaction.atomic():
        organization = Organization.objects.filter(slug="bench-partner").first()
        if organization is None:
            organization = services.organization_create(name="Bench Partner", slug="bench-partner")
        return services.api_key_create(
            organization=organization,
            name="bench",
            scopes=["credentials:verify"],
            created_by=None,
        ).key


class Load:
    """`clients` threads sending requests for `seconds`; records each latency."""

    def __init__(self, port: int, clients: int, key: str, paths: list[str]):
        self.port, self.clients, self.paths = port, clients, paths
        self.headers = {"Authorization": f"Bearer {key}", "Connection": "keep-alive"}
        self.latencies: list[float] = []
        self.errors = 0
        self.lock = threading.Lock()

    def _worker(self, deadline: float, seed: int) -> None:
        pick = random.Random(seed).choice
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        mine, errors = [], 0
        while time.perf_counter() < deadline:
            path = pick(self.paths)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=self.headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with self.lock:
            self.latencies += mine
            self.errors += errors

    def run(self, seconds: float) -> float:
        deadline = time.perf_counter() + seconds
        threads = [
            threading.Thread(target=self._worker, args=(deadline, n)) for n in range(self.clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return len(self.latencies) / (time.perf_counter() - started)


def warm(port: int, key: str, paths: list[str], *, timeout: float = 300.0) -> None:
    """Until every worker has loaded the URLconf and opened its connections (a worker's first
    request takes seconds): until 40 requests in a row each answer within 100 ms."""
    deadline = time.perf_counter() + timeout
    fast = 0
    while fast < 40:
        if time.perf_counter() > deadline:
            raise RuntimeError("the web workers never became fast")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.perf_counter()
        connection.request("GET", random.choice(paths), headers={"Authorization": f"Bearer {key}"})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"warm-up answered {response.status}")
        fast = fast + 1 if time.perf_counter() - started < 0.1 else 0


def post(port: int, key: str, path: str, body: dict) -> tuple[int, float, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    payload = json.dumps(body).encode()
    started = time.perf_counter()
    connection.request(
        "POST",
        path,
        body=payload,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, elapsed, data


def machine_facts(workers: int, clients: int) -> list[tuple[str, str]]:
    import platform
    from datetime import UTC, datetime

    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("cores", f"{os.cpu_count()} ({models[0] if models else platform.processor()})"),
        ("python", platform.python_version()),
        ("postgresql", f"{postgres} (loopback)"),
        ("cache", "Redis (throwaway redis-server on loopback): rate limits"),
        ("web", f"gunicorn, {workers} sync workers, persistent DB connections"),
        ("load", f"{clients} client threads in one process on the same machine"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--credentials", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="per measured phase")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--bulk-runs", type=int, default=15)
    parser.add_argument("--database", default="sebaya_bench_api")
    options = parser.parse_args()

    database_url = bench_database_url(options.database)
    harness.check_postgres(database_url)
    ensure_database(database_url)

    with tempfile.TemporaryDirectory(prefix="sebaya-bench-api-") as tmp:
        cache = harness.RedisServer(Path(tmp)).start()
        os.environ.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            TEST_DATABASE_URL=database_url,
            TEST_REDIS_URL=cache.url(1),
        )
        import django

        django.setup()
        from django.core.management import call_command

        from certification.models import Credential

        call_command("migrate", verbosity=0)
        insert_credentials(options.credentials)
        key = make_key()
        ids = [
            str(public_id)
            for public_id in Credential.objects.order_by("?").values_list("public_id", flat=True)[
                :SAMPLE_IDS
            ]
        ]
        facts = machine_facts(options.workers, options.clients)
        from django.db import connections

        connections.close_all()

        port = harness.free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO_ROOT),
            "DATABASE_CONN_MAX_AGE": "60",
        }
        log = (Path(tmp) / "gunicorn.log").open("w")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "lms.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(options.workers),
                "--log-level",
                "warning",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            harness.wait_until(lambda: harness._port_open(port), timeout=30)
            warm(port, key, ["/bench/bare", *(f"/api/v1/credentials/{id_}" for id_ in ids[:50])])

            def phase(paths: list[str]) -> tuple[float, Load]:
                Load(port, options.clients, key, paths).run(2.0)  # warm every worker
                load = Load(port, options.clients, key, paths)
                rate = load.run(options.seconds)
                if load.errors:
                    raise RuntimeError(f"{load.errors} failed requests; see {log.name}")
                return rate, load

            bare_rate, _bare = phase(["/bench/bare"])
            verify_rate, verify = phase([f"/api/v1/credentials/{id_}" for id_ in ids])

            bulk_times = []
            for run in range(options.bulk_runs + 1):
                sample = random.Random(run).sample(ids, 1000)
                status, elapsed, data = post(
                    port, key, "/api/v1/credentials/verify-bulk", {"ids": sample}
                )
                if status != 200 or len(json.loads(data)["results"]) != 1000:
                    raise RuntimeError(f"bulk verification answered {status}: {data[:300]!r}")
                if run:  # the first one warms up
                    bulk_times.append(elapsed)
        except Exception:
            print(harness.tail(Path(log.name)), file=sys.stderr)
            raise
        finally:
            server.terminate()
            server.wait(timeout=30)
            cache.stop()

    latencies = [seconds * 1000 for seconds in verify.latencies]
    for name, value in facts:
        print(f"{name + ':':<14}{value}")
    print(f"{'credentials:':<14}{options.credentials:,}")
    print(f"{'bare DRF:':<14}{bare_rate:,.0f} requests/s")
    print(
        f"{'verify by id:':<14}{verify_rate:,.0f} requests/s = {verify_rate / bare_rate:.2f} x bare "
        f"DRF; latency p50 {percentile(latencies, 50):.1f} ms, p99 "
        f"{percentile(latencies, 99):.1f} ms"
    )
    print(
        f"{'bulk 1,000:':<14}{statistics.median(bulk_times) * 1000:.0f} ms per request "
        f"(median of {len(bulk_times)}; min {min(bulk_times) * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
