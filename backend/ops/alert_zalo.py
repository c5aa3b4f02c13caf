"""Alerts to an IT officer's own Zalo, through the province's OA (next to the e-mail in ops/alerts.py).

Enrolment needs no id to be copied by hand: the status page gives a signed-in officer a one-time code
(`ALERT_ZALO_CODE_MINUTES` valid), the officer sends "CANHBAO <code>" to the OA from their own Zalo, and
the webhook's `user_send_text` event carries their OA follower id: that id is kept as an AlertRecipient.
The code has 40 bits from an unambiguous alphabet and is stored only as a keyed hash, so guessing it
through the OA's chat in its lifetime is out of reach.

An alert is a transaction message (the same kind citizens get). When the OA itself is the problem (its
token needs authorising) nothing can go out this way: e-mail is the channel that always works, and the
guide says so. Zalo may also refuse a message to someone who has not written to the OA for a long time;
the refusal is kept on the recipient row (shown in the admin) and logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ops.models import AlertEnrolment, AlertRecipient

logger = logging.getLogger(__name__)

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a screen, typed on a phone
CODE_LENGTH = 8
KEYWORD = "CANHBAO"
_MESSAGE = re.compile(r"^\s*(?:CANHBAO|CẢNH\s*BÁO|CANH\s+BAO)\s*[:\-]?\s*([A-Z0-9][A-Z0-9\s\-]{6,14})\s*$", re.I)


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"alert-enrol:{code}".encode(), hashlib.sha256).hexdigest()


def _normalise(code: str) -> str:
    return re.sub(r"[\s\-]", "", code).upper()


def alert_enrolment_start(*, user) -> str:
    """A new code for this officer (any earlier one stops working); shown once, as 'XXXX-XXXX'."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires = timezone.now() + timedelta(minutes=settings.ALERT_ZALO_CODE_MINUTES)
    AlertEnrolment.objects.update_or_create(user=user, defaults={"code_hash": _hash(code), "expires_at": expires})
    return f"{code[:4]}-{code[4:]}"


def alert_enrolment_finish(*, follower_id: str, text: str) -> AlertRecipient | None:
    """The OA received `text` from `follower_id`: enrol them if it is a live code. None when it is not one."""
    match = _MESSAGE.match(text or "")
    if not match or not follower_id:
        return None
    code = _normalise(match.group(1))
    with transaction.atomic():
        enrolment = (
            AlertEnrolment.objects.select_for_update()
            .filter(code_hash=_hash(code), expires_at__gt=timezone.now())
            .select_related("user")
            .first()
        )
        if enrolment is None:
            logger.info("alert enrolment: an unknown or expired code was sent to the OA")
            return None
        recipient, _ = AlertRecipient.objects.update_or_create(
            follower_id=follower_id, defaults={"user": enrolment.user, "last_error": ""}
        )
        enrolment.delete()
    logger.info("alert enrolment: %s will receive alerts on Zalo", enrolment.user)
    return recipient


def alert_payload(subject: str, body: str) -> dict:
    return {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "transaction_event",
                "language": "VI",
                "elements": [
                    {"type": "header", "content": subject[:100], "align": "left"},
                    {"type": "text", "align": "left", "content": body[:1000]},
                ],
            },
        }
    }


def alerts_send_zalo(subject: str, body: str) -> int:
    """Send one alert to every enrolled officer; returns how many Zalo accepted. Never raises."""
    from zalo.client import zalo_client
    from zalo.errors import ZaloError
    from zalo.oa_token import OATokenUnavailable, oa_access_token

    recipients = list(AlertRecipient.objects.all())
    if not recipients:
        return 0
    try:
        token = oa_access_token()
    except OATokenUnavailable as exc:
        logger.error("alert not sent on Zalo: the OA has no usable token (%s); e-mail is the channel left", exc)
        return 0
    sent = 0
    for recipient in recipients:
        try:
            zalo_client().send_oa_transaction(
                token, follower_id=recipient.follower_id, payload=alert_payload(subject, body)
            )
        except (ZaloError, OSError) as exc:
            logger.error("alert not sent on Zalo to %s: %s", recipient, exc)
            AlertRecipient.objects.filter(pk=recipient.pk).update(last_error=str(exc)[:300])
            continue
        AlertRecipient.objects.filter(pk=recipient.pk).update(last_sent=timezone.now(), last_error="")
        sent += 1
    return sent
