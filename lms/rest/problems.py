"""RFC 9457 problem details for every error the API answers (`application/problem+json`).

    {"type": "<SITE_URL>/api/problems/not-found", "title": "Not found", "status": 404,
     "detail": "No credential with this id.", "instance": "/api/v1/credentials/…"}

Validation errors add `errors`: {field: [message, …]} (nested as the input is). The `type` URIs
are stable: partners may branch on them. `exception_handler` is DRF's EXCEPTION_HANDLER;
`ProblemMiddleware` (lms.rest.middleware) gives Django's own 404, 405 and 500 answers under /api/
the same shape.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    slug: str
    status: int
    title: str
    description: str


PROBLEM_TYPES: dict[str, ProblemType] = {
    problem.slug: problem
    for problem in [
        ProblemType(
            "invalid-request",
            400,
            "Invalid request",
            "The request could not be understood: malformed JSON, a missing or wrong field "
            "(listed in `errors`), an invalid id, cursor or page size.",
        ),
        ProblemType(
            "unauthenticated",
            401,
            "Unauthenticated",
            "No API key was given, or the key is unknown, revoked or expired. Send "
            "`Authorization: Bearer sbk_…` with a valid key.",
        ),
        ProblemType(
            "forbidden",
            403,
            "Forbidden",
            "The key is valid but may not do this.",
        ),
        ProblemType(
            "insufficient-scope",
            403,
            "Insufficient scope",
            "The key lacks the scope this operation needs (named in `detail` and `scope`). A "
            "coordinator can create a key with that scope.",
        ),
        ProblemType(
            "not-found",
            404,
            "Not found",
            "Nothing with this id exists for your organisation (another organisation's data is "
            "never shown, nor whether it exists).",
        ),
        ProblemType(
            "method-not-allowed",
            405,
            "Method not allowed",
            "This URL does not answer to this HTTP method.",
        ),
        ProblemType(
            "conflict",
            409,
            "Conflict",
            "The request conflicts with the current state (for example, the person is already "
            "a member or already invited).",
        ),
        ProblemType(
            "payload-too-large",
            413,
            "Payload too large",
            "The request body is larger than this operation accepts.",
        ),
        ProblemType(
            "unsupported-media-type",
            415,
            "Unsupported media type",
            "Send request bodies as JSON with `Content-Type: application/json`.",
        ),
        ProblemType(
            "rate-limited",
            429,
            "Too many requests",
            "The key made more requests than its rate allows. Wait the number of seconds in "
            "the `Retry-After` header, then try again.",
        ),
        ProblemType(
            "server-error",
            500,
            "Server error",
            "Something went wrong on our side. It has been logged; try again later.",
        ),
    ]
}


def problem_type_uri(slug: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/api/problems/{slug}"


def problem_body(
    slug: str,
    *,
    instance: str | None = None,
    detail: str | None = None,
    status_code: int | None = None,
    **extra,
) -> dict:
    problem = PROBLEM_TYPES[slug]
    body = {
        "type": problem_type_uri(slug),
        "title": problem.title,
        "status": status_code or problem.status,
        "detail": detail or problem.description,
    }
    if instance is not None:
        body["instance"] = instance
    body.update(extra)
    return body


class Problem(exceptions.APIException):
    """Raise to answer with a problem of type `slug` (one of PROBLEM_TYPES):

        raise Problem("not-found", "No credential with this id.")
        raise Problem("invalid-request", errors={"ids": ["At most 1000."]})

    `extra` members are added to the body (e.g. `scope`).
    """

    def __init__(
        self, slug: str, detail: str | None = None, *, errors: dict | None = None, **extra
    ):
        problem = PROBLEM_TYPES[slug]
        self.slug = slug
        self.status_code = problem.status
        self.errors = errors
        self.extra = extra
        super().__init__(detail=detail or problem.description, code=slug.replace("-", "_"))


def problem_response(request, slug: str, *, status_code: int | None = None, **kwargs) -> Response:
    body = problem_body(
        slug, instance=request.path if request else None, status_code=status_code, **kwargs
    )
    return Response(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)


def problem_json_response(request, slug: str, **kwargs) -> JsonResponse:
    """The same problem as a plain Django response (outside DRF's views)."""
    body = problem_body(slug, instance=request.path, **kwargs)
    return JsonResponse(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)


def _text(detail) -> str:
    if isinstance(detail, list | tuple) and detail:
        return _text(detail[0])
    if isinstance(detail, dict) and detail:
        return _text(next(iter(detail.values())))
    return str(detail)


def _errors(detail):
    """ValidationError's detail as plain JSON: messages as strings, the structure kept."""
    if isinstance(detail, dict):
        return {str(key): _errors(value) for key, value in detail.items()}
    if isinstance(detail, list | tuple):
        return [_errors(item) for item in detail]
    return str(detail)


_SLUG_BY_EXCEPTION: list[tuple[type[exceptions.APIException], str]] = [
    (exceptions.ValidationError, "invalid-request"),
    (exceptions.ParseError, "invalid-request"),
    (exceptions.AuthenticationFailed, "unauthenticated"),
    (exceptions.NotAuthenticated, "unauthenticated"),
    (exceptions.PermissionDenied, "forbidden"),
    (exceptions.NotFound, "not-found"),
    (exceptions.MethodNotAllowed, "method-not-allowed"),
    (exceptions.UnsupportedMediaType, "unsupported-media-type"),
    (exceptions.Throttled, "rate-limited"),
]

_SLUG_BY_STATUS = {problem.status: problem.slug for problem in reversed(PROBLEM_TYPES.values())}


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error as a problem. Unexpected exceptions are logged and
    answered 500 (never a traceback, never HTML)."""
    request = context.get("request")
    headers = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = Problem("payload-too-large")

    if not isinstance(exc, exceptions.APIException):
        logger.exception("Unhandled error in %s", request.path if request else "the API")
        response = problem_response(request, "server-error")
        return response

    extra = {}
    if isinstance(exc, Problem):
        slug = exc.slug
        extra.update(exc.extra)
        if exc.errors is not None:
            extra["errors"] = _errors(exc.errors)
        detail = _text(exc.detail)
    elif isinstance(exc, exceptions.ValidationError):
        slug = "invalid-request"
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        extra["errors"] = _errors(errors)
        detail = "The request has invalid fields; see `errors`."
    else:
        slug = next(
            (slug for cls, slug in _SLUG_BY_EXCEPTION if isinstance(exc, cls)),
            _SLUG_BY_STATUS.get(exc.status_code, "server-error"),
        )
        detail = _text(exc.detail)

    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    elif exc.status_code == status.HTTP_401_UNAUTHORIZED:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'

    response = problem_response(request, slug, status_code=exc.status_code, detail=detail, **extra)
    for name, value in headers.items():
        response[name] = value
    return response
