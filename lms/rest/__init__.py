"""The partner API's platform: API-key authentication, scopes, RFC 9457 problem details,
per-key rate limits, cursor pagination and the OpenAPI schema (lms.urls mounts it at /api/).

A plain package, not an app: it holds no models. The API keys themselves belong to
lms.organizations; each app's endpoints live in its own `rest_api/v1/`.
"""
