"""The CSV-injection guard every export uses (common/spreadsheet.py): OWASP's formula-leading characters."""

from __future__ import annotations

import pytest

from common.spreadsheet import cell_safe, cell_unescape, row_safe


@pytest.mark.parametrize("text", ["=1+1", "+84 912", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")'])
def test_text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote(text):
    assert cell_safe(text) == "'" + text
    assert cell_unescape(cell_safe(text)) == text


def test_plain_text_numbers_dates_and_empty_cells_are_left_alone():
    assert row_safe(["Rất hài lòng", "", 5, -3, 77.8, None, "Đ=1"]) == ["Rất hài lòng", "", 5, -3, 77.8, None, "Đ=1"]
    assert cell_unescape("'bình thường") == "'bình thường"  # a quote a citizen typed stays
