"""Vietnamese working days: Monday–Friday (settings.WORKING_WEEKDAYS) minus public holidays, plus
weekend days worked in compensation (làm bù), both from the Holiday table editable in the admin.

Overdue and due-soon are derived here from the appointment date and never stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from common.process_cache import process_cache
from dossiers.models import Holiday

_CACHE_KEY = "pz:holidays:v1"
_CACHE_SECONDS = 3600
# Within one process the rows are reused for a short while, so a list of 100 dossiers costs one read.
_LOCAL_SECONDS = 30.0
_local: dict[str, object] = process_cache("dossiers.calendar")


@dataclass(frozen=True)
class Calendar:
    """Working-day arithmetic over a fixed set of exceptions (holidays off, weekend days on)."""

    days_off: frozenset[date]
    days_on: frozenset[date]
    weekdays: frozenset[int]

    def is_working_day(self, day: date) -> bool:
        if day in self.days_on:
            return True
        if day in self.days_off:
            return False
        return day.weekday() in self.weekdays

    def working_days_after(self, start: date, end: date) -> int:
        """Working days in (start, end]: 0 when end <= start. Friday→Monday is 1.

        Whole weeks are counted at once, then the few days left and the calendar's exceptions in the
        range, so a date a year away costs no more than one next week (lookups compute this each time).
        """
        if end <= start:
            return 0
        span = (end - start).days
        weeks, rest = divmod(span, 7)
        count = weeks * len(self.weekdays)
        first = start.weekday() + 1  # weekday of start + 1 day
        count += sum(1 for offset in range(rest) if (first + offset) % 7 in self.weekdays)
        for day in self.days_off:
            if start < day <= end and day.weekday() in self.weekdays and day not in self.days_on:
                count -= 1
        for day in self.days_on:
            if start < day <= end and day.weekday() not in self.weekdays:
                count += 1
        return count

    def add_working_days(self, start: date, days: int) -> date:
        """The date that is `days` working days after `start` (start itself is not counted)."""
        day = start
        remaining = max(days, 0)
        guard = 0
        while remaining:
            day += timedelta(days=1)
            guard += 1
            if guard > 3660:  # a calendar with no working days at all would loop forever
                raise ValueError("no working days in the calendar")
            if self.is_working_day(day):
                remaining -= 1
        return day


def calendar() -> Calendar:
    """The current calendar, cached (cleared whenever a Holiday row changes, see apps.py)."""
    if _local and time.monotonic() - _local["at"] < _LOCAL_SECONDS:  # type: ignore[operator]
        return _local["calendar"]  # type: ignore[return-value]
    rows = cache.get(_CACHE_KEY)
    if rows is None:
        rows = list(Holiday.objects.values_list("date", "is_working_day"))
        cache.set(_CACHE_KEY, rows, _CACHE_SECONDS)
    result = Calendar(
        days_off=frozenset(day for day, working in rows if not working),
        days_on=frozenset(day for day, working in rows if working),
        weekdays=frozenset(settings.WORKING_WEEKDAYS),
    )
    _local.update(at=time.monotonic(), calendar=result)
    return result


def calendar_forget() -> None:
    _local.clear()
    cache.delete(_CACHE_KEY)


class DeadlineState:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"
    CLOSED = "closed"
    NO_DATE = "no_date"


DEADLINE_LABELS = {
    DeadlineState.OVERDUE: "Quá hạn",
    DeadlineState.DUE_SOON: "Sắp đến hạn",
    DeadlineState.ON_TIME: "Trong hạn",
    DeadlineState.CLOSED: "Đã kết thúc",
    DeadlineState.NO_DATE: "Chưa có ngày hẹn",
}


@dataclass(frozen=True)
class Deadline:
    state: str
    working_days_left: int | None  # working days from today to the appointment date (0 = today)
    working_days_overdue: int | None

    @property
    def label(self) -> str:
        return DEADLINE_LABELS[self.state]


def deadline_for(*, appointment_date: date | None, is_open: bool, today: date, cal: Calendar) -> Deadline:
    if not is_open:
        return Deadline(DeadlineState.CLOSED, None, None)
    if appointment_date is None:
        return Deadline(DeadlineState.NO_DATE, None, None)
    if appointment_date < today:
        return Deadline(DeadlineState.OVERDUE, 0, cal.working_days_after(appointment_date, today))
    left = cal.working_days_after(today, appointment_date)
    state = DeadlineState.DUE_SOON if left <= settings.DOSSIER_DUE_SOON_WORKING_DAYS else DeadlineState.ON_TIME
    return Deadline(state, left, None)


class DeadlineData(TypedDict):
    """The deadline as citizens' answers carry it (documented by serializers.DeadlineOutput)."""

    state: str
    label: str
    working_days_left: int | None
    working_days_overdue: int | None


def deadline_data(
    *, appointment_date: date | None, is_open: bool, today: date | None = None, cal: Calendar | None = None
) -> DeadlineData:
    """The deadline of a dossier for its answer; `today` and `cal` default to now and the current calendar."""
    result = deadline_for(
        appointment_date=appointment_date,
        is_open=is_open,
        today=today or timezone.localdate(),
        cal=cal or calendar(),
    )
    return {
        "state": result.state,
        "label": result.label,
        "working_days_left": result.working_days_left,
        "working_days_overdue": result.working_days_overdue,
    }


def due_soon_cutoff(*, today: date, cal: Calendar) -> date:
    """Open dossiers with today <= appointment_date <= cutoff are due soon (for admin filters)."""
    return cal.add_working_days(today, settings.DOSSIER_DUE_SOON_WORKING_DAYS + 1) - timedelta(days=1)


def filter_by_deadline(
    queryset: QuerySet[Any], *, state: str, date_field: str, open_statuses: Iterable[Any], today: date | None = None
) -> QuerySet[Any]:
    """Overdue / due soon / on time as a database filter on `date_field`, open rows only, with the
    due-soon cutoff worked out in working days (dossiers' appointment date, reports' due date)."""
    today = today or timezone.localdate()
    open_only = queryset.filter(**{"status__in": list(open_statuses), f"{date_field}__isnull": False})
    if state == DeadlineState.OVERDUE:
        return open_only.filter(**{f"{date_field}__lt": today})
    cutoff = due_soon_cutoff(today=today, cal=calendar())
    if state == DeadlineState.DUE_SOON:
        return open_only.filter(**{f"{date_field}__gte": today, f"{date_field}__lte": cutoff})
    if state == DeadlineState.ON_TIME:
        return open_only.filter(**{f"{date_field}__gt": cutoff})
    return queryset
