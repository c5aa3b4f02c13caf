"""Thin tasks: beat runs each source on its own schedule (one PeriodicTask per source)."""

from __future__ import annotations

from celery import shared_task

from sync.models import SyncSource
from sync.services import sync_source_run


@shared_task(name="sync.run_source", acks_late=True, ignore_result=True)
def run_source(source_id: int, trigger: str = "lịch tự động") -> list[str]:
    source = SyncSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return []
    return [run.status for run in sync_source_run(source=source, trigger=trigger)]
