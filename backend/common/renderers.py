"""A JSON renderer for the hottest endpoints: orjson where DRF's renderer uses the standard library.

The body is the same JSON (compact, UTF-8); values orjson does not know (lazy strings, Decimal, dates)
go through DRF's own encoder, so they are written exactly as DRF writes them. One difference by design:
U+2028/U+2029 are not escaped (DRF escapes them for old JavaScript parsers; JSON.parse needs no escape).
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class FastJSONRenderer(JSONRenderer):
    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if data is None:
            return b""
        try:
            return orjson.dumps(data, default=JSONEncoder().default, option=_OPTIONS)
        except (TypeError, orjson.JSONEncodeError):
            return super().render(data, accepted_media_type, renderer_context)  # what orjson refuses (NaN keys…)


_RENDERER = FastJSONRenderer()


def json_response(data: Any) -> HttpResponse:
    """A 200 with what a DRF Response of `data` would carry through FastJSONRenderer (the same body, Content-Type
    application/json), built directly: for a view that answers only JSON this skips DRF's Response, its negotiated
    render step and the template-response machinery under it. Errors still go through DRF's handler."""
    return HttpResponse(_RENDERER.render(data), content_type=_RENDERER.media_type)
