"""`@usage_after(record)`: call `record(request, response, kwargs)` after a successful API answer, cached or not
(it sits outside common.cache.cached_get), never failing the answer."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpResponse

logger = logging.getLogger(__name__)

_COUNT = re.compile(rb'"count":\s*(\d+)')


def response_count(response: HttpResponse) -> int | None:
    """The `count` of a paginated answer, from its data or (a cached answer) its first bytes."""
    data = getattr(response, "data", None)
    if isinstance(data, dict) and "count" in data:
        return int(data["count"])
    match = _COUNT.search(bytes(response.content[:64])) if hasattr(response, "content") else None
    return int(match.group(1)) if match else None


def usage_after(record: Callable[[Any, HttpResponse, dict[str, Any]], None]) -> Callable:
    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(self: Any, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(self, request, *args, **kwargs)
            if not 200 <= response.status_code < 300:
                return response
            if settings.BENCH_ENDPOINTS and request.headers.get("X-Bench-Usage") == "off":
                return response  # the benchmark's baseline: the same request without recording (bench/README.md)
            try:
                record(request, response, kwargs)
            except Exception:  # noqa: BLE001 - a figure is never worth a citizen's answer
                logger.exception("usage event not recorded")
            return response

        return wrapper

    return decorate
