"""The OA's chat: an IT officer enrols for alerts by sending the status page's code (ops/alert_zalo.py)."""

from __future__ import annotations

from typing import Any

from ops.alert_zalo import alert_enrolment_finish
from zalo.webhook import register


@register("user_send_text")
def on_text(payload: dict[str, Any]) -> None:
    follower_id = str((payload.get("sender") or {}).get("id", ""))
    text = str((payload.get("message") or {}).get("text", ""))
    alert_enrolment_finish(follower_id=follower_id, text=text)
