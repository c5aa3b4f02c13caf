"""CSV and XLSX exports of the dashboard: streamed rows, never a Python loop that queries."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from common.spreadsheet import row_safe
from ratings.models import Driver, Level
from ratings.selectors import EXPORT_HEADER, Dashboard

LEVELS = dict(Level.choices)
DRIVERS = dict(Driver.choices)
SUMMARY_HEADER = ["Tổng số", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Tỷ lệ hài lòng (%)"]


def _row(values: tuple[Any, ...]) -> list[Any]:
    """One rating as cells; the citizen's reason and comment may begin with "=" (common/spreadsheet.py)."""
    code, unit, procedure, officer, level, drivers, reason, comment, created_at = values
    return row_safe(
        [
            code,
            unit,
            procedure,
            officer or "",
            LEVELS.get(level, level),
            ", ".join(DRIVERS.get(d, d) for d in drivers or []),
            reason,
            comment,
            timezone.localtime(created_at).strftime("%d/%m/%Y %H:%M"),
        ]
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(rows: Any, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # Excel opens UTF-8 Vietnamese correctly only with a BOM
        yield writer.writerow(row_safe(EXPORT_HEADER))
        for values in rows.iterator(chunk_size=5000):
            yield writer.writerow(_row(values))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _summary(sheet: Any, heading: str, rows: list[dict[str, Any]]) -> None:
    sheet.append(row_safe([heading, *SUMMARY_HEADER]))
    for row in rows:
        sheet.append(
            row_safe(
                [row["label"], row["total"], row["very_satisfied"], row["satisfied"], row["unsatisfied"], row["rate"]]
            )
        )


def officer_name(row: dict[str, Any]) -> str:
    full = f"{row.get('officer__first_name') or ''} {row.get('officer__last_name') or ''}".strip()
    return full or row.get("officer__username") or "Không rõ (hồ sơ đồng bộ)"


LABELS = {
    "by_unit": lambda r: "— " * r["depth"] + r["name"],
    "by_procedure": lambda r: r["procedure__name"],
    "by_officer": officer_name,
    "by_month": lambda r: f"{r['month']:%m/%Y}",
    "survey_by_unit": lambda r: r["name"],
}


def label_rows(dashboard: Dashboard) -> Dashboard:
    """Give every grouped row the `label` the page and the workbook show in their first column."""
    top = min((row["depth"] for row in dashboard.by_unit), default=0)
    for row in dashboard.by_unit:
        row["depth"] -= top  # indent from the top of what this officer sees, not from the province
    for table, label in LABELS.items():
        for row in getattr(dashboard, table):
            row["label"] = label(row)
    return dashboard


def export_xlsx(rows: Any, dashboard: Dashboard, filename: str) -> HttpResponse:
    book = Workbook(write_only=True)
    label_rows(dashboard)
    _summary(book.create_sheet("Theo đơn vị"), "Đơn vị", dashboard.by_unit)
    _summary(book.create_sheet("Theo thủ tục"), "Thủ tục", dashboard.by_procedure)
    _summary(book.create_sheet("Theo cán bộ"), "Cán bộ tiếp nhận", dashboard.by_officer)
    _summary(book.create_sheet("Theo tháng"), "Tháng", dashboard.by_month)
    detail = book.create_sheet("Chi tiết")
    detail.append(row_safe(EXPORT_HEADER))
    for values in rows.iterator(chunk_size=5000):
        detail.append(_row(values))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
