"""What other apps call: a message not tied to a dossier event (`notify_citizen`: ratings, reports) and an
officer's resend (the admin). Rows for dossier events are written by outbox.py (the signal in apps.py); sending is
delivery.py.
"""

from __future__ import annotations

from django.db import transaction

from citizens.models import Citizen
from dossiers.models import Dossier
from notifications import channels
from notifications.models import Notification, NotificationTemplate, State
from notifications.outbox import channels_for, enqueue_many, enqueue_on_commit
from units.models import Unit


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
        reason = "" if channel else channels.unreachable_reason(citizen, dossier, kind)
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
        enqueue_on_commit([row.pk])  # with the transaction's other rows, through the process's window (outbox.py)
    return row


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
        reason=""
        if usable
        else channels.unreachable_reason(notification.citizen, notification.dossier, notification.kind),
        resend_of=notification,
    )
    if usable:
        transaction.on_commit(lambda: enqueue_many([row.pk]))
    return row
