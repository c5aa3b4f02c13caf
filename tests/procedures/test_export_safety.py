"""The procedures' admin export (django-import-export) neutralises formula cells and imports back unchanged."""

from __future__ import annotations

import csv
import io

import pytest
import tablib
from openpyxl import load_workbook

from procedures.models import Procedure
from procedures.resources import ProcedureResource
from publishing.models import PublishState

pytestmark = pytest.mark.django_db


def test_exported_cells_that_begin_like_a_formula_are_quoted_in_csv_and_xlsx(guides):
    Procedure.objects.filter(pk=guides.permanent.pk).update(summary='=HYPERLINK("http://x")', target="+84 Công dân")
    exported = ProcedureResource().export(queryset=Procedure.objects.filter(pk=guides.permanent.pk))
    header, values = list(csv.reader(io.StringIO(exported.csv)))
    row = dict(zip(header, values, strict=True))
    assert row["summary"] == '\'=HYPERLINK("http://x")' and row["target"] == "'+84 Công dân"
    book = load_workbook(io.BytesIO(exported.export("xlsx")))
    assert not [cell for r in book.active.iter_rows() for cell in r if cell.data_type == "f"]


def test_a_quoted_export_imports_back_to_the_original_text(guides):
    # A draft: an import never overwrites published content (it must go through approval).
    Procedure.objects.filter(pk=guides.permanent.pk).update(summary="-Nộp hồ sơ trực tuyến", state=PublishState.DRAFT)
    exported = ProcedureResource().export(queryset=Procedure.objects.filter(pk=guides.permanent.pk))
    result = ProcedureResource().import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Procedure.objects.get(pk=guides.permanent.pk).summary == "-Nộp hồ sơ trực tuyến"
