"""One date format in every text a citizen reads (notifications, messages), the same as the Mini App's
(miniapp/src/services/dates.ts): "02/12/2026" for a day, "18:04, 02/12/2026" for a moment in Vietnam time."""

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
