"""The sweeper (`notifications.sweep`, beat every NOTIFY_SWEEP_SECONDS): nothing waits forever.

Due deferred rows (night, quota), queued rows whose task was lost (Redis was down at enqueue, a broker lost it)
and rows stuck in `sending` (a worker died mid-send) go back to the send queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from notifications.models import Notification, NotificationAttempt, State
from notifications.outbox import enqueue_many


def notifications_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Re-enqueue what would otherwise wait forever: due deferred rows, queued rows whose task was lost,
    and rows stuck in `sending` (a worker died mid-send)."""
    now = now or timezone.now()
    due = list(
        Notification.objects.filter(state=State.DEFERRED, next_attempt_at__lte=now).values_list("pk", flat=True)[:5000]
    )
    Notification.objects.filter(pk__in=due, state=State.DEFERRED).update(
        state=State.QUEUED, next_attempt_at=None, updated_at=now
    )
    stale_before = now - timedelta(seconds=settings.NOTIFY_REQUEUE_AFTER_SECONDS)
    lost = list(
        Notification.objects.filter(state=State.QUEUED, updated_at__lt=stale_before)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("pk", flat=True)[:5000]
    )
    Notification.objects.filter(pk__in=lost).update(updated_at=now)
    stuck_before = now - timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT_SECONDS)
    stuck = list(
        Notification.objects.filter(state=State.SENDING, sending_started_at__lt=stuck_before).values_list(
            "pk", flat=True
        )[:5000]
    )
    for pk in stuck:
        row = Notification.objects.filter(pk=pk, state=State.SENDING).first()
        if row is None:
            continue
        if row.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            Notification.objects.filter(pk=pk, state=State.SENDING).update(
                state=State.FAILED, reason="Không rõ kết quả sau nhiều lần gửi (tiến trình gửi bị dừng)", updated_at=now
            )
            continue
        # ZNS carries our row id as tracking_id, so a resend of a message that did get through is recognised.
        if Notification.objects.filter(pk=pk, state=State.SENDING).update(state=State.QUEUED, updated_at=now):
            NotificationAttempt.objects.create(
                notification_id=pk, channel=row.channel, outcome="timeout", detail="đang gửi quá lâu; gửi lại"
            )
    requeue = due + lost + stuck
    enqueue_many(requeue)
    return {"deferred_due": len(due), "lost": len(lost), "stuck": len(stuck)}
