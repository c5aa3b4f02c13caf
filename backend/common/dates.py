"""One date format in every text a citizen reads (notifications, messages), the same as the Mini App's
(miniapp/src/services/format.ts): "02/12/2026" for a day, "18:04, 02/12/2026" for a moment in Vietnam time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as day_time

from django.utils import timezone

# Per zone: the current local day and the UTC instants it starts and ends at (today_in).
_days: dict[tzinfo, tuple[datetime, datetime, date]] = {}


def today_in(zone: tzinfo) -> date:
    """timezone.localdate() in `zone`, without converting the clock to local time on every call: the day is kept with
    the UTC instants of its midnights, and the clock (timezone.now(), so a test that moves it is obeyed) is compared
    with those. A day whose midnights do not map back to it (a zone that changes its clock at midnight) is not kept."""
    now = timezone.now()
    kept = _days.get(zone)
    if kept is not None and kept[0] <= now < kept[1]:
        return kept[2]
    today = now.astimezone(zone).date()
    start = datetime.combine(today, day_time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(today + timedelta(days=1), day_time.min, tzinfo=zone).astimezone(UTC)
    if start.astimezone(zone).date() == today and (end - timedelta(microseconds=1)).astimezone(zone).date() == today:
        _days[zone] = (start, end, today)
    return today


def citizen_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value:%d/%m/%Y}"


def citizen_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%H:%M}, {value:%d/%m/%Y}"


def wait_text(seconds: int | float) -> str:
    """How long to wait, in plain words rounded up: 'khoảng 15 phút', 'khoảng 2 giờ', 'ít phút nữa'."""
    minutes = max(1, -(-int(seconds) // 60))
    if minutes < 2:
        return "ít phút nữa"
    if minutes < 60:
        return f"khoảng {minutes} phút nữa"
    hours = -(-minutes // 60)
    return f"khoảng {hours} giờ nữa"


def locked_message(what: str, seconds: int | float) -> str:
    """A lock that says for how long: '<what> … Vui lòng thử lại sau khoảng 15 phút nữa.'"""
    return f"{what} Vui lòng thử lại sau {wait_text(seconds)}."
