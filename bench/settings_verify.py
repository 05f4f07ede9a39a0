"""Settings of the web processes bench/verify_api.py starts: the integration settings (PostgreSQL
and the Redis cache from TEST_DATABASE_URL and TEST_REDIS_URL, persistent connections), plus a
bare DRF endpoint for the baseline (bench/urls_verify.py) and rate limits out of the way."""

from lms.settings.integration import *  # noqa: F403

ROOT_URLCONF = "bench.urls_verify"
SEBAYA_API_RATE = "100000000/min"
SEBAYA_API_BULK_RATE = "100000000/min"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
