"""Codes a citizen types (dossier codes, report codes and secrets): what the keyboard adds must not matter.

Full-width letters and digits (an IME), the dash look-alikes (–, —, −, ‐ …), spaces and invisible characters,
and letter case are folded: "hs–demo–0001 " and "ＨＳ-ＤＥＭＯ-０００１" both become "HS-DEMO-0001". Codes are issued
in upper case (dossiers/services.py `code_issue_clean`, sync ingest), so the upper-cased input is the stored form.
The Mini App applies the same folding (miniapp/src/services/codes.ts) before it sends a code.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"), "-")
_INVISIBLE = re.compile(r"[\s\u00ad\u200b\u200c\u200d\u2060\ufeff]+")


def code_clean(raw: str) -> str:
    """'  hs–demo–0001 ' -> 'HS-DEMO-0001'."""
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    return _INVISIBLE.sub("", text).upper()


def with_clean_codes(data: Any, *names: str) -> Any:
    """A copy of request data with the named string values folded by code_clean (others untouched)."""
    if not hasattr(data, "items"):
        return data
    cleaned = dict(data.items())  # a QueryDict's items() gives single values
    for name in names:
        if type(cleaned.get(name)) is str:
            cleaned[name] = code_clean(cleaned[name])
    return cleaned
