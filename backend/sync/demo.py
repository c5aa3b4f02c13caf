"""Demo: the simulator source switched on and run a few times, so `make run` shows dossiers that came
through the sync (timeline "Hệ thống một cửa", freshness, runs in the admin)."""

from __future__ import annotations

from sync.models import SourceKind, SyncRun, SyncSource
from sync.services import sync_run, sync_source_schedule


def demo_sync_load(*, runs: int = 3) -> int:
    source = SyncSource.objects.filter(kind=SourceKind.DEMO).first()
    if source is None:
        return 0
    if not source.enabled:
        source.enabled = True
        source.save()
        sync_source_schedule(source=source)
    if SyncRun.objects.filter(source=source).exists():
        return 0  # already loaded: re-running demo_data adds nothing
    created = 0
    for _ in range(runs):
        created += sync_run(source=source, trigger="dữ liệu mẫu").created
    return created
