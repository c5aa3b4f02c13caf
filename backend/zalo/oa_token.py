"""The OA token: read it, refresh it before it expires (beat) or when Zalo rejects it, one refresh at a time."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.crypto import decrypt_text, encrypt_text
from common.process_cache import process_cache
from zalo.client import OATokens, zalo_client
from zalo.errors import ZaloError
from zalo.models import OAToken

logger = logging.getLogger(__name__)


class OATokenUnavailable(Exception):
    """No usable OA token: an IT officer must authorise the OA again (admin › Zalo)."""


def _row() -> OAToken:
    row, _ = OAToken.objects.get_or_create(pk=1)
    return row


def oa_token_store(*, tokens: OATokens, row: OAToken | None = None) -> OAToken:
    row = row or _row()
    now = timezone.now()
    row.access_token_encrypted = encrypt_text(tokens.access_token)
    row.refresh_token_encrypted = encrypt_text(tokens.refresh_token)
    row.expires_at = now + timedelta(seconds=tokens.expires_in)
    row.refreshed_at = now
    row.last_error = ""
    row.needs_authorization = False
    row.save()
    _forget_local()
    return row


# The token read from the database is reused in this process for a minute: senders read it for every
# message. A refresh here forgets it; other processes get the new one within a minute, or at once when
# Zalo rejects the old one (their refresh then finds the new token already stored).
_LOCAL_SECONDS = 60.0
_local: dict[str, object] = process_cache("zalo.oa_token")


def _forget_local() -> None:
    _local.clear()


def oa_access_token() -> str:
    import time as _time

    cached = _local.get("token")
    if cached and _time.monotonic() - float(_local["at"]) < _LOCAL_SECONDS:  # type: ignore[arg-type]
        expires_at = _local.get("expires_at")
        if not expires_at or expires_at - timezone.now() >= timedelta(seconds=120):  # type: ignore[operator]
            return str(cached)
    token, expires_at = _oa_access_token_stored()
    _local.update(token=token, at=_time.monotonic(), expires_at=expires_at)
    return token


def _oa_access_token_stored() -> tuple[str, object]:
    row = _row()
    if not row.access_token_encrypted:
        raise OATokenUnavailable("OA chưa được cấp quyền")
    if row.expires_at and row.expires_at - timezone.now() < timedelta(seconds=60):
        return oa_token_refresh(seen_access_token=decrypt_text(row.access_token_encrypted)), None
    return decrypt_text(row.access_token_encrypted), row.expires_at


def oa_token_refresh(*, seen_access_token: str | None = None) -> str:
    """Refresh under the row lock. A caller that saw `seen_access_token` rejected gets the newer token
    if someone else already refreshed while it waited: the single-use refresh token is spent once."""
    with transaction.atomic():
        row = OAToken.objects.select_for_update().get_or_create(pk=1)[0]
        if not row.refresh_token_encrypted:
            raise OATokenUnavailable("OA chưa được cấp quyền")
        current = decrypt_text(row.access_token_encrypted) if row.access_token_encrypted else ""
        if seen_access_token is not None and current and current != seen_access_token:
            return current
        try:
            tokens = zalo_client().oa_refresh(decrypt_text(row.refresh_token_encrypted))
        except ZaloError as exc:
            failure = exc
        else:
            oa_token_store(tokens=tokens, row=row)
            return tokens.access_token
    # Recorded after the lock's transaction ends, so the failure survives the exception below.
    OAToken.objects.filter(pk=1).update(last_error=str(failure)[:300], needs_authorization=not failure.transient)
    logger.error("OA token refresh failed: %s", failure)
    if failure.transient:
        raise failure
    raise OATokenUnavailable(str(failure)) from failure


def oa_token_refresh_if_expiring() -> bool:
    """Beat: refresh ahead of expiry so senders never meet an expired token."""
    row = _row()
    if not row.refresh_token_encrypted or not row.expires_at:
        return False
    if row.expires_at - timezone.now() > timedelta(seconds=settings.ZALO_OA_REFRESH_BEFORE_SECONDS):
        return False
    oa_token_refresh(seen_access_token=decrypt_text(row.access_token_encrypted))
    return True
