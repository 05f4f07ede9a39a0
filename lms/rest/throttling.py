"""Per-key rate limits in the default cache (Redis in production, so every web process shares
them). A view picks its bucket with `throttle_scope` ("api" by default, "api_bulk" for the bulk
verification); rates are read from settings on every request:

    SEBAYA_API_RATE = "600/min"        SEBAYA_API_BULK_RATE = "30/min"

Over the rate: 429 `rate-limited` with `Retry-After` (seconds).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .authentication import ApiClient

RATE_SETTINGS = {"api": "SEBAYA_API_RATE", "api_bulk": "SEBAYA_API_BULK_RATE"}
DEFAULT_RATES = {"api": "600/min", "api_bulk": "30/min"}


class ApiKeyRateThrottle(SimpleRateThrottle):
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
        return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        setting = RATE_SETTINGS.get(self.scope, "SEBAYA_API_RATE")
        return getattr(settings, setting, DEFAULT_RATES.get(self.scope, DEFAULT_RATES["api"]))

    def get_cache_key(self, request, view) -> str | None:
        client = request.user
        if not isinstance(client, ApiClient):
            return None  # refused anyway (401)
        return self.cache_format % {"scope": self.scope, "ident": client.api_key.prefix}
