"""Text normalisation for search: diacritic- and case-insensitive, đ = d."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_search(text: str) -> str:
    """'  Đăng KÝ tạm trú ' -> 'dang ky tam tru'.

    The same function fills the stored search column and normalises the query, so both sides
    always agree (SQLite has no unaccent; PostgreSQL gets the same column plus its indexes).
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()
