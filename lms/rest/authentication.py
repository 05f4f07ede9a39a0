"""API-key authentication: `Authorization: Bearer sbk_<prefix>_<secret>`.

A valid key makes `request.user` an ApiClient (the organisation and the key; there is no person
behind an API call) and `request.auth` the ApiKey. An unknown, revoked or expired key, or one of
an inactive organisation, answers 401. A request without the header is anonymous, and every
endpoint refuses it (401) through DRF's IsAuthenticated.
"""

from __future__ import annotations

import functools
import hmac
from datetime import timedelta

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication

from lms.organizations.models import ApiKey, Organization
from lms.organizations.services import api_key_parse

from .problems import Problem

# last_used_at is written at most this often per key, so a busy key costs one UPDATE a minute.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiClient:
    """Who calls the API: an organisation, through one of its keys. `organization` is loaded
    on first use (most operations need only `organization_id`)."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key
        self.organization_id: int = api_key.organization_id

    @cached_property
    def organization(self) -> Organization:
        return Organization.objects.get(pk=self.organization_id)

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(self.api_key.scopes)

    def __str__(self) -> str:
        return f"API key sbk_{self.api_key.prefix}… of organisation {self.organization_id}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise Problem(
                "unauthenticated", "Send the key as `Authorization: Bearer sbk_…` (one token)."
            )
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise Problem("unauthenticated", "The API key is not valid.") from None
        api_key = authenticate_key(key)
        return ApiClient(api_key), api_key

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


@functools.cache
def _key_sql() -> str:
    """The key by prefix, if its organisation is active: one raw query (the hot path of every
    API call; the ORM would compile the same SQL on every request)."""
    quote = connection.ops.quote_name
    keys, organizations = ApiKey._meta.db_table, Organization._meta.db_table
    return (
        f"SELECT k.* FROM {quote(keys)} k INNER JOIN {quote(organizations)} o "  # noqa: S608 - names from the models; values are parameters
        "ON o.id = k.organization_id WHERE k.prefix = %s AND o.is_active = %s"
    )


def authenticate_key(key: str) -> ApiKey:
    """The usable ApiKey for `key`, recording its use; raises a 401 Problem otherwise. One
    query, plus an UPDATE at most once a minute per key."""
    parsed = api_key_parse(key)
    if parsed is None:
        raise Problem("unauthenticated", "The API key is not valid.")
    prefix, digest = parsed
    api_key = next(iter(ApiKey.objects.raw(_key_sql(), [prefix, True])), None)
    if api_key is None or not hmac.compare_digest(api_key.key_hash, digest):
        raise Problem("unauthenticated", "The API key is not valid.")
    if api_key.revoked_at is not None:
        raise Problem("unauthenticated", "The API key was revoked.")
    now = timezone.now()
    if api_key.expires_at is not None and api_key.expires_at <= now:
        raise Problem("unauthenticated", "The API key has expired.")
    if api_key.last_used_at is None or api_key.last_used_at <= now - LAST_USED_RESOLUTION:
        # Conditional, so concurrent requests of the same key write once.
        ApiKey.objects.filter(pk=api_key.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """The security scheme drf-spectacular shows for ApiKeyAuthentication."""

    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Bearer",  # noqa: S106 - the scheme name, not a secret
        )
        scheme["description"] = (
            "An organisation's API key (`sbk_…`), created by a coordinator on the "
            "organisation's API keys page. Each operation names the scope it needs."
        )
        return scheme
