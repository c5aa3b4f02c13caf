"""A source's field map and date formats, compiled once per run: paths into objects and arrays, history."""

from __future__ import annotations

from datetime import datetime

import pytest

from sync.mapping import Mapper, MappingError, compile_path
from sync.records import date_format_parser
from sync.sources.http import parse_xml


def test_a_dotted_path_goes_into_objects_and_a_missing_step_is_none():
    getter, many = compile_path("ChuHoSo.HoTen")
    assert (getter({"ChuHoSo": {"HoTen": "An"}}), getter({"ChuHoSo": "An"}), getter({}), many) == (
        "An",
        None,
        None,
        False,
    )


def test_brackets_go_through_every_element_or_one():
    every, many = compile_path("A[].B[].C")
    assert many and every({"A": [{"B": [{"C": 1}, {"C": 2}]}, {"B": {"C": 3}}, {}]}) == [1, 2, 3]
    first, many = compile_path("A[0].B")
    assert not many and first({"A": [{"B": "x"}]}) == "x" and first({"A": []}) is None


def test_a_scalar_field_through_an_array_takes_the_first_value_that_is_not_empty():
    mapper = Mapper({"code": "DanhSach[].Ma"})
    assert mapper({"DanhSach": [{"Ma": ""}, {"Ma": "HS-1"}]})["code"] == "HS-1"


def test_history_fields_become_one_entry_per_array_element():
    mapper = Mapper({"code": "MaHoSo", "history.status": "Qua[].TT", "history.occurred_at": "Qua[].Luc"})
    record = mapper({"MaHoSo": "A", "Qua": [{"TT": "2", "Luc": "x"}, {"TT": "4", "Luc": "y"}]})
    assert record["history"] == [{"status": "2", "occurred_at": "x"}, {"status": "4", "occurred_at": "y"}]
    assert mapper.labels["history.status"] == "Qua[].TT"


def test_history_fields_on_two_arrays_or_a_broken_path_are_refused():
    with pytest.raises(MappingError):
        Mapper({"history.status": "A[].TT", "history.occurred_at": "B[].Luc"})
    with pytest.raises(MappingError):
        Mapper({"code": "A[x"})


def test_an_xml_element_met_once_reads_as_a_list_of_one_through_brackets():
    data = parse_xml(b'<R xmlns="urn:x"><HoSo ma="1"><Buoc><TT>2</TT></Buoc></HoSo></R>')
    assert data == {"HoSo": {"@ma": "1", "Buoc": {"TT": "2"}}}
    assert compile_path("HoSo.Buoc[].TT")[0](data) == ["2"]


def test_a_sources_date_format_is_compiled_once_and_parses_its_shape_only():
    parse = date_format_parser("dd-MM-yyyy HH:mm")
    assert parse("03-12-2026 08:30") == datetime(2026, 12, 3, 8, 30)
    assert parse("2026-12-03") is None and parse("31-02-2026 08:30") is None
    with pytest.raises(ValueError):
        date_format_parser("HH:mm")
