"""Clock arithmetic for reports: periods in calendar days, working days or calendar months, extension
steps, and the time a pause gives back. Pure functions over a working-day Calendar; the services store
the result in Report.due_date (docs/tin-bao-va-thoi-han.md explains the choices)."""

from __future__ import annotations

import calendar as _monthdays
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dossiers.workdays import Calendar
from reports.models import ClockStart, ClockUnit, ExtensionMode, ReportKind


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later; a day the month lacks becomes its last day
    (31/1 + 1 month = 28/2 or 29/2; 31/8 + 2 months = 31/10)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _monthdays.monthrange(year, month)[1]))


def add_period(start: date, amount: int, unit: str, cal: Calendar) -> date:
    """`amount` of `unit` after `start` (start itself not counted, as the law counts "kể từ ngày")."""
    if unit == ClockUnit.WORKING:
        return cal.add_working_days(start, amount)
    if unit == ClockUnit.MONTHS:
        return add_months(start, amount)
    return start + timedelta(days=amount)


def period_text(amount: int, unit: str) -> str:
    return f"{amount} {({ClockUnit.WORKING: 'ngày làm việc', ClockUnit.MONTHS: 'tháng'}).get(unit, 'ngày')}"  # type: ignore[call-overload]


@dataclass(frozen=True)
class Pause:
    start: date  # the day the suspension was decided: it still counts
    end: date | None  # the day of the resumption decision (None: still suspended); the clock restarts after it


def pause_shift(due: date, *, pause: Pause, unit: str, cal: Calendar) -> date:
    """The deadline after a pause ended: moved by the paused time, measured in the clock's unit.

    Working-day clocks get back the working days the pause covered (a pause over a weekend gives back
    nothing); calendar-day and month clocks get back the calendar days (a month clock paused 17 days
    gets 17 days, not a month)."""
    if pause.end is None or pause.end <= pause.start:
        return due
    if unit == ClockUnit.WORKING:
        return cal.add_working_days(due, cal.working_days_after(pause.start, pause.end))
    return due + (pause.end - pause.start)


def shifted(due: date, *, pauses: list[Pause], unit: str, cal: Calendar) -> date:
    for pause in pauses:
        due = pause_shift(due, pause=pause, unit=unit, cal=cal)
    return due


def extension_limit(
    *, step: dict[str, Any], clock_start: date, current_due: date, pauses: list[Pause], cal: Calendar
) -> date:
    """The latest deadline one extension step allows.

    "until": the whole clock counted from its start (20 days → "không quá 2 tháng" from receipt), plus
    the time already given back by pauses; "add": on top of the current deadline."""
    if step["mode"] == ExtensionMode.UNTIL:
        limit = add_period(clock_start, step["amount"], step["unit"], cal)
        return shifted(limit, pauses=pauses, unit=step["unit"], cal=cal)
    return add_period(current_due, step["amount"], step["unit"], cal)


def step_text(step: dict[str, Any]) -> str:
    amount = period_text(step["amount"], step["unit"])
    if step["mode"] == ExtensionMode.UNTIL:
        return f"tổng cộng không quá {amount}"
    return f"gia hạn thêm không quá {amount}"


def accept_text(kind: ReportKind) -> str:
    """ "Thụ lý trong 7 ngày làm việc kể từ ngày tiếp nhận" (empty when the kind has no acceptance step)."""
    if kind.accept_amount is None:
        return ""
    return f"thụ lý trong {period_text(kind.accept_amount, kind.accept_unit)} kể từ ngày tiếp nhận"


def clock_text(kind: ReportKind) -> str:
    """The whole clock in plain words, for the form and the admin; empty when the kind has no clock."""
    if kind.clock_amount is None:
        return ""
    start = "thụ lý" if kind.clock_start == ClockStart.ACCEPTED else "tiếp nhận"
    parts = [f"giải quyết trong {period_text(kind.clock_amount, kind.clock_unit)} kể từ ngày {start}"]
    steps = kind.extension_steps or []
    parts += [
        f"gia hạn lần {n}: {step_text(step)}" if len(steps) > 1 else step_text(step) for n, step in enumerate(steps, 1)
    ]
    if kind.allows_pause:
        parts.append("thời gian tạm đình chỉ không tính vào thời hạn")
    return "; ".join(parts)


def time_left(due: date, *, today: date, unit: str, cal: Calendar) -> int:
    """Days from `today` to `due` in the clock's own count: working days for a working-day clock,
    calendar days otherwise; negative when overdue."""
    if unit == ClockUnit.WORKING:
        return cal.working_days_after(today, due) if due >= today else -cal.working_days_after(due, today)
    return (due - today).days


def days_text(days: int, unit: str) -> str:
    word = "ngày làm việc" if unit == ClockUnit.WORKING else "ngày"
    if days < 0:
        return f"quá hạn {-days} {word}"
    return "hết hạn hôm nay" if days == 0 else f"còn {days} {word}"
