"""The partner API's per-key rate limits in a real Redis (as in production): counted across
every web process by one atomic INCR per request."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.rest.fixtures import *  # noqa: F403 - the API fixtures
from tests.rest.fixtures import assert_problem

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.urls("tests.rest.urls")]


def test_a_key_over_its_rate_gets_429_counted_in_redis(throwaway_redis, make_key, make_api_client):
    cache_settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": throwaway_redis.url(3),
        }
    }
    with override_settings(CACHES=cache_settings, SEBAYA_API_RATE="3/min"):
        _api_key, key = make_key()
        first, second = make_api_client(key), make_api_client(key)  # two "processes"
        for client in (first, second, first):
            assert client.get("/api/probe/scoped").status_code == 200
        response = second.get("/api/probe/scoped")
        assert_problem(response, 429, "rate-limited")
        assert 1 <= int(response["Retry-After"]) <= 61
        keys = caches["default"]._cache.get_client(write=False).keys("*throttle_api_*")
        assert len(keys) == 1
        assert caches["default"]._cache.get_client(write=False).ttl(keys[0]) <= 61
