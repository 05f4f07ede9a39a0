"""Cursor pagination for the API's lists: `?cursor=…&limit=…`, answering
{"next": url|null, "previous": url|null, "results": [...]}.

A cursor is opaque and signed (for the list it came from): one that was altered, made up or
taken from another list, or a limit outside 1..MAX, answers 400 `invalid-request` (DRF would
answer 404, fall back to the default size, or pass a made-up position to the database).
"""

from __future__ import annotations

from base64 import b64decode
from urllib import parse

from django.core import signing
from rest_framework.pagination import Cursor, _positive_int
from rest_framework.pagination import CursorPagination as DrfCursorPagination
from rest_framework.utils.urls import replace_query_param

from .problems import Problem


class CursorPagination(DrfCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "limit"
    ordering = ("pk",)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise Problem(
                "invalid-request",
                f"`limit` must be a whole number from 1 to {self.max_page_size}.",
                errors={self.page_size_query_param: [f"Must be 1 to {self.max_page_size}."]},
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self._signer = signing.Signer(salt=f"lms.rest.pagination:{request.path}")
        return super().paginate_queryset(queryset, request, view)

    def encode_cursor(self, cursor):
        url = super().encode_cursor(cursor)
        query = parse.parse_qs(parse.urlsplit(url).query)
        encoded = query[self.cursor_query_param][0]
        return replace_query_param(url, self.cursor_query_param, self._signer.sign(encoded))

    def decode_cursor(self, request):
        signed = request.query_params.get(self.cursor_query_param)
        if signed is None:
            return None
        try:
            encoded = self._signer.unsign(signed)
        except signing.BadSignature:
            raise self._invalid() from None
        try:
            querystring = b64decode(encoded.encode("ascii")).decode("ascii")
            tokens = parse.parse_qs(querystring, keep_blank_values=True)
            offset = _positive_int(tokens.get("o", ["0"])[0], cutoff=self.offset_cutoff)
            reverse = bool(int(tokens.get("r", ["0"])[0]))
            position = tokens.get("p", [None])[0]
        except (TypeError, ValueError):
            raise self._invalid() from None
        return Cursor(offset=offset, reverse=reverse, position=position)

    def _invalid(self) -> Problem:
        return Problem(
            "invalid-request",
            "The cursor is not valid. Use the `next` or `previous` link of a page as given.",
            errors={self.cursor_query_param: ["Invalid cursor."]},
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters
