"""Publication dates of the demo's content (the procedures, handbook and news loaded by procedures/demo.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from publishing.models import PublishState


def published_values(obj: Any) -> dict[str, Any]:
    """Published now, unless it already is: a rerun keeps the first publication's dates."""
    if obj is not None and obj.pk is not None and obj.state == PublishState.PUBLISHED and obj.published_at:
        return {"state": obj.state, "approved_at": obj.approved_at, "published_at": obj.published_at}
    now = timezone.now()
    return {"state": PublishState.PUBLISHED, "approved_at": now, "published_at": now}
