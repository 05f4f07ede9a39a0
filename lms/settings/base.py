"""Settings shared by every profile; each profile (dev, test, prod) reads the environment on top.

Every value that differs between machines is read from the environment (see README, "Configuration").
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "Sebaya"

INSTALLED_APPS = [
    # Ours, lowest layer first: certification -> courses -> cms -> lms.
    "lms.accounts",
    "lms.organizations",
    "lms.events",
    "lms.core",
    "cms",
    "courses",
    "certification",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.accounts.wagtail_apps.SebayaUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    # Translation workflow with PO export/import; wagtail_localize.locales replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    # API
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's 404/405/500 under /api/ as problem details (lms.rest.problems).
    "lms.rest.middleware.ProblemMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, minus the redirect of an unknown /api/ path to /<lang>/api/….
    "lms.rest.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                # Navigation, footer and crisis lines on every page (lms templates name no cms).
                "cms.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# Persistent connections: DESIGN.md measured a 5x difference on hot read paths.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache("REDIS_URL", default="locmemcache://sebaya"),
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# django-allauth: e-mail is the login, verified before first use; failed logins are rate limited.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "lms.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "lms.accounts.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    # Per IP and per account: a guessing attacker is slowed down whichever they vary.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Sebaya] "
# Behind N reverse proxies the client's address is the Nth from the right in X-Forwarded-For;
# with 0 it is REMOTE_ADDR, so behind a proxy every visitor would share one login rate limit.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="lms.core.mail.ConsoleBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sebaya <no-reply@sebaya.example>")

# Internationalisation: English is the source; German and Indonesian are full translations.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("id", _("Indonesian")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The partner API (/api/, lms.rest): organisation API keys with scopes, JSON only, RFC 9457
# problem details for every error, per-key rate limits in the default cache (Redis in production).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["lms.rest.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "lms.rest.permissions.HasScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only under /api/ (lms.rest.negotiation); form parsers stay for the DRF views of
    # third-party apps in the admin (wagtail-localize's translation editor posts forms).
    "DEFAULT_PARSER_CLASSES": [
        "lms.rest.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "lms.rest.negotiation.JsonContentNegotiation",
    "DEFAULT_THROTTLE_CLASSES": ["lms.rest.throttling.ApiKeyRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "lms.rest.pagination.CursorPagination",
    "DEFAULT_SCHEMA_CLASS": "lms.rest.schema.AutoSchema",
    "EXCEPTION_HANDLER": "lms.rest.problems.exception_handler",
    # OPTIONS answers 405: the OpenAPI schema describes every operation.
    "DEFAULT_METADATA_CLASS": None,
    "UNAUTHENTICATED_USER": None,
    "UNAUTHENTICATED_TOKEN": None,
    "STRICT_JSON": True,
    "COERCE_DECIMAL_TO_STRING": True,
}
# Per API key (lms.rest.throttling): every operation, and the bulk verification on its own.
SEBAYA_API_RATE = env.str("SEBAYA_API_RATE", default="600/min")
SEBAYA_API_BULK_RATE = env.str("SEBAYA_API_BULK_RATE", default="30/min")
# The largest request body an API operation reads (never above DATA_UPLOAD_MAX_MEMORY_SIZE);
# the bulk verification (1,000 ids, about 40 KB) has its own, lower limit.
SEBAYA_API_MAX_BODY_BYTES = env.int("SEBAYA_API_MAX_BODY_BYTES", default=256 * 1024)
SPECTACULAR_SETTINGS = {
    "PARSER_WHITELIST": ["lms.rest.parsers.JSONParser"],
    "TITLE": "Sebaya Partner API",
    "DESCRIPTION": (
        "Verify Sebaya credentials, read and manage your organisation's members, manage webhooks "
        "and read the event feed. Authenticate with an organisation API key "
        "(`Authorization: Bearer sbk_…`), created by a coordinator; each operation names the "
        "scope it needs. Errors are RFC 9457 problem details (`application/problem+json`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["lms.rest.schema.partner_api_only"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl None: the docs page never calls swagger.io (it works offline). No deep links:
    # Swagger UI puts them as links inside each operation's button (nested controls, WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None, "tryItOutEnabled": False},
    # Several components have a `status`: name each set of values once.
    "ENUM_NAME_OVERRIDES": {
        "WebhookEndpointStatusEnum": "lms.events.models.WebhookEndpoint.Status",
        "WebhookDeliveryStatusEnum": "lms.events.models.WebhookDelivery.Status",
        "CredentialStatusEnum": ["active", "expired", "suspended", "revoked", "replaced"],
        "MemberRoleEnum": ["member", "supervisor", "coordinator"],
        "InvitationRoleEnum": ["member", "supervisor"],
    },
}

# Celery: the broker carries one task per handler and event; the outbox in the database is the
# source of truth, so a lost message is re-sent by the sweep (see docs/decisions/0002).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int("CELERY_WORKER_PREFETCH_MULTIPLIER", default=4)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis only: how long an unacknowledged message waits before another worker gets it.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TIMEZONE = "UTC"
# Celery's Django fixup closes every database connection around each task unless this is set;
# lms.celery recycles them like Django's request cycle instead (bench/README.md: 2x throughput).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_BEAT_SCHEDULE = {
    "events-sweep": {
        "task": "lms.events.tasks.sweep",
        "schedule": timedelta(seconds=env.float("EVENTS_SWEEP_SECONDS", default=5.0)),
        "options": {"expires": 30},
    },
    "events-purge": {
        "task": "lms.events.tasks.purge",
        "schedule": crontab(hour=3, minute=17),
    },
    "certification-credentials-daily": {
        "task": "certification.tasks.credentials_daily",
        "schedule": crontab(hour=2, minute=41),
    },
    "certification-submit-overdue-attempts": {
        "task": "certification.tasks.submit_overdue_attempts",
        "schedule": timedelta(seconds=60),
        "options": {"expires": 50},
    },
    "events-webhooks-due": {
        "task": "lms.events.tasks.webhooks_due",
        "schedule": timedelta(seconds=env.float("SEBAYA_WEBHOOKS_DUE_SECONDS", default=5.0)),
        "options": {"expires": 30},
    },
}

# Credentials (certification.credentials). The issuer's Ed25519 signing key, as PKCS#8 PEM:
# SEBAYA_SIGNING_KEY (the PEM itself) or SEBAYA_SIGNING_KEY_FILE (a path to it). Without either,
# development generates one in var/ on first use; production requires one (lms.settings.prod).
# Rotating: configure a new key; the old public key stays in the DID document, so credentials
# it signed still verify.
SEBAYA_SIGNING_KEY = env.str("SEBAYA_SIGNING_KEY", default="")
SEBAYA_SIGNING_KEY_FILE = env.str("SEBAYA_SIGNING_KEY_FILE", default="")
SEBAYA_SIGNING_KEY_GENERATE = True
SEBAYA_ISSUER_NAME = env.str("SEBAYA_ISSUER_NAME", default="Sebaya")
SEBAYA_ISSUER_EMAIL = env.str("SEBAYA_ISSUER_EMAIL", default="")
# How long public credential documents (status lists, verification pages' data) may be cached.
SEBAYA_STATUS_MAX_AGE = env.int("SEBAYA_STATUS_MAX_AGE", default=5)

# The event spine (lms.events).
EVENTS = {
    # An event not published this long after it was recorded is published by the sweep.
    "SWEEP_GRACE_SECONDS": env.float("EVENTS_SWEEP_GRACE_SECONDS", default=2.0),
    # A handler run still pending this long after its event was published is dispatched again
    # (its message was lost: a worker killed mid-task, a broker that lost its queue).
    "REDISPATCH_AFTER_SECONDS": env.float("EVENTS_REDISPATCH_AFTER_SECONDS", default=300.0),
    "SWEEP_BATCH_SIZE": env.int("EVENTS_SWEEP_BATCH_SIZE", default=500),
    # Published events whose handlers all succeeded are deleted after this many days.
    "RETENTION_DAYS": env.int("EVENTS_RETENTION_DAYS", default=30),
    "MAX_RETRIES": env.int("EVENTS_MAX_RETRIES", default=8),
    "RETRY_BACKOFF_SECONDS": env.float("EVENTS_RETRY_BACKOFF_SECONDS", default=2.0),
    "RETRY_BACKOFF_MAX_SECONDS": env.float("EVENTS_RETRY_BACKOFF_MAX_SECONDS", default=600.0),
    # Validate every payload against its JSON Schema in record().
    "VALIDATE_SCHEMAS": env.bool("EVENTS_VALIDATE_SCHEMAS", default=True),
    # /readyz fails when the oldest unpublished event is older than this.
    "READY_MAX_LAG_SECONDS": env.float("EVENTS_READY_MAX_LAG_SECONDS", default=60.0),
}

# Webhooks to partners (lms.events.webhooks). Outgoing requests refuse private, loopback and
# other non-public addresses, and plain http, unless these allow them (tests, local development).
SEBAYA_WEBHOOKS_ALLOW_PRIVATE = env.bool("SEBAYA_WEBHOOKS_ALLOW_PRIVATE", default=False)
SEBAYA_WEBHOOKS_ALLOW_HTTP = env.bool("SEBAYA_WEBHOOKS_ALLOW_HTTP", default=False)
SEBAYA_WEBHOOKS_CONNECT_TIMEOUT = env.float("SEBAYA_WEBHOOKS_CONNECT_TIMEOUT", default=5.0)
SEBAYA_WEBHOOKS_READ_TIMEOUT = env.float("SEBAYA_WEBHOOKS_READ_TIMEOUT", default=10.0)
# Seconds before each retry (jittered between half and all of each step): 11 attempts over
# about three days. The delivery fails after the last step.
SEBAYA_WEBHOOKS_RETRY_SCHEDULE = env.list(
    "SEBAYA_WEBHOOKS_RETRY_SCHEDULE",
    cast=float,
    default=[5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 72000, 86400],
)
SEBAYA_WEBHOOKS_RETRY_AFTER_MAX_SECONDS = env.float(
    "SEBAYA_WEBHOOKS_RETRY_AFTER_MAX_SECONDS", default=6 * 3600.0
)
# An endpoint is disabled (and its coordinators e-mailed) after this many deliveries in a row
# failed, or after this many days of nothing but failures.
SEBAYA_WEBHOOKS_DISABLE_AFTER_FAILURES = env.int(
    "SEBAYA_WEBHOOKS_DISABLE_AFTER_FAILURES", default=5
)
SEBAYA_WEBHOOKS_DISABLE_AFTER_DAYS = env.float("SEBAYA_WEBHOOKS_DISABLE_AFTER_DAYS", default=5.0)
# A delivery whose task was sent this long ago and is still due is sent again (a lost message).
SEBAYA_WEBHOOKS_REDISPATCH_AFTER_SECONDS = env.float(
    "SEBAYA_WEBHOOKS_REDISPATCH_AFTER_SECONDS", default=120.0
)
# A delivery waiting for an earlier one of the same subject looks again after this long.
SEBAYA_WEBHOOKS_ORDER_RECHECK_SECONDS = env.float(
    "SEBAYA_WEBHOOKS_ORDER_RECHECK_SECONDS", default=5.0
)
SEBAYA_WEBHOOKS_DUE_BATCH_SIZE = env.int("SEBAYA_WEBHOOKS_DUE_BATCH_SIZE", default=500)
# After a secret rotation the previous secret also signs for this long.
SEBAYA_WEBHOOKS_SECRET_OVERLAP_HOURS = env.float(
    "SEBAYA_WEBHOOKS_SECRET_OVERLAP_HOURS", default=24.0
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt"]
