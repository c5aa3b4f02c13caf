"""Reads: how fresh a dossier's status is, and which sources lag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from sync.models import SyncSource


@dataclass(frozen=True)
class Lag:
    source: SyncSource
    minutes: int | None  # None: never succeeded

    @property
    def text(self) -> str:
        if self.minutes is None:
            return f"{self.source.title}: chưa đồng bộ thành công lần nào"
        return f"{self.source.title}: {self.minutes} phút chưa đồng bộ được"


def sources_lagging(*, now: datetime | None = None) -> list[Lag]:
    """Enabled, scheduled sources with no success within their alert time."""
    now = now or timezone.now()
    lagging = []
    for source in SyncSource.objects.filter(enabled=True, interval_minutes__gt=0).exclude(kind="file"):
        limit = timedelta(minutes=source.lag_alert_minutes)
        if source.last_success_at is None:
            # A new source gets its alert time to succeed once.
            if source.last_run_at is not None and now - source.last_run_at < limit:
                continue
            lagging.append(Lag(source, None))
        elif now - source.last_success_at > limit:
            lagging.append(Lag(source, int((now - source.last_success_at).total_seconds() // 60)))
    return lagging
