from __future__ import annotations

from celery import shared_task

from dossiers.public_holidays import holiday_years_ensure


@shared_task(name="dossiers.holiday_years_ensure", ignore_result=True)
def holiday_years_ensure_task() -> list[int]:
    """Daily: on 1 January next year's statutory holidays are written (the current year's already are)."""
    return holiday_years_ensure()
