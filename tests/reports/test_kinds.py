"""The shipped report kinds are one list (reports/kinds.py): the demo loader puts them back from it, and it is
what the data migrations left in every database."""

from __future__ import annotations

import importlib

import pytest

from reports.kinds import KINDS


def test_the_shipped_kinds_are_the_ones_the_kinds_migrations_wrote():
    # A change to reports/kinds.py needs a new data migration that makes it in existing databases; then this
    # test names that migration instead.
    seeded = importlib.import_module("reports.migrations.0005_denunciation_and_complaint_kinds").KINDS
    respelled = importlib.import_module("reports.migrations.0007_kinds_one_spelling").respell(seeded)
    assert KINDS == respelled


@pytest.mark.django_db
def test_the_demo_loader_puts_back_a_flushed_kind_and_keeps_an_edited_one():
    from reports.demo import report_kinds_ensure
    from reports.models import ReportKind

    report_kinds_ensure()
    ReportKind.objects.filter(code="khac", reports__isnull=True).delete()
    ReportKind.objects.filter(code="to-cao").update(name="Tố cáo (đã sửa)")
    report_kinds_ensure()
    assert set(ReportKind.objects.values_list("code", flat=True)) >= {kind["code"] for kind in KINDS}
    assert ReportKind.objects.get(code="to-cao").name == "Tố cáo (đã sửa)"
