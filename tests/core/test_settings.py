"""The production profile: required configuration, fails at boot without it, deploy check clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.prod",
    "DJANGO_SECRET_KEY": "x" * 64 + "-production-grade-secret-for-the-check",
    "DJANGO_ALLOWED_HOSTS": "sebaya.example",
    "DATABASE_URL": "postgres://sebaya@127.0.0.1:5432/sebaya",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "SEBAYA_SIGNING_KEY_FILE": "/run/secrets/sebaya-signing-key.pem",
}


def _manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "SEBAYA_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_prod_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_fails_at_boot_with_a_clear_message():
    env = {k: v for k, v in PROD_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_missing_database_url_fails_at_boot():
    env = {k: v for k, v in PROD_ENV.items() if k != "DATABASE_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_missing_signing_key_fails_at_boot():
    env = {k: v for k, v in PROD_ENV.items() if k != "SEBAYA_SIGNING_KEY_FILE"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SEBAYA_SIGNING_KEY is not set" in result.stderr


def test_embedded_default_needs_no_environment(tmp_path):
    result = _manage("check", env={"DJANGO_SETTINGS_MODULE": "lms.settings.dev"})
    assert result.returncode == 0, result.stderr
