"""Test settings. The fast suite runs on SQLite with Celery eager; the integration suite
(`pytest --integration`) points DATABASE_URL, CELERY_BROKER_URL and REDIS_URL at real services."""

from .base import *
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"

# The probe app gives the event-spine tests handlers with effects they can count.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.probe"]

# Webhook tests send to a receiver on 127.0.0.1 over plain http (lms.events.webhooks.ssrf).
SEBAYA_WEBHOOKS_ALLOW_PRIVATE = env.bool("SEBAYA_WEBHOOKS_ALLOW_PRIVATE", default=True)
SEBAYA_WEBHOOKS_ALLOW_HTTP = env.bool("SEBAYA_WEBHOOKS_ALLOW_HTTP", default=True)
