"""The embedded default: SQLite, Celery eager, e-mail to the console, a generated secret.

Runs with no environment at all (`manage.py` defaults to this module).
"""

import secrets

from .base import *
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])


def _development_secret() -> str:
    """A random secret, generated once per checkout and kept in var/ so sessions survive restarts."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or _development_secret()

# No broker on the embedded default: tasks run in the process that queues them.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A partner trying the API on their own machine receives webhooks on localhost over plain http
# (docs/partner-quickstart.md). Production refuses both (lms.settings.base).
SEBAYA_WEBHOOKS_ALLOW_PRIVATE = env.bool("SEBAYA_WEBHOOKS_ALLOW_PRIVATE", default=True)
SEBAYA_WEBHOOKS_ALLOW_HTTP = env.bool("SEBAYA_WEBHOOKS_ALLOW_HTTP", default=True)

# SQLite under the Wagtail admin, which sends several requests at once: writers queue instead of
# failing with "database is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
