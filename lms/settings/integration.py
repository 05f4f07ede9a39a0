"""Integration-test settings: the test settings against real services.

PostgreSQL, a real broker (Redis or RabbitMQ) and the Redis cache, found through the environment:
TEST_DATABASE_URL, TEST_BROKER_URL, TEST_REDIS_URL (defaults: the services on 127.0.0.1).
"""

from .test import *
from .test import env

DATABASES = {
    "default": env.db_url_config(
        env.str("TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/sebaya")
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_sebaya")}
CELERY_BROKER_URL = env.str("TEST_BROKER_URL", default="redis://127.0.0.1:6379/15")
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {
    "default": env.cache_url_config(env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/14"))
}
