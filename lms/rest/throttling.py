"""Per-key rate limits in the default cache (Redis in production, so every web process shares
them). A view picks its bucket with `throttle_scope` ("api" by default, "api_bulk" for the bulk
verification); rates are read from settings on every request:

    SEBAYA_API_RATE = "600/min"        SEBAYA_API_BULK_RATE = "30/min"

Over the rate: 429 `rate-limited` with `Retry-After` (seconds).

DRF's SimpleRateThrottle keeps every request's timestamp in one cache value, read and written
whole on each request (racy across processes, and as large as the rate). This one counts
requests per fixed window with an atomic increment: one round trip to Redis (a pipeline of INCR
and EXPIRE), exact across processes. A client may send up to twice the rate across a window boundary.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from .authentication import ApiClient

RATE_SETTINGS = {"api": "SEBAYA_API_RATE", "api_bulk": "SEBAYA_API_BULK_RATE"}
DEFAULT_RATES = {"api": "600/min", "api_bulk": "30/min"}


class ApiKeyRateThrottle(SimpleRateThrottle):
    cache = None  # the default cache, resolved per request (tests swap the settings)
    cache_format = "throttle_%(scope)s_%(ident)s"

    def __init__(self):
        # The scope comes from the view, so the rate is resolved in allow_request.
        pass

    def allow_request(self, request, view):
        self.scope = getattr(view, "throttle_scope", "api")
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.cache = caches["default"]
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        return self._count(f"{key}_{window}") <= self.num_requests

    def _count(self, key: str) -> int:
        """This window's requests, this one included: one round trip to Redis (INCR and
        EXPIRE in a pipeline), or the cache's add and incr with another backend."""
        timeout = self.duration + 1
        if isinstance(self.cache, RedisCache):
            full_key = self.cache.make_and_validate_key(key)
            client = self.cache._cache.get_client(full_key, write=True)
            pipeline = client.pipeline(transaction=False)
            pipeline.incr(full_key)
            pipeline.expire(full_key, timeout)
            count, _expiry_set = pipeline.execute()
            return int(count)
        self.cache.add(key, 0, timeout)
        try:
            return self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, timeout)
            return 1

    def wait(self) -> float:
        return max(1.0, self.window_end - self.now)

    def get_rate(self) -> str | None:
        setting = RATE_SETTINGS.get(self.scope, "SEBAYA_API_RATE")
        return getattr(settings, setting, DEFAULT_RATES.get(self.scope, DEFAULT_RATES["api"]))

    def get_cache_key(self, request, view) -> str | None:
        client = request.user
        if not isinstance(client, ApiClient):
            return None  # refused anyway (401)
        return self.cache_format % {"scope": self.scope, "ident": client.api_key.prefix}
