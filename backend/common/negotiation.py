"""DRF's content negotiation, with the requests almost every client sends answered without parsing anything.

The Mini App sends `Accept: application/json`, tools and load balancers send `*/*` or nothing, and none of them
asks for `?format=`. For those, DRF's DefaultContentNegotiation parses the Accept header and every renderer's media
type, orders them by precedence and builds the result: tens of microseconds on every API request. The answer for
them is known in advance and is written here directly; every other request (another Accept, a format suffix, a
`format` query parameter, a first renderer that is not plain JSON) goes through DRF's own code. A body sent as
exactly the first parser's media type is given to that parser without parsing the Content-Type either.
tests/common/test_negotiation.py compares both on every case the shortcut takes.
"""

from __future__ import annotations

from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation

_ANY = (None, "*/*")


class QuickContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request: Any, renderers: Any, format_suffix: str | None = None) -> Any:
        if renderers and not format_suffix:
            meta = request._request.META
            query = meta.get("QUERY_STRING")
            if not query or not request.query_params.get(self.settings.URL_FORMAT_OVERRIDE):
                accept = meta.get("HTTP_ACCEPT")
                first = renderers[0]
                if accept in _ANY:
                    # What DRF returns for */*: the first renderer, with its own (more specific) media type.
                    return first, first.media_type
                if accept == "application/json" and first.media_type == "application/json":
                    return first, accept
        return super().select_renderer(request, renderers, format_suffix)

    def select_parser(self, request: Any, parsers: Any) -> Any:
        # A body sent as exactly the first parser's media type (the Mini App's JSON) is that parser's, as in DRF.
        if parsers and request.content_type == parsers[0].media_type:
            return parsers[0]
        return super().select_parser(request, parsers)
