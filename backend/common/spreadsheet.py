"""Cells of every CSV/XLSX the project writes, made safe to open in a spreadsheet (CSV injection).

A cell whose text begins with =, +, -, @, a tab or a carriage return is read by Excel and LibreOffice
as a formula: a citizen's comment "=HYPERLINK(...)" becomes a live link, or worse, in the file a leader
opens. The OWASP rule: prefix such a cell with a single quote, so it is shown as text. openpyxl would
also store a string starting with "=" as a formula. Every writer (ratings/exports.py, the procedures'
import/export in procedures/resources.py) passes its cells through `cell_safe`; an import of our own
export takes the quote off again with `cell_unescape`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: Any) -> Any:
    """The value, with a leading single quote if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row_safe(values: Iterable[Any]) -> list[Any]:
    return [cell_safe(value) for value in values]


def cell_unescape(value: Any) -> Any:
    """Undo `cell_safe` on a cell read back from one of our exports."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
