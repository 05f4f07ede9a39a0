"""Fixtures of the integration suite: real PostgreSQL, brokers, and Celery worker and beat processes.

Run with `pytest --integration --ds=lms.settings.integration tests/integration` (scripts/test.sh
does). Every test here is marked `integration` and uses `django_db(transaction=True)`: the worker is
another process and sees only committed rows.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from . import harness

LOG_DIR = pytest.StashKey[Path]()


def pytest_configure(config):
    if not config.getoption("--integration"):
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql" or settings.CELERY_TASK_ALWAYS_EAGER:
        raise pytest.UsageError(
            f"The integration suite needs PostgreSQL and a real broker, but the settings are "
            f"{settings.SETTINGS_MODULE} ({engine}). Run it with --ds=lms.settings.integration, "
            "as scripts/test.sh does."
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, show the end of every service log the test wrote (worker, beat, redis)."""
    report = yield
    log_dir = item.stash.get(LOG_DIR, None)
    if report.failed and log_dir is not None:
        for path in sorted(log_dir.glob("*.log")):
            report.sections.append((f"{path.name} (last lines)", harness.tail(path)))
    return report


@pytest.fixture(scope="session")
def postgres_service():
    from django.conf import settings

    url = harness.database_url_from_settings(settings.DATABASES["default"])
    harness.require(lambda: harness.check_postgres(url))


@pytest.fixture(scope="session")
def django_db_setup(postgres_service, django_db_setup, django_db_blocker):
    """pytest-django's test database, once PostgreSQL is known to answer (skip or fail clearly
    instead of erroring in every test).

    The throwaway database commits without waiting for its WAL to reach the disk: visibility and
    locking are unchanged (what the suite tests), only a server crash could lose the last commits.
    """
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"ALTER DATABASE {name} SET synchronous_commit TO off")
        cursor.execute("SET synchronous_commit TO off")  # this session was opened before
    yield


@pytest.fixture
def log_dir(request, tmp_path) -> Path:
    path = tmp_path / "logs"
    path.mkdir()
    request.node.stash[LOG_DIR] = path
    return path


@pytest.fixture
def redis_broker() -> str:
    """The environment's Redis broker (TEST_BROKER_URL), emptied before and after the test."""
    url = harness.broker_url()
    harness.require(lambda: harness.check_broker(url))
    harness.empty_broker(url)
    yield url
    harness.empty_broker(url)


@pytest.fixture
def throwaway_redis(log_dir) -> harness.RedisServer:
    """A redis-server of the test's own, which the test may stop and start again."""
    server = harness.require(lambda: harness.RedisServer(log_dir))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def rabbitmq_broker() -> str:
    """The environment's RabbitMQ (TEST_AMQP_URL), its task queue emptied before and after."""
    url = harness.amqp_url()
    harness.require(lambda: harness.check_broker(url))
    harness.empty_broker(url)
    yield url
    harness.empty_broker(url)


@pytest.fixture
def relay_broker():
    """`relay_broker(url)` points this process's Celery app (the after-commit relay, /readyz) at
    `url` until the end of the test."""
    with contextlib.ExitStack() as stack:
        yield lambda url: stack.enter_context(harness.celery_app_broker(url))


class CeleryProcesses:
    """The Celery processes of one test, all on the test database."""

    def __init__(self, log_dir: Path, database_url: str) -> None:
        self.log_dir = log_dir
        self.database_url = database_url
        self.started: list[harness.CeleryProcess] = []
        self.supervisors: dict[str, harness.Supervisor] = {}

    def start(
        self,
        broker_url: str,
        *,
        worker: str | None = "worker",
        beat: bool = True,
        supervise: bool = False,
        env: dict[str, str] | None = None,
    ) -> harness.CeleryProcess | None:
        """Start a worker named `worker` (None: no worker) and, with `beat`, Celery beat, all on
        `broker_url`; return the worker once every process started is ready. With `supervise`,
        a worker that exits on its own is started again (see harness.Supervisor). `env` adds
        to the processes' environment (e.g. settings read from it)."""
        env = harness.celery_env(
            database_url=self.database_url, broker_url=broker_url, **(env or {})
        )
        starting = []
        if worker:
            starting.append(harness.worker_process(env, self.log_dir, name=worker))
        if beat:
            starting.append(harness.beat_process(env, self.log_dir))
        self.started.extend(starting)  # stopped at teardown even if one never gets ready
        for process in starting:
            process.wait_ready()
        if worker and supervise:
            self.supervisors[worker] = harness.Supervisor(starting[0])
        return starting[0] if worker else None

    def check_running(self) -> None:
        """Raise harness.ProcessExited if a process the test still needs has died."""
        for process in self.started:
            if process.name not in self.supervisors:
                process.check_running()

    def stop_all(self) -> None:
        """Stop beat first (no more sweeps), then the workers (warm: running tasks finish). After
        this nothing can change the database behind the test's back."""
        for supervisor in self.supervisors.values():
            supervisor.release()
        for process in sorted(self.started, key=lambda p: p.name != "beat"):
            process.stop()


@pytest.fixture
def celery_processes(transactional_db, log_dir):
    """Start Celery workers and beat against the test database (`.start(broker_url)`).

    At teardown every process is stopped and its database sessions are gone before pytest-django
    empties the tables (and, at the end, drops the database).
    """
    from django.db import connection

    processes = CeleryProcesses(
        log_dir, harness.database_url_from_settings(connection.settings_dict)
    )
    yield processes
    processes.stop_all()
    harness.wait_until(
        lambda: harness.other_database_sessions(connection) == 0,
        timeout=30,
        message="the Celery processes' database sessions to close",
    )
