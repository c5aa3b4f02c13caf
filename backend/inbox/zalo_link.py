"""Linking an officer's own Zalo to their account, so the leader's digest can reach it through the OA.

No id is copied by hand: the officer opens "Liên kết Zalo" in the admin and gets a one-time code (valid
INBOX_ZALO_CODE_MINUTES), then sends "LIENKET <code>" to the province's OA from their own Zalo. The webhook's
`user_send_text` event carries their OA follower id, which is kept (OfficerZalo). The code has 40 bits from an
unambiguous alphabet and is stored only as a keyed hash. A provincial admin may also enter a follower id by hand
(the admin's "Zalo của cán bộ"), e.g. one read from the OA's own chat tool.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from inbox.models import OfficerZalo, ZaloLinkCode

logger = logging.getLogger(__name__)

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a screen, typed on a phone
CODE_LENGTH = 8
KEYWORD = "LIENKET"
_MESSAGE = re.compile(r"^\s*(?:LIENKET|LIÊN\s*KẾT|LIEN\s+KET)\s*[:\-]?\s*([A-Z0-9][A-Z0-9\s\-]{6,14})\s*$", re.I)


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"inbox-zalo-link:{code}".encode(), hashlib.sha256).hexdigest()


def zalo_link_start(*, user: Any) -> str:
    """A new code for this officer (an earlier one stops working); shown once, as 'XXXX-XXXX'."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires = timezone.now() + timedelta(minutes=settings.INBOX_ZALO_CODE_MINUTES)
    ZaloLinkCode.objects.update_or_create(user=user, defaults={"code_hash": _hash(code), "expires_at": expires})
    return f"{code[:4]}-{code[4:]}"


def zalo_link_finish(*, follower_id: str, text: str) -> OfficerZalo | None:
    """The OA received `text` from `follower_id`: link them if it is a live code; None when it is not one."""
    match = _MESSAGE.match(text or "")
    if not match or not follower_id:
        return None
    code = re.sub(r"[\s\-]", "", match.group(1)).upper()
    with transaction.atomic():
        pending = (
            ZaloLinkCode.objects.select_for_update()
            .filter(code_hash=_hash(code), expires_at__gt=timezone.now())
            .select_related("user")
            .first()
        )
        if pending is None:
            logger.info("zalo link: an unknown or expired code was sent to the OA")
            return None
        # One Zalo belongs to one officer: a follower id linked before to someone else moves to this officer.
        OfficerZalo.objects.filter(follower_id=follower_id).exclude(user=pending.user).delete()
        link, _ = OfficerZalo.objects.update_or_create(
            user=pending.user, defaults={"follower_id": follower_id, "last_error": ""}
        )
        pending.delete()
    logger.info("zalo link: officer %s linked their Zalo", pending.user_id)
    return link


def zalo_unlink(*, user: Any) -> bool:
    deleted, _ = OfficerZalo.objects.filter(user=user).delete()
    return deleted > 0
