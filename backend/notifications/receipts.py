"""Receipts from Zalo's webhook: `user_received_message` (ZNS and OA) makes a sent row delivered;
`user_seen_message` (OA messages; the event lists the seen message ids) makes it delivered and seen."""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Q
from django.utils import timezone

from notifications.channels import CHANNELS
from notifications.models import Notification, State
from usage.services import usage_notification_seen
from zalo.webhook import HandlerRetry, message_owned_elsewhere, register

# A receipt can arrive before the row that sent the message is committed: retry it for this long.
RECEIPT_GRACE_SECONDS = 300


@register("user_received_message")
def on_received(payload: dict[str, Any]) -> None:
    message = payload.get("message") or {}
    found = notification_delivered(
        provider_message_id=str(message.get("msg_id", "")), tracking_id=str(message.get("tracking_id", ""))
    )
    timestamp = str(payload.get("timestamp", ""))
    age = time.time() - int(timestamp) / 1000 if timestamp.isdigit() else RECEIPT_GRACE_SECONDS + 1
    if not found and age < RECEIPT_GRACE_SECONDS and not message_owned_elsewhere(str(message.get("msg_id", ""))):
        raise HandlerRetry("no notification with this message id yet")


def notification_delivered(*, provider_message_id: str = "", tracking_id: str = "") -> bool:
    """A delivery receipt: mark the row delivered. False if no row matches (yet)."""
    query = Q()
    if provider_message_id:
        query |= Q(provider_message_id=provider_message_id)
    if tracking_id.isdigit():
        by_tracking_id = [name for name, channel in CHANNELS.items() if channel.receipt_by_tracking_id]
        query |= Q(pk=int(tracking_id), channel__in=by_tracking_id)
    if not query:
        return False
    rows = Notification.objects.filter(query)
    if not rows.exists():
        return False
    rows.filter(state__in=[State.SENT, State.SENDING]).update(
        state=State.DELIVERED, delivered_at=timezone.now(), updated_at=timezone.now()
    )
    return True


def seen_message_ids(payload: dict[str, Any]) -> list[str]:
    """The message ids a `user_seen_message` event names: `message.msg_ids` (a list; UNVERIFIED, secondary
    sources), or one `message.msg_id`."""
    message = payload.get("message") or {}
    ids = message.get("msg_ids") or ([message["msg_id"]] if message.get("msg_id") else [])
    return [str(i) for i in ids if i][:500] if isinstance(ids, list) else []


@register("user_seen_message")
def on_seen(payload: dict[str, Any]) -> None:
    notifications_seen(provider_message_ids=seen_message_ids(payload))


def notifications_seen(*, provider_message_ids: list[str]) -> int:
    """Seen implies delivered. Returns how many rows matched. No retry: a seen event comes long after the send."""
    if not provider_message_ids:
        return 0
    now = timezone.now()
    rows = Notification.objects.filter(provider_message_id__in=provider_message_ids)
    rows.filter(state__in=[State.SENT, State.SENDING]).update(state=State.DELIVERED, delivered_at=now, updated_at=now)
    fresh = rows.filter(seen_at__isnull=True)
    opened = list(fresh.values_list("channel", "unit_id"))
    seen = fresh.update(seen_at=now, updated_at=now)
    for channel, unit_id in opened:  # the usage figures: a count per channel and unit, nothing personal
        usage_notification_seen(channel=channel, unit_id=unit_id)
    return seen
