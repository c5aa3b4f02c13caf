"""Zalo webhook: verify, store once, answer fast; handlers registered by other packages do the work.

Signature (secondary source, UNVERIFIED — kept in this one function): header `X-ZEvent-Signature:
mac=<hex>` with mac = SHA-256(app_id + raw body + timestamp + OA secret key), plain SHA-256, where
timestamp is the body's own `timestamp` field (milliseconds).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.parsers import json_depth_refuse
from common.plain_errors import plain_error
from zalo.models import WebhookEvent

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
HANDLERS: dict[str, list[Handler]] = {}


def register(event_name: str) -> Callable[[Handler], Handler]:
    def decorator(handler: Handler) -> Handler:
        HANDLERS.setdefault(event_name, []).append(handler)
        return handler

    return decorator


# Packages that send their own messages (broadcasts) say "this message id is mine", so a receipt handler that does
# not find the id among its rows knows not to wait for it.
MessageOwner = Callable[[str], bool]
MESSAGE_OWNERS: list[MessageOwner] = []


def register_message_owner(owner: MessageOwner) -> MessageOwner:
    MESSAGE_OWNERS.append(owner)
    return owner


def message_owned_elsewhere(message_id: str) -> bool:
    return bool(message_id) and any(owner(message_id) for owner in MESSAGE_OWNERS)


class HandlerRetry(Exception):
    """Raised by a handler that cannot act yet (e.g. a receipt for a row not yet committed): try again soon."""


class WebhookRejected(Exception):
    def __init__(self, reason: str, status: int = 403):
        self.reason = reason
        self.status = status
        super().__init__(reason)


def expected_signature(*, app_id: str, raw_body: bytes, timestamp: str, oa_secret: str) -> str:
    return hashlib.sha256(app_id.encode() + raw_body + timestamp.encode() + oa_secret.encode()).hexdigest()


def _oa_secret_for(payload: dict[str, Any]) -> str:
    """The key an event must be signed with: its OA's own when ZALO_OA_SECRET_KEYS lists that OA, else the app's.
    The OA ids an event may carry are those followers.oa_of_event reads; the (unverified) payload only chooses which
    key is checked, so a forged OA id gains nothing without that OA's key."""
    own_keys = settings.ZALO_OA_SECRET_KEYS
    if own_keys:
        for field in (
            payload.get("oa_id"),
            (payload.get("sender") or {}).get("id"),
            (payload.get("recipient") or {}).get("id"),
        ):
            if field is not None and str(field) in own_keys:
                return str(own_keys[str(field)])
    return str(settings.ZALO_OA_SECRET_KEY)


def webhook_verify(*, raw_body: bytes, signature_header: str, now: float | None = None) -> dict[str, Any]:
    json_depth_refuse(raw_body)  # before json.loads, whose recursion deep nesting would exhaust (a 500)
    try:
        payload = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise WebhookRejected("malformed JSON", status=400) from exc
    if not isinstance(payload, dict) or "event_name" not in payload:
        raise WebhookRejected("not a Zalo event", status=400)
    timestamp = str(payload.get("timestamp", ""))
    provided = signature_header.removeprefix("mac=").strip()
    expected = expected_signature(
        app_id=settings.ZALO_APP_ID, raw_body=raw_body, timestamp=timestamp, oa_secret=_oa_secret_for(payload)
    )
    if not provided or not hmac.compare_digest(provided, expected):
        raise WebhookRejected("bad signature")
    if (
        not timestamp.isdigit()
        or abs((now or time.time()) - int(timestamp) / 1000) > settings.ZALO_WEBHOOK_MAX_AGE_SECONDS
    ):
        raise WebhookRejected("stale timestamp")
    return payload


def _dedup_key(payload: dict[str, Any]) -> str:
    message = payload.get("message") or {}
    parts = [
        payload.get("event_name"),
        message.get("msg_id"),
        payload.get("timestamp"),
        (payload.get("sender") or {}).get("id"),
        (payload.get("follower") or {}).get("id"),
        payload.get("user_id_by_app"),
    ]
    return hashlib.sha256("|".join(str(p or "") for p in parts).encode()).hexdigest()


def webhook_event_store(*, payload: dict[str, Any]) -> WebhookEvent | None:
    """Store the event once; a duplicate delivery returns None and enqueues nothing."""
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                dedup_key=_dedup_key(payload), event_name=str(payload["event_name"])[:80], payload=payload
            )
    except IntegrityError:
        return None
    # By name (zalo/tasks.py imports this module); a signature runs at once in eager mode, send_task would not.
    transaction.on_commit(lambda: current_app.signature("zalo.process_webhook", args=[event.pk]).apply_async())
    return event


def webhook_event_process(*, event_id: int) -> None:
    claimed = WebhookEvent.objects.filter(pk=event_id, processed_at__isnull=True).update(processed_at=timezone.now())
    if not claimed:
        return  # already processed: a redelivered task is a no-op
    event = WebhookEvent.objects.get(pk=event_id)
    for handler in HANDLERS.get(event.event_name, []):
        try:
            handler(event.payload)
        except HandlerRetry:
            WebhookEvent.objects.filter(pk=event_id).update(processed_at=None)  # unclaim: the task retries
            raise
        except Exception as exc:  # noqa: BLE001 - recorded on the event, visible in the admin
            logger.exception("Webhook handler failed for event %s", event_id)
            WebhookEvent.objects.filter(pk=event_id).update(error=f"Lỗi khi xử lý: {plain_error(exc)}"[:300])


def webhook_event_give_up(*, event_id: int, reason: str) -> None:
    WebhookEvent.objects.filter(pk=event_id).update(processed_at=timezone.now(), error=f"gave up: {reason}"[:300])
