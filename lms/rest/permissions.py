"""Scopes: a view declares what its key must be allowed to do.

    class CredentialDetailApi(APIView):
        permission_classes = [HasScope]
        required_scopes = {"credentials:verify"}
        # or per method: {"GET": {"roster:read"}, "POST": {"roster:write"}}

A key without the scope answers 403 `insufficient-scope`, naming it.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from .authentication import ApiClient
from .problems import Problem


def required_scopes(view, method: str) -> frozenset[str]:
    scopes = getattr(view, "required_scopes", None)
    if isinstance(scopes, dict):
        scopes = scopes.get(method.upper(), scopes.get("HEAD") if method == "OPTIONS" else None)
        if scopes is None and method.upper() == "HEAD":
            scopes = view.required_scopes.get("GET")
    return frozenset(scopes or ())


class HasScope(BasePermission):
    """Authenticated by an API key that has every scope the view requires for the method. A
    view that declares no scopes is refused (a forgotten declaration must not open it)."""

    def has_permission(self, request, view) -> bool:
        client = request.user
        if not isinstance(client, ApiClient):
            return False  # DRF answers 401 (NotAuthenticated) for an anonymous request
        method = request.method.lower()
        if method not in view.http_method_names or not hasattr(view, method):
            return True  # the view answers 405
        if method == "options" and getattr(view, "metadata_class", None) is None:
            return True  # no metadata: 405 as well
        needed = required_scopes(view, request.method)
        if not needed:
            raise Problem("forbidden", "This operation is not open to API keys.")
        missing = sorted(needed - client.scopes)
        if missing:
            raise Problem(
                "insufficient-scope",
                f"This operation needs the scope {', '.join(missing)}; the key does not have it.",
                scope=" ".join(missing),
            )
        return True
