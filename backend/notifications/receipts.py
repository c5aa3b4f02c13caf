"""Delivery receipts from Zalo's webhook (`user_received_message`)."""

from __future__ import annotations

import time
from typing import Any

from notifications.services import notification_delivered
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
