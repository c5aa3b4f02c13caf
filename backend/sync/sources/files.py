"""CSV / XLSX exports of the one-stop system (uploaded in the admin or dropped in SYNC_DROP_DIR).

Column headings are matched without accents, case or extra spaces to the source's own field map (our field =
the export's column heading) or, when the source has none, to SYNC_COLUMN_MAP. The cursor is
"<file id>:<rows stored>", so a crashed import resumes after its last stored chunk.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from common.plain_errors import plain_error
from sync.records import version_of
from sync.sources.base import Page, SourceError

XLSX_MAGIC = b"PK\x03\x04"


def heading_key(text: Any) -> str:
    plain = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn")
    return " ".join(plain.lower().split())


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Keep going: the rows with broken bytes are refused one by one (quarantine), not the whole file.
        text = content.decode("utf-8-sig", errors="replace")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise SourceError(f"Không đọc được tệp Excel (XLSX): {plain_error(exc)}", permanent=True) from exc
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield list(row)


class FileExport:
    def __init__(self, sync_file: Any) -> None:
        self.file = sync_file
        self.default_version = version_of(sync_file.created_at)
        # The source's own map first (one deployment can take exports of several systems), then the setting.
        own = getattr(getattr(sync_file, "source", None), "field_map", None)
        self.columns: dict[str, str] = {
            str(ours): str(heading) for ours, heading in (own or settings.SYNC_COLUMN_MAP).items() if heading
        }
        self.labels = dict(self.columns)

    def pages(self, cursor: str) -> Iterator[Page]:
        content = bytes(self.file.content)
        rows = _xlsx_rows(content) if content.startswith(XLSX_MAGIC) else _csv_rows(content)
        wanted = {heading_key(heading): ours for ours, heading in self.columns.items()}
        columns: dict[int, str] | None = None
        done = 0
        prefix = f"{self.file.pk}:"
        if cursor.startswith(prefix) and cursor[len(prefix) :].isdigit():
            done = int(cursor[len(prefix) :])
        chunk: list[tuple[str, Any]] = []
        number = 0
        for line, row in enumerate(rows, start=1):
            if columns is None:
                if not any(cell not in (None, "") for cell in row):
                    continue
                columns = {i: wanted[heading_key(cell)] for i, cell in enumerate(row) if heading_key(cell) in wanted}
                if "code" not in columns.values():
                    raise SourceError(
                        f"Không thấy cột «{self.columns.get('code', 'code')}» ở dòng tiêu đề", permanent=True
                    )
                continue
            if not any(cell not in (None, "") for cell in row):
                continue
            number += 1
            if number <= done:
                continue
            record = {ours: (row[i] if i < len(row) else None) for i, ours in columns.items()}
            chunk.append((f"dòng {line}", record))
            if len(chunk) >= settings.SYNC_CHUNK_SIZE:
                yield Page(chunk, f"{prefix}{number}")
                chunk = []
        if columns is None:
            raise SourceError("Tệp không có dòng tiêu đề", permanent=True)
        yield Page(chunk, f"{prefix}{number}")
