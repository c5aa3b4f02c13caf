"""Reads for the "Số liệu sử dụng" dashboard, scoped to the officer.

Figures tied to a unit (its page in the Mini App, lookups of its dossiers, reports sent to it, its OA's
broadcasts) count only inside the officer's unit subtree. Figures tied to no unit (openings, distinct users,
searches, guides read, lookups that found nothing) belong to the whole Mini App: every officer with the
dashboard permission sees the same ones, unless a unit is chosen in the filter (then only that subtree's).
Each figure is one GROUP BY over the daily counts; Python only loops over the grouped rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from accounts.models import User
from accounts.selectors import officer_is_province_wide, unit_list_for_officer
from units.models import Unit
from usage.labels import labels_for
from usage.models import Kind, UsageDaily

MONTH_KINDS = [
    Kind.VISIT,
    Kind.VISITORS,
    Kind.PAGE_VIEW,
    Kind.SEARCH,
    Kind.SEARCH_EMPTY,
    Kind.GUIDE_READ,
    Kind.LOOKUP,
    Kind.REPORT,
    Kind.BROADCAST_SENT,
    Kind.BROADCAST_OPENED,
    Kind.NOTIFICATION_OPENED,
]
UNIT_KINDS = [Kind.PAGE_VIEW, Kind.LOOKUP, Kind.REPORT, Kind.BROADCAST_SENT, Kind.BROADCAST_OPENED]
KIND_LABELS = dict(Kind.choices)
TOP = 20


@dataclass(frozen=True)
class UsageFilter:
    date_from: date | None = None
    date_to: date | None = None
    unit: Unit | None = None  # a unit inside the officer's scope: its subtree only


@dataclass
class UsageDashboard:
    totals: dict[str, int]
    by_month: list[dict[str, Any]]
    by_unit: list[dict[str, Any]]
    empty_searches: list[dict[str, Any]] = field(default_factory=list)
    top_guides: list[dict[str, Any]] = field(default_factory=list)
    reports_by_kind: list[dict[str, Any]] = field(default_factory=list)


def usage_rows_for_officer(*, officer: User, flt: UsageFilter) -> QuerySet[UsageDaily]:
    rows = UsageDaily.objects.all()
    if flt.date_from:
        rows = rows.filter(day__gte=flt.date_from)
    if flt.date_to:
        rows = rows.filter(day__lte=flt.date_to)
    if flt.unit is not None:
        return rows.filter(unit__path__startswith=flt.unit.path)
    if not officer.is_active:
        return rows.none()
    if officer_is_province_wide(officer=officer):
        return rows
    if officer.unit_id is None:
        return rows.filter(unit__isnull=True)
    return rows.filter(Q(unit__isnull=True) | Q(unit__path__startswith=officer.unit.path))  # type: ignore[union-attr]


def _top(rows: QuerySet[UsageDaily], kind: str, limit: int = TOP) -> list[dict[str, Any]]:
    grouped = list(rows.filter(kind=kind).values("key").annotate(total=Sum("count")).order_by("-total", "key")[:limit])
    labels = labels_for(kind, [row["key"] for row in grouped])
    return [{"key": row["key"], "label": labels[row["key"]], "total": row["total"]} for row in grouped]


def usage_dashboard(*, officer: User, flt: UsageFilter) -> UsageDashboard:
    rows = usage_rows_for_officer(officer=officer, flt=flt)
    totals: dict[str, int] = {str(kind): 0 for kind in MONTH_KINDS}
    for row in rows.values("kind").annotate(total=Sum("count")):
        totals[row["kind"]] = row["total"]
    months: dict[date, dict[str, Any]] = {}
    for row in rows.annotate(month=TruncMonth("day")).values("month", "kind").annotate(total=Sum("count")):
        months.setdefault(row["month"], {"month": row["month"], **{kind: 0 for kind in MONTH_KINDS}})[row["kind"]] = (
            row["total"]
        )
    units = unit_list_for_officer(officer=officer)
    if flt.unit is not None:
        units = units.filter(path__startswith=flt.unit.path)
    per_unit: dict[int, dict[str, int]] = {}
    for row in (
        rows.filter(unit__isnull=False, kind__in=UNIT_KINDS).values("unit_id", "kind").annotate(total=Sum("count"))
    ):
        per_unit.setdefault(row["unit_id"], {})[row["kind"]] = row["total"]
    by_unit = []
    for unit in units.order_by("path").only("id", "name", "depth"):
        figures = per_unit.get(unit.pk)
        if not figures:
            continue
        entry: dict[str, Any] = {
            "id": unit.pk,
            "name": unit.name,
            "depth": unit.depth,
            **{kind: figures.get(kind, 0) for kind in UNIT_KINDS},
            "total": sum(figures.values()),
        }
        by_unit.append(entry)
    return UsageDashboard(
        totals=totals,
        by_month=[months[m] for m in sorted(months)],
        by_unit=by_unit,
        empty_searches=_top(rows, Kind.SEARCH_EMPTY),
        top_guides=_top(rows, Kind.GUIDE_READ, 10),
        reports_by_kind=_top(rows, Kind.REPORT),
    )
