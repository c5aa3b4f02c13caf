"""Receipts for broadcast messages: `user_seen_message` makes the recipient row `seen`; a `user_received_message`
for a broadcast message is recognised, so the notification receipts do not wait for a row that will never come."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from broadcasts.models import BroadcastRecipient, RecipientState
from notifications.receipts import seen_message_ids
from usage.services import usage_broadcast
from zalo.webhook import register, register_message_owner


@register_message_owner
def is_broadcast_message(message_id: str) -> bool:
    """A receipt for a broadcast message is not a notification's: the notification receipts need not wait."""
    return BroadcastRecipient.objects.filter(message_id=message_id).exists()


@register("user_seen_message")
def on_seen(payload: dict[str, Any]) -> None:
    ids = seen_message_ids(payload)
    if ids:
        fresh = BroadcastRecipient.objects.filter(message_id__in=ids, state=RecipientState.SENT)
        units = list(fresh.values_list("broadcast__unit_id", flat=True))
        fresh.update(state=RecipientState.SEEN, seen_at=timezone.now())
        for unit_id in units:  # opened, for the usage figures (no personal data: a count per unit)
            usage_broadcast(event="opened", unit_id=unit_id)
