"""First authorisation of the OA by an IT officer: OAuth with PKCE (S256), state kept server-side."""

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
from zalo.oa_token import oa_token_store

STATE_TTL_SECONDS = 600
OA_AUTH_STATE_INVALID = ErrorCode(
    "oa_auth_state_invalid", 'Phiên cấp quyền đã hết hạn hoặc không hợp lệ. Vui lòng bấm "Cấp quyền OA" lại.', 400
)
OA_AUTH_FAILED = ErrorCode("oa_auth_failed", "Zalo không cấp mã truy cập cho OA. Vui lòng thử lại.", 502)


def pkce_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def oa_authorization_start(*, redirect_uri: str) -> str:
    """The Zalo permission URL the officer opens; the verifier stays on our side, keyed by `state`."""
    verifier = secrets.token_urlsafe(64)[:96]
    state = secrets.token_urlsafe(24)
    cache.set(f"pz:oa-auth:{state}", verifier, timeout=STATE_TTL_SECONDS)
    query = urlencode(
        {
            "app_id": settings.ZALO_APP_ID,
            "redirect_uri": redirect_uri,
            "code_challenge": pkce_challenge(verifier),
            "state": state,
        }
    )
    return f"{settings.ZALO_OA_PERMISSION_URL}?{query}"


def oa_authorization_complete(*, code: str, state: str) -> None:
    key = f"pz:oa-auth:{state}"
    verifier = cache.get(key)
    if not verifier or not code:
        raise ApplicationError(OA_AUTH_STATE_INVALID)
    cache.delete(key)  # a state is good for one callback only
    try:
        tokens = zalo_client().oa_exchange_code(code, verifier)
    except ZaloError as exc:
        raise ApplicationError(OA_AUTH_FAILED) from exc
    oa_token_store(tokens=tokens)
