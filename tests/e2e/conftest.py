"""Browser journeys against the running product (`pytest --e2e tests/e2e`).

The session starts the server itself: a fresh copy of a seeded demo database (migrate, seed_demo
and tests/e2e/prepare.py, cached under var/e2e-cache/ by the hash of the migrations and the demo
content), `manage.py runserver` on a free port with tests/e2e/settings.py, e-mail written to a
mailbox directory the tests read, Celery eager. Chromium is Debian's (`/usr/bin/chromium`, see
scripts/install-browser.sh), driven headless by Playwright; a missing browser skips the suite, or
fails it when CI=true. On a failure every open page is screenshotted into test-artifacts/failures/.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .helpers import ARTIFACTS, CHROMIUM_ARGS, Mailbox, Server

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "var" / "e2e-cache"
CHROMIUM = os.environ.get("SEBAYA_E2E_CHROMIUM", "/usr/bin/chromium")
# What the seeded database depends on: a change to any of these seeds it again.
SEED_INPUTS = (
    "*/migrations/*.py",
    "*/*/migrations/*.py",
    "**/demo_content/**/*",
    "**/demo.py",
    "**/demo_content.py",
    "lms/core/management/commands/seed_demo.py",
    "tests/e2e/prepare.py",
    "tests/e2e/settings.py",
)
SKIP_DIRS = {".venv", ".tools", "var", "node_modules", ".git"}


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# The server -------------------------------------------------------------------------------------


def _seed_key() -> str:
    digest = hashlib.sha256()
    files: set[Path] = set()
    for pattern in SEED_INPUTS:
        for path in ROOT.glob(pattern):
            relative = path.relative_to(ROOT)
            if path.is_file() and not SKIP_DIRS.intersection(relative.parts):
                files.add(relative)
    for relative in sorted(files):
        digest.update(str(relative).encode() + b"\0" + (ROOT / relative).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(*, data: Path, site_url: str = "http://127.0.0.1:8000") -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # The integration suite's services are not this server's: it runs on the embedded default.
        if key not in {"CELERY_BROKER_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER", "LOG_LEVEL"}
        and not key.startswith(("DJANGO_", "SEBAYA_", "EMAIL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.e2e.settings",
        DJANGO_SECRET_KEY="e2e-only-not-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{data / 'db.sqlite3'}",
        MEDIA_ROOT=str(data / "media"),
        EMAIL_FILE_PATH=str(data / "mail"),
        SEBAYA_SIGNING_KEY_FILE=str(data / "signing-key.pem"),
        SITE_URL=site_url,
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(*args: str, env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        out.write(f"\n$ manage.py {' '.join(args)}\n")
        out.flush()
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    if result.returncode:
        pytest.fail(f"manage.py {args[0]} failed; see {log}", pytrace=False)


def _signing_key_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _seeded_database() -> Path:
    """The cached seeded database directory (db.sqlite3, signing-key.pem, facts.json, media/)."""
    key = _seed_key()
    cached = CACHE_DIR / key
    if (cached / "facts.json").exists():
        return cached
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    building = CACHE_DIR / f"{key}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    (building / "mail").mkdir(parents=True)
    (building / "media").mkdir()
    (building / "signing-key.pem").write_bytes(_signing_key_pem())
    env = _server_env(data=building)
    log = ARTIFACTS / "e2e-seed.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"seeding the e2e database {key}\n")
    started = time.monotonic()
    _manage("migrate", "--noinput", env=env, log=log)
    _manage("seed_demo", env=env, log=log)
    with log.open("a") as out:
        result = subprocess.run(
            [sys.executable, "-m", "tests.e2e.prepare", str(building / "facts.json")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
    if result.returncode:
        pytest.fail(f"tests/e2e/prepare.py failed; see {log}", pytrace=False)
    shutil.rmtree(building / "mail")
    for old in CACHE_DIR.iterdir():
        if old.name != key and not old.name.startswith(f"{key}."):
            shutil.rmtree(old, ignore_errors=True)
    building.rename(cached)
    print(f"\nseeded the e2e database in {time.monotonic() - started:.0f} s ({cached})")
    return cached


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    cached = _seeded_database()
    data = tmp_path_factory.mktemp("e2e-server")
    for database in cached.glob("db.sqlite3*"):
        shutil.copy2(database, data / database.name)
    shutil.copy2(cached / "signing-key.pem", data / "signing-key.pem")
    shutil.copytree(cached / "media", data / "media")
    (data / "mail").mkdir()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = _server_env(data=data, site_url=url)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(ARTIFACTS / "failures", ignore_errors=True)
    log = (ARTIFACTS / "e2e-server.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited; see {log.name}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.terminate()
            pytest.fail(f"the server did not answer /healthz; see {log.name}", pytrace=False)
        time.sleep(0.3)
    facts = json.loads((cached / "facts.json").read_text())
    try:
        yield Server(url=url, facts=facts, mailbox=Mailbox(data / "mail"), data=data)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# The browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        problem = f"{CHROMIUM} is missing: run scripts/install-browser.sh"
        if _ci():
            pytest.fail(problem, pytrace=False)
        pytest.skip(f"{problem} (with CI=true this fails the run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_context(request, browser, server):
    """Make a browser context (one person's browser); closed after the test, with screenshots of
    its pages when the test failed."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", server.url)
        options.setdefault("viewport", {"width": 1280, "height": 800})
        options.setdefault("locale", "en-GB")
        options.setdefault("accept_downloads", True)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(30_000)
        contexts.append(context)
        return context

    yield make
    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    for number, context in enumerate(contexts):
        if failed:
            folder = ARTIFACTS / "failures"
            folder.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(context.pages):
                name = f"{request.node.name}-{number}-{index}.png"
                try:
                    page.screenshot(path=str(folder / name), full_page=True)
                    print(f"screenshot of {page.url}: {folder / name}")
                except Exception as error:
                    print(f"no screenshot of {page.url}: {error}")
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()
