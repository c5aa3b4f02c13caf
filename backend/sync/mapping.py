"""A source's field map, compiled once per run: our field ← a path in the source's record.

Paths: `MaHoSo` (a key), `ChuHoSo.HoTen` (into an object), `QuaTrinhXuLy[].TrangThai` (every element of an
array), `DanhSach[0].Ma` (one element). A scalar field whose path crosses `[]` takes the first value that is
not empty. Fields named `history.<name>` (status, occurred_at, note) must share one array prefix: each element
of that array becomes one timeline entry. An XML element that occurs once is not a list: `[]` treats a single
value as a list of one.

Each path becomes a small closure (no parsing per record); flat keys are read with one dict lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import orjson

HISTORY_PREFIX = "history."
HISTORY_FIELDS = ("status", "occurred_at", "note")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d*)\]")


class MappingError(ValueError):
    """A path that cannot be compiled (shown to the officer editing the source)."""


def _steps(path: str) -> list[tuple[str, Any]]:
    steps: list[tuple[str, Any]] = []
    position = 0
    text = path.strip()
    if not text:
        raise MappingError("Đường dẫn trống")
    while position < len(text):
        if text[position] == "." and steps and position + 1 < len(text):
            position += 1
        match = _STEP.match(text, position)
        if match is None:
            raise MappingError(f"Đường dẫn «{path}» không hợp lệ ở ký tự {position + 1}")
        key, index = match.groups()
        if key is not None:
            steps.append(("key", key.strip()))
        elif index == "":
            steps.append(("each", None))
        else:
            steps.append(("index", int(index)))
        position = match.end()
    return steps


def compile_path(path: str) -> tuple[Callable[[Any], Any], bool]:
    """(getter, many): `many` getters return a list (the path crosses `[]`)."""
    steps = _steps(path)
    many = any(kind == "each" for kind, _ in steps)
    if len(steps) == 1 and steps[0][0] == "key":
        key = steps[0][1]
        return (lambda record: record.get(key) if type(record) is dict else None), False
    if all(kind == "key" for kind, _ in steps):
        keys = tuple(arg for _, arg in steps)

        def chain(record: Any) -> Any:
            for key in keys:
                if type(record) is not dict:
                    return None
                record = record.get(key)
            return record

        return chain, False

    # Whether the steps from here on still cross an array (then a missing value is an empty list).
    spread = [any(kind == "each" for kind, _ in steps[at:]) for at in range(len(steps) + 1)]

    def walk(value: Any, at: int) -> Any:
        for number in range(at, len(steps)):
            kind, arg = steps[number]
            if kind == "key":
                value = value.get(arg) if type(value) is dict else None
            elif kind == "index":
                value = value[arg] if type(value) is list and arg < len(value) else None
            else:
                if value is None:
                    return []
                items = value if type(value) is list else [value]
                if spread[number + 1]:
                    return [got for item in items for got in walk(item, number + 1)]
                return [walk(item, number + 1) for item in items]
            if value is None:
                return [] if spread[number] else None
        return value

    return (lambda record: walk(record, 0)), many


def split_array(path: str) -> tuple[str, str]:
    """`QuaTrinhXuLy[].TrangThai` → (`QuaTrinhXuLy[]`, `TrangThai`): the array and the path inside each element."""
    at = path.find("[]")
    if at < 0:
        raise MappingError(f"Trường diễn biến «{path}» phải đi qua một mảng (có [])")
    return path[: at + 2], path[at + 2 :].lstrip(".")


class Mapper:
    """Renames one source record into our field names (the adapters' `rename`)."""

    def __init__(self, field_map: dict[str, str]) -> None:
        self.flat: list[tuple[str, str]] = []
        self.nested: list[tuple[str, Callable[[Any], Any], bool]] = []
        self.history: Callable[[Any], Any] | None = None
        self.history_fields: list[tuple[str, Callable[[Any], Any]]] = []
        self.labels: dict[str, str] = {}
        history_paths = {}
        for ours, theirs in field_map.items():
            if not isinstance(theirs, str) or not theirs.strip():
                continue
            theirs = theirs.strip()
            if ours.startswith(HISTORY_PREFIX):
                history_paths[ours[len(HISTORY_PREFIX) :]] = theirs
                self.labels[ours] = theirs
                continue
            self.labels[ours] = theirs
            getter, many = compile_path(theirs)
            if not many and "." not in theirs and "[" not in theirs:
                self.flat.append((ours, theirs))
            else:
                self.nested.append((ours, getter, many))
        if history_paths:
            prefixes = {split_array(path)[0] for path in history_paths.values()}
            if len(prefixes) != 1:
                raise MappingError("Các trường history.* phải cùng một mảng, ví dụ QuaTrinhXuLy[]")
            self.history = compile_path(prefixes.pop()[:-2])[0]
            for name, path in history_paths.items():
                inner = split_array(path)[1]
                self.history_fields.append((name, compile_path(inner)[0] if inner else (lambda item: item)))

    def __call__(self, raw: Any) -> Any:
        if type(raw) is not dict:
            return raw
        renamed = {ours: raw.get(theirs) for ours, theirs in self.flat}
        for ours, getter, many in self.nested:
            value = getter(raw)
            if many:
                value = next((item for item in value if item not in (None, "")), None)
            if type(value) is dict or type(value) is list:
                value = str(value)  # an object where a value was expected: refused as text, not a crash
            renamed[ours] = value
        if self.history is not None:
            items = self.history(raw)
            if items is not None:
                items = items if type(items) is list else [items]
                renamed["history"] = [{name: getter(item) for name, getter in self.history_fields} for item in items]
        renamed["_size"] = record_size(raw)
        return renamed


def record_size(raw: dict[str, Any]) -> int:
    """The whole record's size, unmapped fields included (a 10 MB field must not slip through unseen):
    its JSON in bytes (orjson: a twentieth of the cost of walking the values in Python)."""
    try:
        return len(orjson.dumps(raw))
    except TypeError:  # a lone surrogate (bytes that were not UTF-8) or a value JSON cannot hold
        return sum(len(value) if type(value) is str else len(str(value)) for value in raw.values())


def dig(body: Any, path: str) -> Any:
    """A value in a page's answer (the records list, the next cursor); "" is the answer itself."""
    if not path:
        return body
    return compile_path(path)[0](body)
