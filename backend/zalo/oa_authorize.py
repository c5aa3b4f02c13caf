"""Authorisation of an OA by an IT officer: OAuth with PKCE (S256), state kept server-side.

Each OA (the province's and every unit's) is authorised on its own: Zalo asks the person signed in which OA
to grant, so after the exchange we ask Zalo which OA the token belongs to (`/v2.0/oa/getoa`) and refuse a
token for another OA than the one the officer started from."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

from common.errors import ApplicationError, ErrorCode
from zalo.client import zalo_client
from zalo.errors import ZaloError
from zalo.models import OfficialAccount
from zalo.oa_token import oa_token_store

STATE_TTL_SECONDS = 600
OA_AUTH_STATE_INVALID = ErrorCode(
    "oa_auth_state_invalid", 'Phiên cấp quyền đã hết hạn hoặc không hợp lệ. Vui lòng bấm "Cấp quyền OA" lại.', 400
)
OA_AUTH_FAILED = ErrorCode("oa_auth_failed", "Zalo không cấp mã truy cập cho OA. Vui lòng thử lại.", 502)
OA_AUTH_WRONG_OA = ErrorCode(
    "oa_auth_wrong_oa",
    "Mã truy cập Zalo cấp thuộc về một OA khác với OA đang cấp quyền. Hãy chọn đúng OA trên trang của Zalo.",
    400,
)
OA_ID_TAKEN = ErrorCode("oa_id_taken", "OA này đã được gắn với một dòng OA khác trong hệ thống.", 400)


def pkce_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def oa_authorization_start(*, redirect_uri: str, oa: OfficialAccount) -> str:
    """The Zalo permission URL the officer opens; the verifier and the OA stay on our side, keyed by `state`."""
    verifier = secrets.token_urlsafe(64)[:96]
    state = secrets.token_urlsafe(24)
    cache.set(f"pz:oa-auth:{state}", {"verifier": verifier, "oa": oa.pk}, timeout=STATE_TTL_SECONDS)
    query = urlencode(
        {
            "app_id": settings.ZALO_APP_ID,
            "redirect_uri": redirect_uri,
            "code_challenge": pkce_challenge(verifier),
            "state": state,
        }
    )
    return f"{settings.ZALO_OA_PERMISSION_URL}?{query}"


def oa_authorization_complete(*, code: str, state: str) -> OfficialAccount:
    key = f"pz:oa-auth:{state}"
    started = cache.get(key)
    if not isinstance(started, dict) or not code:
        raise ApplicationError(OA_AUTH_STATE_INVALID)
    cache.delete(key)  # a state is good for one callback only
    oa = OfficialAccount.objects.filter(pk=started["oa"]).first()
    if oa is None:
        raise ApplicationError(OA_AUTH_STATE_INVALID)
    client = zalo_client()
    try:
        tokens = client.oa_exchange_code(code, started["verifier"])
        granted_oa_id = client.oa_info(tokens.access_token).oa_id
    except ZaloError as exc:
        raise ApplicationError(OA_AUTH_FAILED) from exc
    if oa.oa_id and granted_oa_id and granted_oa_id != oa.oa_id:
        raise ApplicationError(OA_AUTH_WRONG_OA)
    if not oa.oa_id and granted_oa_id:
        if OfficialAccount.objects.filter(oa_id=granted_oa_id).exclude(pk=oa.pk).exists():
            raise ApplicationError(OA_ID_TAKEN)
        oa.oa_id = granted_oa_id
        oa.save(update_fields=["oa_id"])
    return oa_token_store(tokens=tokens, oa=oa)
