"""The run's compiled validator (the fast path of clean()) against clean_plain(), the reference, over odd
records: a row it accepts is the reference's row to the last value, and it accepts nothing the reference
refuses (the caller then asks the reference, so refusals keep their reason and words)."""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from common.crypto import keyed_hash, keyed_hasher
from sync.ingest import _copy_line
from sync.records import COPY_PARTS, Context, Refused, clean, clean_plain, compile_validator, date_format_parsers

STATUSES = {"2": 2, "4": 4, "5": 5, "9": 9, "10": 10, "Đã trả kết quả": 10}
# A national code, a local variant (its full code), and a base a local code falls back to.
PROCEDURES = {"1.001": 1, "1.004222": 2, "1.004222.H12": 3, "2.000": 4}
# Current codes and the old codes of merged units (sync_context puts both in one map).
UNITS = {"U1": 7, "U2": 8, "OLD-U9": 7}


def _ctx(variant: int, placeholders: list[str]) -> Context:
    def placeholder(code: str, name: str) -> int | None:
        placeholders.append(code)
        return 99 if code.startswith("9.") else None

    base = Context(
        statuses=dict(STATUSES),
        procedures=dict(PROCEDURES),
        units=dict(UNITS),
        channels={"1": "truc_tiep", "2": "truc_tuyen"},
        deliveries={"1": "counter", "2": "post", "bưu điện": "post"},
        labels={"code": "MaHoSo", "updated_at": "NgayCapNhat", "received_at": "NgayTiepNhan"},
        placeholder=placeholder,
    )
    return [
        base,
        replace(base, default_unit=8, placeholder=None),
        replace(base, date_formats=date_format_parsers("dd-MM-yyyy HH:mm, yyyyMMddHHmmss, yyyyddMM")),
        replace(base, by_content=True, default_version="2026-12-01T00:00:00.000000Z"),
        replace(base, default_version="2026-11-30T07:05:00.000000Z", default_unit=7),
    ][variant]


ODD: dict[str, list[Any]] = {
    "code": ["H56.01-260101-000001", " H56.02 ", "", None, "bad code!", "X" * 51, 12, 2.0, "A\x00B", "Mã"],
    "procedure_code": [
        "1.001",
        "1.004222.000.00.00.H12",
        "1.004222.H12",
        "1.004222",
        "2.000.1",
        "9.999.1.2",
        "7.7",
        "",
        None,
        " 1.001 ",
        "1.001\ufffd",
    ],
    "unit_code": ["U1", "OLD-U9", "U3", "", None, " U2 ", "u1"],
    "status": ["10", "2", "5", "Đã trả kết quả", "11", "", None, 10, " 9 "],
    "received_at": [
        "20260105083000",
        "20261305083000",
        "19991231235959",
        "2026-01-05T08:30:00Z",
        "05/01/2026 08:30",
        "05-01-2026 08:30",
        "20260105",
        "abc",
        "",
        "   ",
        None,
        datetime(2026, 1, 5, 8, 30, tzinfo=UTC),
        date(2026, 1, 5),
        "2" * 41,
        20260105,
    ],
    "updated_at": [
        "20260110153000",
        "20260110153000",
        "2026-01-10T15:30:00+07:00",
        "20260230120000",
        "",
        None,
        "10/01/2026",
        "xx",
    ],
    "finished_at": ["20260110153000", None, "", "20261310153000", "   ", "10/01/2026 15:30:00"],
    "returned_at": ["20260110153000", None, "20260111", "bad"],
    "rejected_at": [None, "", "20260111090000", "2101-01-01T00:00:00"],
    "appointment_date": ["20260112", "12/01/2026", None, "", "20261312", "2026-01-12", date(2026, 1, 12), "1201"],
    "supplement_deadline": [None, "20260120", "x"],
    "reason": [None, "", "Bổ sung bản sao", "  có khoảng trắng  ", "R" * 2001, "tab\tvà\nxuống dòng", "a\x00b"],
    "collect_location": [None, "Bộ phận Một cửa", "L" * 301],
    "collect_note": [None, "", "ghi chú", "x\udcff"],
    "applicant_name": ["Nguyễn Văn An", "", None, "an", "  Lê   Thị  ", "N" * 151, "\ud800", "An\ufffd"],
    "applicant_id_number": [
        "001190004321",
        "123456789",
        "0011 9000 4321",
        "12345",
        "00119000432A",
        "",
        None,
        "１２３４５６７８９０１２",
        1190004321,
    ],
    "applicant_phone": ["0912345678", "+84 912 345 678", "", None, "12345", "0912-345-678"],
    "channel": ["1", "2", "", None, "9"],
    "delivery": [None, "", "1", "2", "Bưu điện", "post", "chim bồ câu"],
    "fee_due": [None, "", "200000", "200.000đ", "1,000", "abc", 50000, 2.5, "12345678901"],
    "procedure_name": [None, "Cấp giấy xác nhận", "T" * 501],
}
HISTORY = [
    [
        {"status": "2", "occurred_at": "20260105083000", "note": "Tiếp nhận"},
        {"status": "10", "occurred_at": "20260110153000", "note": None},
    ],
    [{"status": "4", "occurred_at": "20260106083000"}, "not a step", {"status": ""}],
    [{"status": "77", "occurred_at": "20260106083000"}],
    [{"status": "4", "occurred_at": None}],
    [{"status": "4", "occurred_at": "20260106083000"}] * 201,
    "not a list",
    [],
]
GOOD = {name: values[0] for name, values in ODD.items()}


def _records(rng: random.Random, count: int) -> list[Any]:
    records: list[Any] = [dict(GOOD), "not an object", None, [GOOD]]
    for number in range(count):
        record = dict(GOOD)
        record["code"] = f"H56.{number % 97:02d}-260101-{number:06d}"  # conflicts come from the "code" choices
        for name in rng.sample(sorted(ODD), rng.choice([1, 1, 2, 3])):
            record[name] = rng.choice(ODD[name])
        if rng.random() < 0.15:
            record["history"] = rng.choice(HISTORY)
        if rng.random() < 0.1:
            del record[rng.choice(sorted(record))]
        roll = rng.random()
        if roll < 0.05:
            record["_size"] = 70_000
        elif roll < 0.5:
            record["_size"] = 400
        records.append(record)
    return records


def _row(row: dict[str, Any]) -> dict[str, Any]:
    """The row without the fast path's COPY text, which must be what the COPY formatter makes of the row."""
    parts = row.pop(COPY_PARTS, None)
    if parts is not None:
        assert f"{parts[0]}\t\t{parts[1]}\n" == _copy_line({**row, "applicant_phone_encrypted": ""}), row
    return row


def _outcome(validate: Any, raw: Any, ctx: Context) -> tuple:
    try:
        return ("row", _row(validate(raw, ctx)))
    except Refused as refused:
        return ("refused", refused.reason, refused.detail)
    except Exception as exc:  # noqa: BLE001 - a crash must be the reference's crash too
        return ("error", type(exc).__name__)


@pytest.mark.parametrize("variant", range(5))
def test_clean_gives_the_reference_outcome_for_every_odd_record(variant):
    fast_calls: list[str] = []
    plain_calls: list[str] = []
    fast_ctx, plain_ctx = _ctx(variant, fast_calls), _ctx(variant, plain_calls)
    records = _records(random.Random(variant), 1500)
    accepted = refused = 0
    for raw in records:
        expected = _outcome(clean_plain, raw, plain_ctx)
        assert _outcome(clean, raw, fast_ctx) == expected, raw
        accepted += expected[0] == "row"
        refused += expected[0] == "refused"
    assert fast_calls == plain_calls  # the same placeholder procedures, asked for in the same order
    assert accepted > 150 and refused > 150  # both kinds of outcome were exercised


@pytest.mark.parametrize("variant", range(5))
def test_the_compiled_validator_alone_accepts_nothing_the_reference_refuses(variant):
    ctx, reference = _ctx(variant, []), _ctx(variant, [])
    ctx = replace(ctx, placeholder=None)  # the fast path must never create a procedure itself
    reference = replace(reference, placeholder=None)
    fast = compile_validator(ctx)
    took = copied = 0
    for raw in _records(random.Random(100 + variant), 1500):
        expected = _outcome(clean_plain, raw, reference)
        got = fast(raw)
        if got is not None:
            took += 1
            copied += COPY_PARTS in got
            assert ("row", _row(got)) == expected, raw
    assert took > 150  # the common path is taken
    assert took - 50 < copied < took  # with its COPY text, but for the records with a tab or a line break


def test_a_good_record_takes_the_fast_path():
    ctx = _ctx(0, [])
    fast = compile_validator(ctx)
    record = {**GOOD, "_size": 400}
    row = fast(record)
    assert COPY_PARTS in row and _row(row) == clean_plain(record, _ctx(0, []))


def test_a_replaced_context_compiles_its_own_validator():
    calls: list[str] = []
    first = replace(_ctx(0, calls), placeholder=None)
    clean(dict(GOOD), first)
    second = replace(first, placeholder=lambda code, name: calls.append(code) or 99)
    assert second.compiled == [] and len(first.compiled) == 1
    row = clean({**GOOD, "procedure_code": "9.999.1.2"}, second)
    assert row["procedure_id"] == 99 and calls == ["9.999.1.2"]


def test_the_runs_keyed_hasher_is_the_keyed_hash_of_the_current_key(settings):
    values = ["id:001190004321", "id-tail:H56.01-260101-000001:4321", "84912345678", "Nguyễn"]
    for key in ("first-key", "second-key"):
        settings.PII_HASH_KEY = key
        hasher = keyed_hasher()
        for value in values:
            expected = hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()
            assert hasher(value) == keyed_hash(value) == expected
