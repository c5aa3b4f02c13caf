from __future__ import annotations

from django import template

from dossiers.public_holidays import holiday_calendar_problems

register = template.Library()


@register.simple_tag
def holiday_calendar_warnings() -> list[str]:
    """For the admin index: what is missing or unconfirmed in the holiday calendar (two small reads)."""
    return holiday_calendar_problems()
