"""`user_seen_message` for broadcast messages: the recipient row becomes `seen`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from broadcasts.models import BroadcastRecipient, RecipientState
from notifications.receipts import seen_message_ids
from zalo.webhook import register


@register("user_seen_message")
def on_seen(payload: dict[str, Any]) -> None:
    ids = seen_message_ids(payload)
    if ids:
        BroadcastRecipient.objects.filter(message_id__in=ids, state=RecipientState.SENT).update(
            state=RecipientState.SEEN, seen_at=timezone.now()
        )
