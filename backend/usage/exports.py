"""The monthly report to leadership: the dashboard's tables as an XLSX workbook, or the months as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

from common.spreadsheet import row_safe
from usage.selectors import KIND_LABELS, MONTH_KINDS, UNIT_KINDS, UsageDashboard

MONTH_HEADER = ["Tháng", *[KIND_LABELS[k] for k in MONTH_KINDS]]
UNIT_HEADER = ["Đơn vị", *[KIND_LABELS[k] for k in UNIT_KINDS], "Cộng"]


def month_rows(dashboard: UsageDashboard) -> list[list[Any]]:
    return [[f"{row['month']:%m/%Y}", *[row[k] for k in MONTH_KINDS]] for row in dashboard.by_month]


def unit_rows(dashboard: UsageDashboard) -> list[list[Any]]:
    top = min((row["depth"] for row in dashboard.by_unit), default=0)
    return [
        ["— " * (row["depth"] - top) + row["name"], *[row[k] for k in UNIT_KINDS], row["total"]]
        for row in dashboard.by_unit
    ]


def export_csv(dashboard: UsageDashboard, filename: str) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly only with a BOM
    writer = csv.writer(out)
    writer.writerow(row_safe(MONTH_HEADER))
    for row in month_rows(dashboard):
        writer.writerow(row_safe(row))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(dashboard: UsageDashboard, filename: str) -> HttpResponse:
    book = Workbook(write_only=True)
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("Theo tháng", MONTH_HEADER, month_rows(dashboard)),
        ("Theo đơn vị", UNIT_HEADER, unit_rows(dashboard)),
        ("Tìm không thấy", ["Từ khóa", "Số lượt"], [[r["label"], r["total"]] for r in dashboard.empty_searches]),
        ("Thủ tục đọc nhiều", ["Thủ tục", "Số lượt đọc"], [[r["label"], r["total"]] for r in dashboard.top_guides]),
        ("Phản ánh theo loại", ["Loại", "Số lượng"], [[r["label"], r["total"]] for r in dashboard.reports_by_kind]),
    ]
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(row_safe(header))
        for row in rows:
            sheet.append(row_safe(row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
