"""Content negotiation that never refuses: the API speaks JSON whatever `Accept` says (a client
asking for `application/problem+json` or `text/html` still gets JSON, not a 406), and reads only
JSON bodies under /api/ (other DRF views, such as wagtail-localize's in the admin, keep the form
parsers)."""

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation

from .parsers import JSONParser


class JsonContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        if request.path.startswith("/api/"):
            parsers = [parser for parser in parsers if isinstance(parser, JSONParser)]
        return super().select_parser(request, parsers)
