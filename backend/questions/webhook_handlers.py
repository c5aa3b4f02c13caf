"""The OA chat: what a citizen writes to the OA becomes a message in their conversation with the officers, and
opens Zalo's reply window for the OA consultation message that carries the answer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from citizens.models import Citizen
from questions.services import question_from_oa_message
from zalo.webhook import register

# Every kind of message a user can send to the OA opens the reply window; only text becomes a question.
USER_MESSAGE_EVENTS = (
    "user_send_text",
    "user_send_image",
    "user_send_link",
    "user_send_audio",
    "user_send_video",
    "user_send_sticker",
    "user_send_location",
    "user_send_file",
    "user_send_gif",
    "user_send_business_card",
)


def _ids(payload: dict[str, Any]) -> tuple[str, str]:
    return str((payload.get("sender") or {}).get("id", "")), str(payload.get("user_id_by_app", "") or "")


def on_user_message(payload: dict[str, Any]) -> None:
    follower_id, app_user_id = _ids(payload)
    if payload.get("event_name") == "user_send_text":
        message = payload.get("message") or {}
        question_from_oa_message(
            follower_id=follower_id,
            app_user_id=app_user_id,
            text=str(message.get("text", "")),
            msg_id=str(message.get("msg_id", "")),
        )
    who = (Q(oa_follower_id=follower_id) if follower_id else Q()) | (
        Q(zalo_user_id=app_user_id) if app_user_id else Q()
    )
    if who:
        Citizen.objects.filter(who).update(oa_last_message_at=_sent_at(payload))


def _sent_at(payload: dict[str, Any]) -> datetime:
    """The event's own time (milliseconds), never later than now: the window counts from the citizen's message."""
    timestamp = str(payload.get("timestamp", ""))
    now = timezone.now()
    if not timestamp.isdigit():
        return now
    sent = datetime.fromtimestamp(int(timestamp) / 1000, tz=UTC)
    return min(sent, now)


for _event in USER_MESSAGE_EVENTS:
    register(_event)(on_user_message)
