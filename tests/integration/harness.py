"""Real services for the integration suite and the benchmarks: find them, check them, run them.

Services are found through the environment (the defaults are those of lms.settings.integration):

    TEST_DATABASE_URL   PostgreSQL                  postgres://postgres@127.0.0.1:5432/sebaya
    TEST_BROKER_URL     the Redis broker            redis://127.0.0.1:6379/15 (the suite empties it)
    TEST_AMQP_URL       RabbitMQ                    amqp://guest:guest@127.0.0.1:5672//
    REDIS_SERVER        redis-server, for throwaway brokers a test may stop   (found on PATH)

A missing service skips the tests that need it, or fails them when CI=true (`require`).

The harness starts what a test controls itself: a throwaway redis-server it can stop and start on
the same port, and Celery worker and beat processes, each in its own process group (so a test can
SIGKILL a worker with its pool children) and with its output in a log file whose tail is shown
when something goes wrong. Nothing here imports Django at module level, so bench/ can use it
before django.setup().
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sebaya"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/15"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"

# Timings short enough for a test to watch the sweep work (see EVENTS in lms/settings/base.py).
FAST_SPINE_TIMINGS = {
    "EVENTS_SWEEP_SECONDS": "1",
    "EVENTS_SWEEP_GRACE_SECONDS": "0.5",
    "EVENTS_REDISPATCH_AFTER_SECONDS": "3",
    "CELERY_VISIBILITY_TIMEOUT": "5",
}

# Celery reads these before its configuration: left in a child's environment they would win over
# the broker a test chose (celery.app.utils.Settings.broker_url).
_CELERY_URL_OVERRIDES = ("CELERY_BROKER_URL", "CELERY_BROKER_READ_URL", "CELERY_BROKER_WRITE_URL")


class ServiceUnavailable(RuntimeError):
    """A service the caller needs cannot be reached (or a binary it needs is not installed)."""


class ProcessExited(RuntimeError):
    """A worker or beat exited while the test still needed it."""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def database_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or DEFAULT_DATABASE_URL


def broker_url() -> str:
    return os.environ.get("TEST_BROKER_URL") or DEFAULT_BROKER_URL


def amqp_url() -> str:
    return os.environ.get("TEST_AMQP_URL") or DEFAULT_AMQP_URL


def redis_server_binary() -> str:
    wanted = os.environ.get("REDIS_SERVER") or "redis-server"
    binary = shutil.which(wanted)
    if not binary:
        raise ServiceUnavailable(f"{wanted} is not installed (set REDIS_SERVER or PATH).")
    return binary


def require(check: Callable[[], Any]) -> Any:
    """Run `check`; when it raises ServiceUnavailable, fail the test under CI, skip it elsewhere."""
    import pytest

    try:
        return check()
    except ServiceUnavailable as exc:
        problem = str(exc)
    if in_ci():
        pytest.fail(problem, pytrace=False)
    pytest.skip(f"{problem} (with CI=true this fails the run)")


def redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def check_postgres(url: str, *, timeout: float = 3.0) -> None:
    """Connect to the server named by `url` (its maintenance database, so the named one need not
    exist yet)."""
    import psycopg

    try:
        psycopg.connect(maintenance_conninfo(url), connect_timeout=max(int(timeout), 1)).close()
    except psycopg.Error as exc:
        raise ServiceUnavailable(f"PostgreSQL at {redacted(url)} is unreachable: {exc}") from exc


def check_broker(url: str, *, timeout: float = 3.0) -> None:
    """Connect to a Celery broker (Redis or AMQP) once, without retrying."""
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=0)
    except Exception as exc:
        raise ServiceUnavailable(f"The broker at {redacted(url)} is unreachable: {exc}") from exc


def maintenance_conninfo(url: str, dbname: str = "postgres") -> str:
    """A libpq conninfo for `url`'s server, connected to `dbname` instead of `url`'s database."""
    parts = urlsplit(url)
    fields = {
        "host": parts.hostname or "",
        "port": str(parts.port or ""),
        "user": parts.username or "",
        "password": parts.password or "",
        "dbname": dbname,
    }
    return " ".join(f"{k}='{v}'" for k, v in fields.items() if v)


def database_url_from_settings(settings_dict: Mapping[str, Any]) -> str:
    """A postgres:// URL for a Django DATABASES entry (after test setup, the test database)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    host = quote(settings_dict.get("HOST") or "", safe="")  # a socket directory is %-encoded
    port = settings_dict.get("PORT") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    netloc = f"{auth}{host}" + (f":{port}" if port else "")
    return f"postgres://{netloc}/{quote(settings_dict['NAME'], safe='')}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    condition: Callable[[], Any],
    *,
    timeout: float,
    interval: float = 0.05,
    message: str | Callable[[], str] = "condition",
) -> Any:
    """Poll `condition` until it returns something truthy, and return that; raise TimeoutError
    (with `message`, or what `message()` says at that moment) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            text = message() if callable(message) else message
            raise TimeoutError(f"Not reached within {timeout:.0f}s: {text}")
        time.sleep(interval)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return f"({path} was never written)"
    return "\n".join(text.splitlines()[-lines:])


class RedisServer:
    """A redis-server on a free loopback port, with no persistence: stopping it loses every
    queued message, as a broker crash would. `start()` again reuses the same port."""

    def __init__(self, log_dir: Path, *, port: int | None = None) -> None:
        self.binary = redis_server_binary()
        self.port = port or free_port()
        self.log_path = Path(log_dir) / f"redis-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, *, timeout: float = 10.0) -> RedisServer:
        if self.running:
            return self
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    *("--port", str(self.port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no"),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=self.log_path.parent,
            )

        def answering() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"redis-server exited ({self.process.returncode}):\n{tail(self.log_path)}"
                )
            return _port_open(self.port)

        wait_until(answering, timeout=timeout, message=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        _stop_group(self.process, signal.SIGKILL)  # a crash: nothing is saved, nothing flushed
        self.process = None
        wait_until(
            lambda: not _port_open(self.port),
            timeout=10,
            message=f"redis-server on port {self.port} to stop listening",
        )


class CeleryProcess:
    """`python -m celery -A lms <role> ...` in its own process group, logging to a file.

    Started at once; `wait_ready()` waits for the line the role logs when it is ready.
    """

    def __init__(
        self, name: str, args: list[str], env: Mapping[str, str], log_dir: Path, *, ready: str
    ) -> None:
        self.name = name
        self.ready_pattern = ready
        self.log_path = Path(log_dir) / f"{name}.log"
        self._command = [sys.executable, "-m", "celery", "-A", "lms", *args]
        self._env = dict(env)
        self.wanted = True  # False once the test stopped or killed it on purpose
        self.ended = False  # True once stopped or killed and reaped: never signal its group again
        self.process = self._spawn()

    def _spawn(self) -> subprocess.Popen:
        with self.log_path.open("ab") as log:
            return subprocess.Popen(
                self._command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._env,
                cwd=REPO_ROOT,
                start_new_session=True,
            )

    def respawn(self) -> None:
        """Start the same command again (after it exited), appending to the same log."""
        with self.log_path.open("ab") as log:
            log.write(
                f"\n--- {self.name} exited ({self.process.returncode}); restarted ---\n".encode()
            )
        self.process = self._spawn()

    @property
    def pid(self) -> int:
        return self.process.pid

    def check_running(self) -> None:
        """Raise ProcessExited if the process is gone although the test did not end it."""
        if self.wanted and self.process.poll() is not None:
            raise ProcessExited(
                f"{self.name} exited with code {self.process.returncode}:\n{self.tail()}"
            )

    def wait_ready(self, *, timeout: float = 60.0) -> CeleryProcess:
        self.wait_for_log(self.ready_pattern, timeout=timeout)
        return self

    def wait_for_log(self, pattern: str, *, timeout: float = 60.0) -> None:
        """Wait until the log has a line matching `pattern`; fail at once if the process exits."""
        regex = re.compile(pattern)

        def logged() -> bool:
            if regex.search(self.log_path.read_text(errors="replace")):
                return True
            self.check_running()
            return False

        wait_until(
            logged,
            timeout=timeout,
            interval=0.1,
            message=lambda: f"{self.name} to log {pattern!r}; log tail:\n{self.tail()}",
        )

    def kill(self) -> None:
        """SIGKILL the whole group (the main process and its pool children) and reap it."""
        self._end(signal.SIGKILL)

    def stop(self, *, grace: float = 15.0) -> None:
        """SIGTERM (warm shutdown: running tasks finish), then SIGKILL after `grace` seconds."""
        self._end(signal.SIGTERM, grace=grace)

    def _end(self, sig: int, *, grace: float = 0.0) -> None:
        self.wanted = False
        if not self.ended:
            _stop_group(self.process, sig, grace=grace)
            self.ended = True

    def tail(self, lines: int = 60) -> str:
        return tail(self.log_path, lines)


class Supervisor:
    """Restart a process that exits on its own, as systemd (Restart=always) or Kubernetes would.

    Production runs its workers under such a supervisor; a test that wants to know whether the
    system recovers, rather than whether one process survives, runs them under this one.
    `exits` lists the exit codes of the incarnations that died.
    """

    def __init__(self, process: CeleryProcess, *, interval: float = 0.2) -> None:
        self.process = process
        self.exits: list[int] = []
        self._interval = interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name=f"supervise-{process.name}")
        self._thread.daemon = True
        self._thread.start()

    def _watch(self) -> None:
        while not self._stopping.wait(self._interval):
            code = self.process.process.poll()
            if code is not None and self.process.wanted:
                self.exits.append(code)
                _stop_group(self.process.process, signal.SIGKILL)  # orphaned pool children
                self.process.respawn()

    def release(self) -> None:
        """Stop watching (before the process is stopped on purpose)."""
        self._stopping.set()
        self._thread.join()


def _stop_group(process: subprocess.Popen, sig: int, *, grace: float = 0.0) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=grace if sig != signal.SIGKILL else 10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    # Pool children outlive a main process that went first; none may keep a database session.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def celery_env(
    *,
    database_url: str,
    broker_url: str,
    timings: Mapping[str, str] = FAST_SPINE_TIMINGS,
    **overrides: str,
) -> dict[str, str]:
    """The environment of a worker or beat: the integration settings, `database_url` (the test
    database, not the configured one), `broker_url`, and `timings` (by default short enough for a
    test to watch the sweep work)."""
    env = {k: v for k, v in os.environ.items() if k not in _CELERY_URL_OVERRIDES}
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        # Every process would compile the whole stack again (about 5 s here); cache the bytecode
        # outside the work tree instead, which is what not writing it there is for.
        env.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "sebaya-pycache"))
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.integration",
        TEST_DATABASE_URL=database_url,
        TEST_BROKER_URL=broker_url,
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    )
    env.update(timings)
    env.update(overrides)
    return env


def worker_process(
    env: Mapping[str, str], log_dir: Path, *, name: str = "worker", concurrency: int = 2
) -> CeleryProcess:
    """A prefork worker with `concurrency` pool processes (call `wait_ready()`)."""
    return CeleryProcess(
        name,
        [
            "worker",
            *("--concurrency", str(concurrency), "--pool", "prefork"),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            *("--hostname", f"{name}@%h", "--loglevel", "INFO"),
        ],
        env,
        log_dir,
        ready=r"@\S+ ready\.",
    )


def beat_process(env: Mapping[str, str], log_dir: Path) -> CeleryProcess:
    """Celery beat with its schedule file in `log_dir` (call `wait_ready()`)."""
    return CeleryProcess(
        "beat",
        ["beat", "-s", str(Path(log_dir) / "beat-schedule"), "--loglevel", "INFO"],
        env,
        log_dir,
        ready=r"beat: Starting\.\.\.",
    )


@contextlib.contextmanager
def celery_app_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app (the after-commit relay, /readyz) at `url`, then back.

    Celery caches its broker connection pool and producer pool, and kombu keeps every pool in a
    global registry: both are dropped so the next publish connects to `url`.
    """
    from kombu import pools

    from lms.celery import app

    saved_env = {k: os.environ.pop(k) for k in _CELERY_URL_OVERRIDES if k in os.environ}
    original = app.conf.broker_url

    def switch(to: str) -> None:
        app.conf.broker_url = to
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(original)
        os.environ.update(saved_env)


def empty_broker(url: str) -> None:
    """Drop what an earlier run left on a shared test broker: the whole Redis database (queued and
    unacknowledged messages), or RabbitMQ's task queue."""
    from kombu import Connection

    with Connection(url, connect_timeout=3) as conn:
        channel = conn.default_channel
        if urlsplit(url).scheme in {"redis", "rediss"}:
            channel.client.flushdb()
            return
        with contextlib.suppress(*conn.channel_errors):  # no queue yet: nothing to drop
            channel.queue_purge("celery")


def other_database_sessions(connection) -> int:
    """Sessions on this connection's database other than its own (the workers' ones)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]
