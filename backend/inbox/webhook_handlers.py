"""The OA's chat: an officer links their Zalo by sending the admin's code (inbox/zalo_link.py)."""

from __future__ import annotations

from typing import Any

from inbox.zalo_link import zalo_link_finish
from zalo.webhook import register


@register("user_send_text")
def on_text(payload: dict[str, Any]) -> None:
    follower_id = str((payload.get("sender") or {}).get("id", ""))
    text = str((payload.get("message") or {}).get("text", ""))
    zalo_link_finish(follower_id=follower_id, text=text)
