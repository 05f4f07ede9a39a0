"""Keep everything under /api/ machine-shaped.

- LocaleMiddleware: Django's, except that a 404 under a language-neutral machine prefix (/api/)
  is not redirected to /<lang>/api/… (Wagtail's catch-all page route would make every such
  path "valid" there, so Django would redirect instead of answering 404).
- ProblemMiddleware: Django's own 404, 405 and 500 answers under /api/ (no URL matched, an
  exception outside DRF) become problem details like DRF's (lms.rest.problems).
"""

from __future__ import annotations

import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

from .problems import PROBLEM_CONTENT_TYPE, problem_json_response

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def is_api_path(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if is_api_path(request):
            return response
        return super().process_response(request, response)


_ANSWERED_BY_DJANGO = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)

_SLUG_BY_STATUS = {
    400: "invalid-request",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    413: "payload-too-large",
    500: "server-error",
}


class ProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api_path(request):
            return response
        slug = _SLUG_BY_STATUS.get(response.status_code)
        content_type = response.get("Content-Type", "")
        if slug and not content_type.startswith(("application/json", PROBLEM_CONTENT_TYPE)):
            problem = problem_json_response(request, slug)
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response

    def process_exception(self, request, exception):
        if not is_api_path(request) or isinstance(exception, _ANSWERED_BY_DJANGO):
            return None  # Django answers 404/403/400; __call__ turns that into a problem
        logger.exception("Unhandled error in %s", request.path, exc_info=exception)
        return problem_json_response(request, "server-error")
