"""Settings of the server the browser journeys run against (tests/e2e/conftest.py starts it).

The embedded default (SQLite, Celery eager, lms.settings.dev) with what a test run needs: e-mail
written to files the tests read (the test mailbox), a fast password hasher, no login rate limits
(every journey logs in from 127.0.0.1), and webhooks allowed to a receiver on 127.0.0.1 over http.
The database, mailbox, media and signing key are paths the fixture passes in the environment.
"""

from lms.settings.dev import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_RATE_LIMITS = False
SEBAYA_WEBHOOKS_ALLOW_PRIVATE = True
SEBAYA_WEBHOOKS_ALLOW_HTTP = True
SEBAYA_SIGNING_KEY_GENERATE = False
LOGGING["root"]["level"] = env.str("LOG_LEVEL", default="WARNING")  # noqa: F405
# The browser sends several requests at once (the Wagtail admin saves in the background): with
# SQLite's default deferred transactions a write that meets another answers "database is locked"
# at once. Writers take the lock when they begin, and wait for it.
DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
