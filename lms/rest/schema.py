"""The OpenAPI schema (drf-spectacular): every operation documents the problems it may answer
and the scope its key needs, so views declare only their own success responses."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

from .permissions import required_scopes
from .problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem details object."""

    type = serializers.URLField(help_text="A stable URI naming the problem; see its page.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False, help_text="The request's path.")
    errors = serializers.JSONField(
        required=False,
        help_text="For invalid-request: the invalid fields and their messages.",
    )
    scope = serializers.CharField(
        required=False, help_text="For insufficient-scope: the scope(s) the key lacks."
    )

    class Meta:
        ref_name = "Problem"


_PROBLEMS_ALWAYS = (400, 401, 403, 429)
_PROBLEMS_WITH_BODY = (413, 415)


class AutoSchema(SpectacularAutoSchema):
    """Adds the problems every operation may answer (400, 401, 403, 429; 404 with a path
    parameter or for reads; 413 and 415 with a body) and those a view declares in
    `problem_statuses` (e.g. `(409,)`)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = [*_PROBLEMS_ALWAYS, *getattr(self.view, "problem_statuses", ())]
        if self.method in ("POST", "PUT", "PATCH"):
            codes += _PROBLEMS_WITH_BODY
        if self.method in ("GET", "HEAD", "PUT", "PATCH", "DELETE") or "{" in self.path:
            codes.append(404)
        for code in sorted(set(codes)):
            if str(code) in responses:
                continue
            response = self._get_response_for_code(
                ProblemSerializer, str(code), media_types=[PROBLEM_CONTENT_TYPE]
            )
            slugs = [p for p in PROBLEM_TYPES.values() if p.status == code]
            response["description"] = " / ".join(f"{p.title}" for p in slugs)
            if code == 429:
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before trying again.",
                    }
                }
            responses[str(code)] = response
        return responses

    def get_description(self) -> str:
        description = super().get_description() or ""
        scopes = sorted(required_scopes(self.view, self.method))
        if scopes:
            needed = ", ".join(f"`{scope}`" for scope in scopes)
            description = f"{description}\n\nScope: {needed}.".strip()
        return description


def partner_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the schema describes /api/v1/ only (not Wagtail's own
    admin API, which is DRF too)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
