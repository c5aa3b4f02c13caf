from __future__ import annotations

from celery import shared_task


@shared_task(name="reports.sweep_staged_media", ignore_result=True)
def sweep_staged_media() -> int:
    from reports.submission import report_media_sweep

    return report_media_sweep()
