"""Parsers that turn hostile bodies into a clear 4xx instead of a 500 later on.

PostgreSQL refuses NUL characters in text, and invalid UTF-8 must never reach a serializer. A JSON body
nested thousands of levels deep would exhaust Python's recursion inside json.loads (a RecursionError, so
a 500): its depth is counted first, without recursion, and anything deeper than
settings.DATA_UPLOAD_MAX_JSON_DEPTH is a 400. A JSON body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a
413 (DRF reads JSON from the raw stream, so Django's own check on request.body never runs for it).
"""

from __future__ import annotations

import json
import re
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, MultiPartParser

from common.errors import (
    BAD_CHARACTERS,
    JSON_TOO_DEEP,
    PARSE_ERROR,
    REQUEST_TOO_LARGE,
    TOO_MANY_FIELDS,
    ApplicationError,
)

MULTIPART_ERROR = "Nội dung biểu mẫu gửi lên không đọc được (multipart/form-data không hợp lệ)."

# JSON strings (dropped before counting: brackets inside text do not nest).
_JSON_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACES_AS_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))


def json_depth_exceeds(raw: bytes, limit: int) -> bool:
    """True if arrays and objects in `raw` nest deeper than `limit`.

    Counted without recursion and at C speed (a 2.5 MB body of a million brackets would take a second
    with a Python loop): strings dropped, braces turned into brackets, then each pass removes the
    innermost pairs, that is one level.
    """
    brackets = _JSON_STRINGS.sub(b"", raw).translate(_BRACES_AS_BRACKETS, _NOT_BRACKETS)
    for _ in range(limit):
        if not brackets:
            return False
        shorter = brackets.replace(b"[]", b"")
        if shorter == brackets:
            break
        brackets = shorter
    else:
        return bool(brackets)  # `limit` levels removed and something still nests
    # No pair left to remove: the rest is "]]]…[[[", not valid JSON. Unclosed openers nest in each other.
    return len(brackets.lstrip(b"]")) > limit


def too_large(*, limit: int | None = None) -> ApplicationError:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE if limit is None else limit
    if limit >= 1024 * 1024:
        size = f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"
    else:
        size = f"{max(1, limit // 1024)} KB"
    return ApplicationError(REQUEST_TOO_LARGE, message=f"{REQUEST_TOO_LARGE.message} Tối đa {size}.")


def read_limited(stream: IO[bytes] | None, *, content_length: int | None = None) -> bytes:
    """The body, refused with a 413 past DATA_UPLOAD_MAX_MEMORY_SIZE (without reading more than that)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and content_length is not None and content_length > limit:
        raise too_large(limit=limit)
    if stream is None:
        return b""
    raw = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(raw) > limit:
        raise too_large(limit=limit)
    return raw


def json_depth_refuse(raw: bytes) -> None:
    """A 400 if `raw` nests deeper than DATA_UPLOAD_MAX_JSON_DEPTH; call it before json.loads."""
    limit = settings.DATA_UPLOAD_MAX_JSON_DEPTH
    # Each level opens a bracket: a body with no more openers than the limit cannot nest past it (two C-speed counts
    # spare the usual small body the full count).
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return
    if json_depth_exceeds(raw, limit):
        raise ApplicationError(JSON_TOO_DEEP, message=f"{JSON_TOO_DEEP.message} Tối đa {limit} cấp.")


def json_loads_strict(raw: bytes) -> Any:
    """Parse a JSON body or raise a 400 in Vietnamese: bad UTF-8, bad JSON, too deep, NUL characters."""
    json_depth_refuse(raw)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ParseError(PARSE_ERROR.message) from exc
    # Valid JSON can only carry NUL as the escape \u0000 (a raw control character is a parse error above), so a body
    # without that text holds none and is not walked.
    if b"\\u0000" in raw and contains_nul(data):
        raise ApplicationError(BAD_CHARACTERS)
    return data


def _content_length(parser_context: dict[str, Any] | None) -> int | None:
    request = (parser_context or {}).get("request")
    if request is None:
        return None
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_limited(stream, content_length=_content_length(parser_context))
        if not raw:
            return {}
        return json_loads_strict(raw)


class StrictMultiPartParser(MultiPartParser):
    """multipart/form-data with the same guarantees as StrictJSONParser: a malformed body, too many
    fields or files, or NUL characters in a field become a 400, text fields over
    DATA_UPLOAD_MAX_MEMORY_SIZE a 413, each with a Vietnamese message (Django's own errors would otherwise
    surface in English or as a 500). File sizes are the endpoints' own limits (reports/apis.py)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data_and_files = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(MULTIPART_ERROR) from exc
        except RequestDataTooBig as exc:
            raise too_large() from exc
        except (TooManyFieldsSent, TooManyFilesSent) as exc:
            raise ApplicationError(TOO_MANY_FIELDS) from exc
        for key, values in data_and_files.data.lists():
            if contains_nul(key) or any(contains_nul(value) for value in values):
                raise ApplicationError(BAD_CHARACTERS)
        return data_and_files
