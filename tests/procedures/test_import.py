"""Procedures import from CSV/XLSX through django-import-export: bad rows are reported, nothing half-imported."""

from __future__ import annotations

import json

import tablib

from procedures.models import Procedure
from procedures.resources import ProcedureResource
from publishing.models import PublishState
from tests.procedures.factories import FieldFactory

HEADERS = [
    "code",
    "local_suffix",
    "name",
    "field",
    "level",
    "online_level",
    "legal_basis",
    "keywords",
    "steps",
    "cases",
    "channels",
]


def row(code: str, **overrides: str) -> list[str]:
    values = {
        "code": code,
        "local_suffix": "",
        "name": f"Thủ tục {code}",
        "field": "Đăng ký, quản lý cư trú",
        "level": "cap_xa",
        "online_level": "toan_trinh",
        "legal_basis": "Luật Cư trú 2020\nNghị định 154/2024/NĐ-CP",
        "keywords": "hộ khẩu",
        "steps": json.dumps([{"title": "Nộp hồ sơ", "logic": "or"}]),
        "cases": json.dumps([{"name": "Trường hợp chung", "documents": [{"name": "Tờ khai CT01", "originals": 1}]}]),
        "channels": json.dumps([{"channel": "truc_tiep", "processing_time": "07 ngày", "fee_amount": 20000}]),
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


def test_a_good_file_imports_procedures_as_drafts_with_their_nested_rows(db):
    FieldFactory(name="Đăng ký, quản lý cư trú")
    data = tablib.Dataset(row("7.000001"), row("7.000002"), headers=HEADERS)
    result = ProcedureResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    procedure = Procedure.objects.get(code="7.000001")
    assert procedure.state == PublishState.DRAFT
    assert procedure.legal_basis == ["Luật Cư trú 2020", "Nghị định 154/2024/NĐ-CP"]
    assert [s.title for s in procedure.steps.all()] == ["Nộp hồ sơ"]
    assert procedure.cases.get().documents.get().name == "Tờ khai CT01"
    assert procedure.channels.get().fee_amount == 20000


def test_a_file_with_bad_rows_imports_nothing_and_names_each_bad_row(db):
    FieldFactory(name="Đăng ký, quản lý cư trú")
    data = tablib.Dataset(
        row("7.000010"),
        row("7.000011", steps="{không phải json"),
        row("7.000012", channels=json.dumps([{"channel": "fax"}])),
        row("7.000013", field="Lĩnh vực không tồn tại"),
        headers=HEADERS,
    )
    result = ProcedureResource().import_data(data, dry_run=False, raise_errors=False)
    assert result.has_errors() or result.has_validation_errors()
    bad_rows = {number for number, _ in result.row_errors()} | {r.number for r in result.invalid_rows}
    assert bad_rows == {2, 3, 4}
    assert not Procedure.objects.filter(code__startswith="7.0000").exists()


def test_export_round_trips_through_import(db, guides):
    exported = ProcedureResource().export(queryset=Procedure.objects.filter(pk=guides.permanent.pk))
    Procedure.objects.filter(pk=guides.permanent.pk).delete()
    result = ProcedureResource().import_data(tablib.Dataset().load(exported.csv, format="csv"), dry_run=False)
    assert not result.has_errors()
    again = Procedure.objects.get(code="1.004222")
    assert again.cases.count() == 2 and again.channels.count() == 2 and again.steps.count() == 2


def test_a_units_import_adds_for_its_unit_and_never_overwrites_another_units_draft(tree):
    from accounts import roles
    from tests.factories import OfficerFactory
    from tests.procedures.factories import ProcedureFactory

    FieldFactory(name="Đăng ký, quản lý cư trú")
    editor_b = OfficerFactory(username="editor_b", unit=tree.unit_b, roles=[roles.CONTENT_EDITOR])
    ProcedureFactory(
        code="7.000009", name="Bản nháp của phường Đồng Tâm", state=PublishState.DRAFT, owner_unit=tree.unit_a
    )
    data = tablib.Dataset(row("7.000009", name="Ghi đè từ xã Đức Hạnh"), headers=HEADERS)
    result = ProcedureResource().import_data(data, dry_run=False, user=editor_b)
    assert result.has_validation_errors() or result.has_errors()
    assert Procedure.objects.get(code="7.000009").name == "Bản nháp của phường Đồng Tâm"
    result = ProcedureResource().import_data(
        tablib.Dataset(row("7.000010"), headers=HEADERS), dry_run=False, user=editor_b
    )
    assert not result.has_errors() and not result.has_validation_errors()
    added = Procedure.objects.get(code="7.000010")
    assert (added.owner_unit, added.last_edited_by) == (tree.unit_b, editor_b)
