"""One date format in every text a citizen reads (notifications, messages), the same as the Mini App's
(miniapp/src/services/format.ts): "02/12/2026" for a day, "18:04, 02/12/2026" for a moment in Vietnam time."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


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
