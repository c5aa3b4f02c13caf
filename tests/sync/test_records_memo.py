"""The run's memo and the fast path for the national date shape give exactly what the full parser gives,
and a record the fast path cannot read is still refused with its reason."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sync.records import (
    LOCAL,
    MEMO_LIMIT,
    Context,
    Refused,
    clean,
    date_format_parsers,
    day_of,
    moment_of,
    parse_date,
    parse_datetime,
)


def _ctx(**changes) -> Context:
    base = Context(statuses={"2": 2, "10": 10}, procedures={"1.001": 1}, units={"U1": 7}, channels={})
    return replace(base, **changes)


def _record(**changes) -> dict:
    record = {
        "code": "H56.01-260101-000001",
        "procedure_code": "1.001",
        "unit_code": "U1",
        "status": "10",
        "received_at": "20260105083000",
        "updated_at": "20260110153000",
        "finished_at": "20260110153000",
        "returned_at": "20260110153000",
        "appointment_date": "20260112",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001190004321",
        "applicant_phone": "0912345678",
    }
    record.update(changes)
    return record


@pytest.mark.parametrize("text", ["20260105083000", "20000101000000", "21001231235959", "20260105", "05/01/2026 08:30"])
def test_a_remembered_or_fast_moment_is_the_full_parsers_moment(text):
    ctx = _ctx()
    expected = parse_datetime("received_at", text)
    first = moment_of("received_at", text, ctx)
    again = moment_of("received_at", text, ctx)
    assert first == again == (expected, expected.isoformat())
    assert first[0].tzinfo is LOCAL
    assert day_of("appointment_date", text, ctx) == parse_date("appointment_date", text)


@pytest.mark.parametrize("text", ["20261305083000", "19991231235959", "20260230120000"])
def test_a_date_the_fast_path_cannot_read_is_refused_every_time_and_not_remembered(text):
    ctx = _ctx()
    for _ in range(2):
        with pytest.raises(Refused) as refused:
            moment_of("received_at", text, ctx)
        assert refused.value.reason == "date"
    assert text not in ctx.memo


def test_a_sources_own_format_wins_over_the_fast_path():
    # Day before month in 14 digits: the national shape would read 1 May instead of 5 January.
    ctx = _ctx(date_formats=date_format_parsers("yyyyddMMHHmmss"))
    moment, iso = moment_of("received_at", "20260501083000", ctx)
    assert (moment.year, moment.month, moment.day, moment.hour) == (2026, 1, 5, 8)
    assert iso == moment.isoformat()


def test_rows_cleaned_with_a_warm_memo_are_the_rows_of_a_fresh_one():
    warm = _ctx()
    records = [
        _record(code=f"H56.01-260101-{n:06d}", applicant_name=name) for n, name in enumerate(["A B", "Lê C"] * 3)
    ]
    first = [clean(dict(r), warm) for r in records]
    again = [clean(dict(r), warm) for r in records]
    fresh = [clean(dict(r), _ctx()) for r in records]
    assert first == again == fresh
    assert first[0]["finished_at"] == first[0]["upstream_updated_at"]
    assert first[0]["applicant_name_masked"] == "A B."


def test_the_memo_starts_afresh_when_full(monkeypatch):
    monkeypatch.setattr("sync.records.MEMO_LIMIT", 3)
    ctx = _ctx()
    for day in range(1, 8):
        moment_of("received_at", f"202601{day:02d}083000", ctx)
        assert len(ctx.memo) <= 3
    assert MEMO_LIMIT >= 10_000
