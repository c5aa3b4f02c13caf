"""A JSON parser that turns bad bytes into a clear 400 instead of a 500 later on.

PostgreSQL refuses NUL characters in text, and invalid UTF-8 must never reach a serializer.
"""

from __future__ import annotations

import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from common.errors import BAD_CHARACTERS, PARSE_ERROR


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
