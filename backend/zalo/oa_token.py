"""OA tokens, one pair per Official Account: read, refresh before expiry (beat) or when Zalo rejects one, one
refresh at a time per OA. OAs are independent: one OA's refresh failure is recorded on its own row only."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.crypto import decrypt_text, encrypt_text
from common.process_cache import process_cache
from zalo.client import OATokens, zalo_client
from zalo.errors import ZaloError
from zalo.models import OfficialAccount

logger = logging.getLogger(__name__)


class OATokenUnavailable(Exception):
    """No usable token for this OA: an IT officer must authorise it again (admin › Zalo OA)."""


def province_oa() -> OfficialAccount:
    """The province's OA (created on first use, so a fresh install has the row to authorise)."""
    row = OfficialAccount.objects.filter(is_province=True).first()
    if row is None:
        row, _ = OfficialAccount.objects.get_or_create(
            is_province=True, defaults={"name": "OA Công an tỉnh", "oa_id": settings.ZALO_OA_ID}
        )
    return row


def _resolve(oa: OfficialAccount | int | None) -> OfficialAccount:
    if oa is None:
        return province_oa()
    if isinstance(oa, int):
        return OfficialAccount.objects.get(pk=oa)
    return oa


def oa_token_store(*, tokens: OATokens, oa: OfficialAccount | None = None) -> OfficialAccount:
    row = _resolve(oa)
    now = timezone.now()
    row.access_token_encrypted = encrypt_text(tokens.access_token)
    row.refresh_token_encrypted = encrypt_text(tokens.refresh_token)
    row.expires_at = now + timedelta(seconds=tokens.expires_in)
    row.refreshed_at = now
    row.last_error = ""
    row.needs_authorization = False
    row.save()
    _forget_local(row.pk)
    return row


# A token read from the database is reused in this process for a minute: senders read it for every message.
# A refresh here forgets it; other processes get the new one within a minute, or at once when Zalo rejects
# the old one (their refresh then finds the new token already stored).
_LOCAL_SECONDS = 60.0
_local: dict[int | str, dict[str, object]] = process_cache("zalo.oa_token")  # by OA pk, or "province"


def _forget_local(oa_pk: int) -> None:
    _local.pop(oa_pk, None)
    _local.pop("province", None)  # it may be this OA: a refresh is rare, a second read costs one query


def oa_access_token(oa: OfficialAccount | int | None = None) -> str:
    """The access token of `oa` (the province's by default)."""
    key = (oa.pk if isinstance(oa, OfficialAccount) else oa) or "province"
    cached = _local.get(key)
    if cached and time.monotonic() - float(cached["at"]) < _LOCAL_SECONDS:  # type: ignore[arg-type]
        expires_at = cached.get("expires_at")
        if not expires_at or expires_at - timezone.now() >= timedelta(seconds=120):  # type: ignore[operator]
            return str(cached["token"])
    row = _resolve(oa)
    token, expires_at = _oa_access_token_stored(row)
    _local[key] = {"token": token, "at": time.monotonic(), "expires_at": expires_at}
    return token


def _oa_access_token_stored(row: OfficialAccount) -> tuple[str, object]:
    if not row.access_token_encrypted:
        raise OATokenUnavailable(f"{row.name} chưa được cấp quyền")
    if row.expires_at and row.expires_at - timezone.now() < timedelta(seconds=60):
        return oa_token_refresh(oa=row, seen_access_token=decrypt_text(row.access_token_encrypted)), None
    return decrypt_text(row.access_token_encrypted), row.expires_at


def oa_token_refresh(*, oa: OfficialAccount | int | None = None, seen_access_token: str | None = None) -> str:
    """Refresh under this OA's row lock. A caller that saw `seen_access_token` rejected gets the newer token
    if someone else already refreshed while it waited: the single-use refresh token is spent once."""
    pk = _resolve(oa).pk
    with transaction.atomic():
        row = OfficialAccount.objects.select_for_update().get(pk=pk)
        if not row.refresh_token_encrypted:
            raise OATokenUnavailable(f"{row.name} chưa được cấp quyền")
        current = decrypt_text(row.access_token_encrypted) if row.access_token_encrypted else ""
        if seen_access_token is not None and current and current != seen_access_token:
            return current
        try:
            tokens = zalo_client().oa_refresh(decrypt_text(row.refresh_token_encrypted))
        except ZaloError as exc:
            failure = exc
        else:
            oa_token_store(tokens=tokens, oa=row)
            return tokens.access_token
    # Recorded after the lock's transaction ends, so the failure survives the exception below.
    OfficialAccount.objects.filter(pk=pk).update(
        last_error=str(failure)[:300], needs_authorization=not failure.transient
    )
    logger.error("OA %s token refresh failed: %s", pk, failure)
    if failure.transient:
        raise failure
    raise OATokenUnavailable(str(failure)) from failure


def oa_token_refresh_if_expiring(*, oa: OfficialAccount | int | None = None) -> bool:
    """Beat: refresh ahead of expiry so senders never meet an expired token."""
    row = _resolve(oa)
    if not row.refresh_token_encrypted or not row.expires_at:
        return False
    if row.expires_at - timezone.now() > timedelta(seconds=settings.ZALO_OA_REFRESH_BEFORE_SECONDS):
        return False
    oa_token_refresh(oa=row, seen_access_token=decrypt_text(row.access_token_encrypted))
    return True


def oa_tokens_refresh_all() -> dict[int, str]:
    """Beat: every OA refreshed on its own; a failure is recorded on that OA and the others carry on."""
    outcome: dict[int, str] = {}
    for pk in OfficialAccount.objects.exclude(refresh_token_encrypted="").values_list("pk", flat=True):
        try:
            outcome[pk] = "refreshed" if oa_token_refresh_if_expiring(oa=pk) else "fresh"
        except (OATokenUnavailable, ZaloError) as exc:
            outcome[pk] = f"failed: {exc}"[:200]
    return outcome
