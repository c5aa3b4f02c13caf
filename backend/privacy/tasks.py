from __future__ import annotations

from celery import shared_task

from privacy.retention import retention_enforce as _retention_enforce


@shared_task(name="privacy.retention_enforce", ignore_result=True)
def retention_enforce() -> dict[str, int]:
    return _retention_enforce()
