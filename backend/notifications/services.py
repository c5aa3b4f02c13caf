"""What other apps call: a message not tied to a dossier event (`notify_citizen`: ratings, reports) and an
officer's resend (the admin). Rows for dossier events are written by outbox.py (the signal in apps.py); sending is
delivery.py.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from citizens.models import Citizen
from dossiers.models import Dossier
from notifications.models import (
    Channel,
    Notification,
    NotificationAttempt,
    NotificationTemplate,
    State,
)
from notifications.outbox import channels_for, enqueue_many
from units.models import Unit

logger = logging.getLogger(__name__)


def notify_citizen(
    *,
    key: str,
    kind: str,
    citizen: Citizen | None,
    unit: Unit | None,
    values: dict[str, str],
    link: str,
    dossier: Dossier | None = None,
) -> Notification | None:
    """One message not tied to a dossier event (a reply to a rating, a report's progress), written to the
    outbox in the caller's transaction and enqueued after commit.

    `key` names what the message is about ("rating-reply:12"); the same key and citizen never make a
    second row, so callers may run twice. Returns the new row, or None if it existed or the kind's
    template is switched off.
    """
    if not NotificationTemplate.objects.filter(kind=kind, active=True).exists():
        return None
    recipient_key = f"c{citizen.pk}" if citizen is not None else "none"
    usable = channels_for(citizen, dossier, kind) if citizen is not None else []
    channel = usable[0] if usable else ""
    if citizen is None:
        reason = "Không có người nhận (gửi ẩn danh hoặc chưa đăng nhập)."
    else:
        reason = "" if channel else "Không có kênh nào tới được người nhận (chưa quan tâm OA, không có số điện thoại)."
    row, created = Notification.objects.get_or_create(
        key=f"{key}:{recipient_key}"[:120],
        defaults={
            "dossier": dossier,
            "unit": unit,
            "citizen": citizen,
            "recipient": f"công dân #{citizen.pk}" if citizen is not None else "—",
            "kind": kind,
            "channel": channel,
            "state": State.QUEUED if channel else State.SKIPPED,
            "reason": reason,
            "values": {name: str(value) for name, value in values.items()},
            "link": link[:500],
        },
    )
    if not created:
        return None
    if row.state == State.QUEUED:
        transaction.on_commit(lambda: enqueue_many([row.pk]))
    return row


# --- Sweeper, receipts, resend --------------------------------------------------------------------


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


def notification_delivered(*, provider_message_id: str = "", tracking_id: str = "") -> bool:
    """A delivery receipt: mark the row delivered. False if no row matches (yet)."""
    query = Q()
    if provider_message_id:
        query |= Q(provider_message_id=provider_message_id)
    if tracking_id.isdigit():
        query |= Q(pk=int(tracking_id), channel=Channel.ZNS)
    if not query:
        return False
    rows = Notification.objects.filter(query)
    if not rows.exists():
        return False
    rows.filter(state__in=[State.SENT, State.SENDING]).update(
        state=State.DELIVERED, delivered_at=timezone.now(), updated_at=timezone.now()
    )
    return True


@transaction.atomic
def notification_resend(*, notification: Notification) -> Notification:
    """An officer resends a failed or skipped row: a new row (new key), through the first usable channel."""
    usable = channels_for(notification.citizen, notification.dossier, notification.kind)
    number = Notification.objects.filter(key__startswith=f"{notification.key}:resend-").count() + 1
    row = Notification.objects.create(
        key=f"{notification.key}:resend-{number}"[:120],
        event_id=notification.event_id,
        dossier_id=notification.dossier_id,
        unit_id=notification.unit_id,
        values=notification.values,
        link=notification.link,
        citizen=notification.citizen,
        recipient=notification.recipient,
        kind=notification.kind,
        channel=usable[0] if usable else "",
        state=State.QUEUED if usable else State.SKIPPED,
        reason="" if usable else "Không có kênh nào tới được người nhận.",
        resend_of=notification,
    )
    if usable:
        transaction.on_commit(lambda: enqueue_many([row.pk]))
    return row
