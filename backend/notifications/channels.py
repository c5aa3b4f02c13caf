"""The four ways a message reaches a citizen, and everything that differs between them, in ONE table (CHANNELS).

Per channel: the setting that switches it on, whom it can reach (an address for this recipient and kind), the
one call to the Zalo seam that sends (or the log), which error table of zalo/errors.py classifies its failures
(retry, refresh the token, defer for the night or the quota, fall back, give up), whether it needs the OA access
token, and what makes a sent message delivered. Rate and daily quota are NOTIFY_RATE_PER_SECOND and
NOTIFY_DAILY_QUOTA by channel name. The code that writes, sends and receipts rows reads this table and never
names a channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from common.crypto import decrypt_text
from notifications.messages import Message
from notifications.models import CONSULTATION_KINDS, Channel, Notification
from zalo.client import zalo_client
from zalo.errors import Api

if TYPE_CHECKING:
    from citizens.models import Citizen
    from dossiers.models import Dossier

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


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: max(limit - 1, 0)] + "…"


def zns_data(message: Message, params: dict[str, str], max_lengths: dict[str, int] | None = None) -> dict[str, str]:
    """The template's parameters, each cut to its maximum length before sending: Zalo refuses a longer one
    with -1121 (parameter too long) and the message would be lost."""
    values = {**message.facts, "title": message.title, "body": message.body}
    limits = max_lengths or {}
    default = int(settings.NOTIFY_ZNS_PARAM_MAX_LENGTH)
    return {param: _cut(str(values.get(field, "")), int(limits.get(param, default))) for param, field in params.items()}


# --- Sending, one function per channel: returns the provider's message id; raises ZaloError on failure ----------


def _send_oa(notification: Notification, message: Message, oa_token: str) -> str:
    sent = zalo_client().send_oa_transaction(
        oa_token,
        follower_id=notification.citizen.oa_follower_id,  # type: ignore[union-attr]
        payload=oa_payload(message),
    )
    return sent.message_id


def consultation_text(message: Message) -> str:
    """A consultation message is plain text: the title, the whole answer (not the template's shortened body), the
    link back to the thread."""
    body = message.facts.get("reply") or message.body
    return f"{message.title}\n\n{body}\n\n{message.button_label}: {message.link}"[:2000]


def _send_oa_consultation(notification: Notification, message: Message, oa_token: str) -> str:
    sent = zalo_client().send_oa_consultation(
        oa_token,
        follower_id=notification.citizen.oa_follower_id,  # type: ignore[union-attr]
        text=consultation_text(message),
    )
    return sent.message_id


def _send_zns(notification: Notification, message: Message, oa_token: str) -> str:
    spec = zns_template(message.kind)
    sent = zalo_client().send_zns(
        oa_token,
        phone=recipient_phone(notification),
        template_id=spec["template_id"],  # type: ignore[index]
        template_data=zns_data(message, spec.get("params") or {}, spec.get("max_lengths")),  # type: ignore[union-attr]
        tracking_id=str(notification.pk),
    )
    return sent.message_id


def _send_miniapp(notification: Notification, message: Message, oa_token: str) -> str:
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


def _send_console(notification: Notification, message: Message, oa_token: str) -> str:
    logger.info("Thông báo #%s tới %s: %s — %s", notification.pk, notification.recipient, message.title, message.body)
    return f"console-{notification.pk}"


# --- Whom each channel can reach ------------------------------------------------------------------------------


def _follows_oa(citizen: Citizen | None, dossier: Dossier | None, kind: str) -> bool:
    # follows_oa: the citizen follows one of our OAs (the province's or a unit's); which one sends is chosen
    # when sending (notifications/routing.py). An answer to a question goes as a consultation message instead.
    return bool(citizen and citizen.follows_oa) and kind not in CONSULTATION_KINDS


def _in_reply_window(citizen: Citizen | None, dossier: Dossier | None, kind: str) -> bool:
    """An answer to the citizen's question, while Zalo's reply window after their last OA message is open."""
    if kind not in CONSULTATION_KINDS or citizen is None or not citizen.oa_follower_id:
        return False
    last = citizen.oa_last_message_at
    window = timedelta(hours=settings.NOTIFY_OA_CONSULTATION_WINDOW_HOURS)
    return last is not None and timezone.now() - last < window


def _has_phone_and_template(citizen: Citizen | None, dossier: Dossier | None, kind: str) -> bool:
    has_phone = bool((citizen and citizen.phone_encrypted) or (dossier and dossier.applicant_phone_encrypted))
    return has_phone and zns_template(kind) is not None


def _allowed_miniapp(citizen: Citizen | None, dossier: Dossier | None, kind: str) -> bool:
    return bool(settings.NOTIFY_MINIAPP_TEMPLATE_ID) and bool(citizen and citizen.miniapp_notifications_allowed)


def _anyone(citizen: Citizen | None, dossier: Dossier | None, kind: str) -> bool:
    return True


# --- The table ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelSpec:
    name: Channel
    switch: str  # the setting that turns the channel on
    reaches: Callable[[Citizen | None, Dossier | None, str], bool]  # an address for this recipient and kind
    send: Callable[[Notification, Message, str], str]  # the endpoint: (row, message, OA token) → message id
    errors: Api | None  # the zalo/errors.py table its failures are classified by; None: it has no error codes
    needs_oa_token: bool
    # The message goes from the OA of the unit handling the matter when the citizen follows it
    # (notifications/routing.py); otherwise the province's OA token is used.
    routes_by_unit_oa: bool
    # A delivery receipt (`user_received_message`) finds the row by Zalo's message id; ZNS receipts may name it
    # by our tracking_id (the row id) instead. A channel without receipts stays `sent`.
    receipt_by_tracking_id: bool

    def usable(self, citizen: Citizen | None, dossier: Dossier | None, kind: str) -> bool:
        return bool(getattr(settings, self.switch)) and self.reaches(citizen, dossier, kind)

    def rate_per_second(self) -> float:
        return float(settings.NOTIFY_RATE_PER_SECOND.get(self.name, 10))

    def daily_quota(self) -> int:
        return int(settings.NOTIFY_DAILY_QUOTA.get(self.name, 10**9))


CHANNELS: dict[str, ChannelSpec] = {
    Channel.OA_CONSULTATION: ChannelSpec(
        name=Channel.OA_CONSULTATION,
        switch="NOTIFY_OA_ENABLED",
        reaches=_in_reply_window,  # answers only, inside NOTIFY_OA_CONSULTATION_WINDOW_HOURS; -305 falls back
        send=_send_oa_consultation,  # consultation message, ZALO_OPENAPI_URL /v3.0/oa/message/cs
        errors=Api.OA,
        needs_oa_token=True,
        # The reply window is the province OA's (the OA chat questions arrive through, citizens/webhook_handlers.py).
        routes_by_unit_oa=False,
        receipt_by_tracking_id=False,
    ),
    Channel.OA: ChannelSpec(
        name=Channel.OA,
        switch="NOTIFY_OA_ENABLED",
        reaches=_follows_oa,  # the follower id is known after the `follow` webhook
        send=_send_oa,  # transaction message, ZALO_OPENAPI_URL /v3.0/oa/message/transaction
        errors=Api.OA,
        needs_oa_token=True,
        routes_by_unit_oa=True,
        receipt_by_tracking_id=False,  # delivered: a receipt with the message id
    ),
    Channel.ZNS: ChannelSpec(
        name=Channel.ZNS,
        switch="NOTIFY_ZNS_ENABLED",
        reaches=_has_phone_and_template,  # verified or counter phone, and a template in NOTIFY_ZNS_TEMPLATES
        send=_send_zns,  # ZALO_ZNS_URL /message/template, tracking_id = our row id
        errors=Api.ZNS,
        needs_oa_token=True,
        routes_by_unit_oa=False,  # ZNS templates are approved for the province's OA
        receipt_by_tracking_id=True,  # delivered: a receipt with the message id or our tracking_id
    ),
    Channel.MINIAPP: ChannelSpec(
        name=Channel.MINIAPP,
        switch="NOTIFY_MINIAPP_ENABLED",
        reaches=_allowed_miniapp,  # the citizen allowed it, and NOTIFY_MINIAPP_TEMPLATE_ID is set
        send=_send_miniapp,  # UNVERIFIED endpoint ZALO_MINIAPP_NOTIFY_URL with ZALO_MINIAPP_API_KEY
        errors=Api.MINIAPP,  # no codes known: every error gives up and alerts
        needs_oa_token=False,
        routes_by_unit_oa=False,
        receipt_by_tracking_id=False,  # no receipt known (UNVERIFIED): stays `sent`
    ),
    Channel.CONSOLE: ChannelSpec(
        name=Channel.CONSOLE,
        switch="NOTIFY_CONSOLE_ENABLED",  # refused in production
        reaches=_anyone,
        send=_send_console,  # the log `notifications.console`
        errors=None,
        needs_oa_token=False,
        routes_by_unit_oa=False,
        receipt_by_tracking_id=False,  # written to the log: stays `sent`
    ),
}


def unreachable_reason(citizen: Citizen | None, dossier: Dossier | None, kind: str) -> str:
    """Why no channel reaches this recipient with this kind, in words an officer can act on (the row's reason):
    "not following the OA" and "no ZNS template for this kind" call for different fixes."""
    causes: list[str] = []
    if not (citizen and citizen.follows_oa):
        causes.append("chưa quan tâm OA")
    elif kind in CONSULTATION_KINDS:
        causes.append("quá thời hạn trả lời qua tin nhắn OA")
    elif not settings.NOTIFY_OA_ENABLED:
        causes.append("kênh OA đang tắt")
    if not ((citizen and citizen.phone_encrypted) or (dossier and dossier.applicant_phone_encrypted)):
        causes.append("không có số điện thoại")
    elif zns_template(kind) is None:
        causes.append("chưa khai báo mẫu ZNS cho loại tin này")
    elif not settings.NOTIFY_ZNS_ENABLED:
        causes.append("kênh ZNS đang tắt")
    if settings.NOTIFY_MINIAPP_ENABLED and not (citizen and citizen.miniapp_notifications_allowed):
        causes.append("chưa cho phép thông báo trong Mini App")
    return f"Không có kênh nào tới được người nhận ({', '.join(causes)})."
