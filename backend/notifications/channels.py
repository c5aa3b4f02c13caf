"""The four ways a message reaches a citizen, each one call to the Zalo seam (or the log)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from common.crypto import decrypt_text
from notifications.messages import Message
from notifications.models import Channel, Notification
from zalo.client import zalo_client

logger = logging.getLogger("notifications.console")


def recipient_phone(notification: Notification) -> str:
    """The phone Zalo verified for the citizen, else the one given at the counter."""
    citizen = notification.citizen
    if citizen is not None and citizen.phone_encrypted:
        return decrypt_text(citizen.phone_encrypted)
    if notification.dossier is not None and notification.dossier.applicant_phone_encrypted:
        return decrypt_text(notification.dossier.applicant_phone_encrypted)
    return ""


# The facts shown as a table in an OA message, when the message has them.
OA_TABLE = (("code", "Mã"), ("status", "Trạng thái"), ("appointment_date", "Ngày hẹn trả"))


def oa_payload(message: Message) -> dict[str, Any]:
    """A transaction message (template) with the facts as a table and a button to the dossier."""
    return {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "transaction_order",
                "language": "VI",
                "elements": [
                    {"type": "header", "content": message.title, "align": "left"},
                    {"type": "text", "align": "left", "content": message.body},
                    {
                        "type": "table",
                        "content": [
                            {"key": label, "value": message.facts[name]}
                            for name, label in OA_TABLE
                            if message.facts.get(name)
                        ],
                    },
                ],
                "buttons": [{"title": message.button_label, "type": "oa.open.url", "payload": {"url": message.link}}],
            },
        }
    }


def zns_template(kind: str) -> dict[str, Any] | None:
    spec = settings.NOTIFY_ZNS_TEMPLATES.get(kind)
    return spec if spec and spec.get("template_id") else None


def zns_data(message: Message, params: dict[str, str]) -> dict[str, str]:
    values = {**message.facts, "title": message.title, "body": message.body}
    return {param: str(values.get(field, ""))[:400] for param, field in params.items()}


def send(notification: Notification, message: Message, oa_token: str) -> str:
    """Send through the row's channel; returns Zalo's message id. Raises ZaloError on failure."""
    channel = notification.channel
    if channel == Channel.OA:
        sent = zalo_client().send_oa_transaction(
            oa_token,
            follower_id=notification.citizen.oa_follower_id,  # type: ignore[union-attr]
            payload=oa_payload(message),
        )
        return sent.message_id
    if channel == Channel.ZNS:
        spec = zns_template(message.kind)
        sent = zalo_client().send_zns(
            oa_token,
            phone=recipient_phone(notification),
            template_id=spec["template_id"],  # type: ignore[index]
            template_data=zns_data(message, spec.get("params") or {}),  # type: ignore[union-attr]
            tracking_id=str(notification.pk),
        )
        return sent.message_id
    if channel == Channel.MINIAPP:
        sent = zalo_client().send_miniapp_notification(
            user_id=notification.citizen.zalo_user_id,  # type: ignore[union-attr]
            template_id=settings.NOTIFY_MINIAPP_TEMPLATE_ID,
            template_data={
                "title": message.title,
                "contentTitle": message.title,
                "contentDescription": message.body,
                "buttonText": message.button_label,
                "buttonUrl": message.link,
            },
        )
        return sent.message_id
    if channel == Channel.CONSOLE:
        logger.info(
            "Thông báo #%s tới %s: %s — %s", notification.pk, notification.recipient, message.title, message.body
        )
        return f"console-{notification.pk}"
    raise ValueError(f"unknown channel {channel!r}")


def uses_oa_token(channel: str) -> bool:
    return channel in (Channel.OA, Channel.ZNS)
