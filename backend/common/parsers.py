"""A JSON parser that turns bad bytes into a clear 400 instead of a 500 later on.

PostgreSQL refuses NUL characters in text, and invalid UTF-8 must never reach a serializer.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, MultiPartParser

from common.errors import BAD_CHARACTERS, PARSE_ERROR

MULTIPART_ERROR = "Nội dung biểu mẫu gửi lên không đọc được (multipart/form-data không hợp lệ)."
MULTIPART_TOO_BIG = "Biểu mẫu gửi lên có quá nhiều trường, quá nhiều tệp hoặc quá lớn."


def contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        raw = stream.read() if stream is not None else b""
        if not raw:
            return {}
        try:
            text = raw.decode("utf-8")
            data = json.loads(text)
        except (UnicodeDecodeError, ValueError) as exc:
            raise ParseError(PARSE_ERROR.message) from exc
        if contains_nul(data):
            raise ParseError(BAD_CHARACTERS.message)
        return data


class StrictMultiPartParser(MultiPartParser):
    """multipart/form-data with the same guarantees as StrictJSONParser: a malformed body, too many
    fields or files, or NUL characters in a field become a 400 with a Vietnamese message (Django's own
    errors would otherwise surface in English or as a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        try:
            data_and_files = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(MULTIPART_ERROR) from exc
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            raise ParseError(MULTIPART_TOO_BIG) from exc
        for key, values in data_and_files.data.lists():
            if contains_nul(key) or any(contains_nul(value) for value in values):
                raise ParseError(BAD_CHARACTERS.message)
        return data_and_files
