"""Reads on ratings: the public figure, and the dashboard aggregates scoped to the officer's subtree.

Every aggregate is one GROUP BY in SQL over the ratings table (unit, procedure and officer are copied
onto each rating); Python only loops over the grouped rows (units, procedures, officers, months),
never over ratings. The unit roll-up adds each unit's own counts to its ancestors via the tree path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import User
from accounts.selectors import scope_to_officer, unit_list_for_officer
from ratings.models import (
    POSITIVE_DRIVERS,
    SATISFIED_LEVELS,
    Driver,
    FollowUp,
    FollowUpState,
    Level,
    Rating,
    SurveyResponse,
)
from units.models import Unit


def _counts() -> dict[str, Count]:
    return {
        "total": Count("id"),
        "very_satisfied": Count("id", filter=Q(level=Level.VERY_SATISFIED)),
        "satisfied": Count("id", filter=Q(level=Level.SATISFIED)),
        "unsatisfied": Count("id", filter=Q(level=Level.UNSATISFIED)),
    }


def satisfaction_rate(*, total: int, very_satisfied: int, satisfied: int) -> float | None:
    """Share of "Rất hài lòng" + "Hài lòng", in percent with one decimal; None without ratings."""
    if not total:
        return None
    return round(100 * (very_satisfied + satisfied) / total, 1)


def _with_rate(row: dict[str, Any]) -> dict[str, Any]:
    row["rate"] = satisfaction_rate(
        total=row["total"], very_satisfied=row["very_satisfied"], satisfied=row["satisfied"]
    )
    return row


# --- Public figure ------------------------------------------------------------------------------


def unit_satisfaction_public(*, unit: Unit, now: datetime | None = None) -> dict[str, Any]:
    """A unit's (and its subtree's) satisfaction over the last RATINGS_PUBLIC_DAYS days.

    The rate is published only from RATINGS_PUBLIC_MIN_COUNT ratings on: a handful says nothing.
    """
    now = now or timezone.now()
    days = settings.RATINGS_PUBLIC_DAYS
    figures = Rating.objects.filter(
        unit__path__startswith=unit.path, created_at__gte=now - timedelta(days=days)
    ).aggregate(total=Count("id"), happy=Count("id", filter=Q(level__in=SATISFIED_LEVELS)))
    total, happy = figures["total"], figures["happy"]
    enough = total >= settings.RATINGS_PUBLIC_MIN_COUNT
    return {
        "unit_id": unit.pk,
        "days": days,
        "min_count": settings.RATINGS_PUBLIC_MIN_COUNT,
        "count": total,
        "enough": enough,
        "rate": round(100 * happy / total, 1) if enough and total else None,
    }


# --- Officer reads ------------------------------------------------------------------------------


def rating_list_for_officer(*, officer: User) -> QuerySet[Rating]:
    return scope_to_officer(Rating.objects.all(), officer=officer)


def follow_up_list_for_officer(*, officer: User) -> QuerySet[FollowUp]:
    return scope_to_officer(FollowUp.objects.all(), officer=officer)


def survey_list_for_officer(*, officer: User) -> QuerySet[SurveyResponse]:
    return scope_to_officer(SurveyResponse.objects.all(), officer=officer)


@dataclass(frozen=True)
class DashboardFilter:
    date_from: date | None = None
    date_to: date | None = None
    unit: Unit | None = None  # a unit inside the officer's scope: its subtree only


def _bounds(flt: DashboardFilter) -> Q:
    q = Q()
    if flt.date_from:
        q &= Q(created_at__gte=timezone.make_aware(datetime.combine(flt.date_from, time.min)))
    if flt.date_to:
        q &= Q(created_at__lt=timezone.make_aware(datetime.combine(flt.date_to + timedelta(days=1), time.min)))
    if flt.unit is not None:
        q &= Q(unit__path__startswith=flt.unit.path)
    return q


def rating_filtered(*, officer: User, flt: DashboardFilter) -> QuerySet[Rating]:
    return rating_list_for_officer(officer=officer).filter(_bounds(flt))


@dataclass
class Dashboard:
    totals: dict[str, Any]
    by_unit: list[dict[str, Any]]
    by_procedure: list[dict[str, Any]]
    by_officer: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    survey_by_unit: list[dict[str, Any]]
    drivers: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    follow_ups_open: int = 0
    follow_ups_overdue: int = 0


def _units_in_view(*, officer: User, flt: DashboardFilter) -> list[Unit]:
    units = unit_list_for_officer(officer=officer)
    if flt.unit is not None:
        units = units.filter(path__startswith=flt.unit.path)
    return list(units.order_by("path").only("id", "name", "path", "depth"))


def _roll_up(units: list[Unit], own: dict[int, dict[str, int]]) -> list[dict[str, Any]]:
    """Each unit's row counts its own ratings plus every descendant's (materialised path)."""
    keys = ("total", "very_satisfied", "satisfied", "unsatisfied")
    rows = {u.pk: {"unit_id": u.pk, "name": u.name, "depth": u.depth, **dict.fromkeys(keys, 0)} for u in units}
    for unit in units:
        counts = own.get(unit.pk)
        if not counts:
            continue
        for ancestor_id in [*unit.ancestor_ids, unit.pk]:
            row = rows.get(ancestor_id)
            if row is not None:
                for key in keys:
                    row[key] += counts[key]  # type: ignore[operator]
    return [_with_rate(rows[u.pk]) for u in units]


_DRIVER_SQL = {
    "postgresql": "SELECT d.value, COUNT(*) FROM ratings_rating r CROSS JOIN LATERAL "
    "jsonb_array_elements_text(r.drivers) AS d(value) WHERE r.id IN ({ids}) GROUP BY d.value",
    "sqlite": "SELECT j.value, COUNT(*) FROM ratings_rating r, json_each(r.drivers) AS j "
    "WHERE r.id IN ({ids}) GROUP BY j.value",
}


def _driver_counts(ratings: QuerySet[Rating]) -> list[dict[str, Any]]:
    """How often each driver was picked, most first: unnested in SQL (the JSON list of each rating)."""
    template = _DRIVER_SQL.get(connection.vendor)
    if template is None:
        return []
    ids, params = ratings.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(template.format(ids=ids), params)
        counts = dict(cursor.fetchall())
    labels = dict(Driver.choices)
    rows = [
        {"code": code, "label": labels.get(code, code), "positive": code in POSITIVE_DRIVERS, "count": count}
        for code, count in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row["count"], row["label"]))


def rating_dashboard(*, officer: User, flt: DashboardFilter, today: date | None = None) -> Dashboard:
    """Everything the dashboard page shows, in a fixed number of queries whatever the number of ratings."""
    today = today or timezone.localdate()
    ratings = rating_filtered(officer=officer, flt=flt)
    totals = _with_rate(ratings.aggregate(**_counts()))
    own = {row.pop("unit_id"): row for row in ratings.order_by().values("unit_id").annotate(**_counts())}  # type: ignore[misc]
    units = _units_in_view(officer=officer, flt=flt)
    by_unit = _roll_up(units, own)  # type: ignore[arg-type]
    by_procedure = [
        _with_rate(row)  # type: ignore[arg-type]
        for row in ratings.order_by()  # type: ignore[misc]
        .values("procedure_id", "procedure__code", "procedure__name")
        .annotate(**_counts())
        .order_by("-total", "procedure__name")
    ]
    by_officer = [
        _with_rate(row)  # type: ignore[arg-type]
        for row in ratings.order_by()  # type: ignore[misc]
        .values("officer_id", "officer__username", "officer__first_name", "officer__last_name")
        .annotate(**_counts())
        .order_by("-total", "officer__username")
    ]
    by_month = [
        _with_rate(row)  # type: ignore[arg-type]
        for row in ratings.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(**_counts())
        .order_by("month")
    ]
    surveys = survey_list_for_officer(officer=officer).filter(_bounds(flt))
    survey_names = {u.pk: u.name for u in units}
    survey_by_unit = [
        _with_rate({"name": survey_names.get(row["unit_id"], "—"), **row})
        for row in surveys.order_by().values("unit_id").annotate(**_counts()).order_by("-total")  # type: ignore[misc]
    ]
    open_follow_ups = follow_up_list_for_officer(officer=officer).filter(state=FollowUpState.OPEN)
    if flt.unit is not None:
        open_follow_ups = open_follow_ups.filter(unit__path__startswith=flt.unit.path)
    follow_up_counts = open_follow_ups.aggregate(open=Count("id"), overdue=Count("id", filter=Q(deadline__lt=today)))
    follow_ups = list(open_follow_ups.select_related("rating__dossier", "unit").order_by("deadline", "id")[:50])
    return Dashboard(
        totals=totals,
        by_unit=by_unit,
        by_procedure=by_procedure,
        by_officer=by_officer,
        by_month=by_month,
        survey_by_unit=survey_by_unit,
        drivers=_driver_counts(ratings),
        follow_ups=follow_ups,
        follow_ups_open=follow_up_counts["open"],
        follow_ups_overdue=follow_up_counts["overdue"],
    )


EXPORT_HEADER = [
    "Mã hồ sơ",
    "Đơn vị",
    "Thủ tục",
    "Cán bộ tiếp nhận",
    "Mức độ",
    "Yếu tố",
    "Lý do không hài lòng",
    "Góp ý",
    "Thời điểm đánh giá",
]


def rating_export_rows(*, officer: User, flt: DashboardFilter) -> QuerySet[Any]:
    """The rows of the export, as tuples straight from the database (streamed, never all in memory)."""
    return (
        rating_filtered(officer=officer, flt=flt)
        .order_by("-created_at", "-id")
        .values_list(
            "dossier__code",
            "unit__name",
            "procedure__name",
            "officer__username",
            "level",
            "drivers",
            "reason",
            "comment",
            "created_at",
        )
    )
