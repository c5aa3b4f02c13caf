"""Delivery receipts from Zalo's webhook (`user_received_message`): a sent row becomes delivered."""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Q
from django.utils import timezone

from notifications.channels import CHANNELS
from notifications.models import Notification, State
from zalo.webhook import HandlerRetry, register

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
    if not found and age < RECEIPT_GRACE_SECONDS:
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
