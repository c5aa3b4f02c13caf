from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone

from citizens.models import Citizen
from citizens.tokens import InvalidToken, TokenPair, token_pair_issue, token_pair_refresh
from common import ratelimit
from common.errors import ApplicationError, ErrorCode
from zalo.client import zalo_client
from zalo.errors import ZaloError

logger = logging.getLogger(__name__)

ZALO_TOKEN_INVALID = ErrorCode(
    "zalo_token_invalid", "Zalo không xác nhận được tài khoản của bạn. Vui lòng mở lại Mini App.", 401
)
ZALO_UNAVAILABLE = ErrorCode(
    "zalo_unavailable", "Không kết nối được với Zalo lúc này. Vui lòng thử lại sau ít phút.", 503
)
REFRESH_INVALID = ErrorCode("refresh_invalid", "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.", 401)

SIGN_IN_LIMIT = ratelimit.Limit("sign-in", count=settings.SIGN_IN_PER_IP_PER_MINUTE, window_seconds=60)


def citizen_sign_in(*, zalo_access_token: str, client_ip: str) -> tuple[Citizen, TokenPair]:
    """Verify the Mini App's Zalo token with Zalo itself; trust only the id Zalo returns."""
    ratelimit.enforce(SIGN_IN_LIMIT, client_ip)
    try:
        user = zalo_client().get_me(zalo_access_token)
    except ZaloError as exc:
        logger.warning("Zalo sign-in failed: %s", exc)
        raise ApplicationError(ZALO_UNAVAILABLE if exc.transient else ZALO_TOKEN_INVALID) from exc
    citizen, _ = Citizen.objects.update_or_create(
        zalo_user_id=user.id,
        defaults={"display_name": user.name[:200], "avatar_url": user.avatar[:500], "last_seen_at": timezone.now()},
    )
    return citizen, token_pair_issue(citizen=citizen)


def citizen_refresh(*, refresh_token: str) -> tuple[Citizen, TokenPair]:
    try:
        return token_pair_refresh(refresh_token=refresh_token)
    except InvalidToken as exc:
        raise ApplicationError(REFRESH_INVALID) from exc
