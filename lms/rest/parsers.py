"""The API reads JSON only, and never more of a body than the operation accepts.

DRF parses straight from the request stream, which Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not
guard, so the limit is enforced here: a view's `max_body_bytes` (default
SEBAYA_API_MAX_BODY_BYTES), never above DATA_UPLOAD_MAX_MEMORY_SIZE. A declared Content-Length
over the limit is refused before reading; a body without one (chunked) is read up to the limit.
Over it: 413 `payload-too-large`.
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DrfJSONParser

from .problems import Problem

DEFAULT_MAX_BODY_BYTES = 256 * 1024
# Open Badges credentials nest about 8 levels deep; nothing the API accepts needs 64.
MAX_DEPTH = 64


def max_body_bytes(view) -> int:
    limit = getattr(view, "max_body_bytes", None) or getattr(
        settings, "SEBAYA_API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES
    )
    ceiling = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return min(limit, ceiling) if ceiling is not None else limit


class JSONParser(DrfJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = max_body_bytes(parser_context.get("view"))
        request = parser_context.get("request")
        if request is not None:
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > limit:
                raise Problem("payload-too-large", f"The body may be at most {limit} bytes long.")
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise Problem("payload-too-large", f"The body may be at most {limit} bytes long.")
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(body.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(f"The JSON is nested more than {MAX_DEPTH} levels deep.") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"The body is not valid JSON: {exc}") from None
        if _too_deep(data):
            raise ParseError(f"The JSON is nested more than {MAX_DEPTH} levels deep.")
        return data


def _too_deep(data) -> bool:
    """Whether `data` nests deeper than MAX_DEPTH (checked without recursion: what reads the
    data later, JSON-LD and JSON Schema processing among them, recurses)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _refuse_constant(name: str):
    # NaN and Infinity are not JSON (RFC 8259); Python's json accepts them by default.
    raise ValueError(f"{name} is not allowed in JSON")
