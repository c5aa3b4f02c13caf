from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from citizens.consents import consent_record, consent_withdraw_matching
from citizens.models import Citizen, ConsentPurpose
from citizens.tokens import InvalidToken, TokenPair, token_pair_issue, token_pair_refresh
from common import ratelimit
from common.crypto import encrypt_text, keyed_hash
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


PHONE_INVALID = ErrorCode("phone_invalid", "Zalo không trả về số điện thoại hợp lệ. Vui lòng thử lại.", 400)
# Not 401: that status means OUR session to the Mini App, which would sign in again and resend the same tokens.
PHONE_TOKEN_REFUSED = ErrorCode(
    "zalo_phone_refused",
    "Zalo không xác nhận được số điện thoại cho tài khoản Zalo của bạn. Vui lòng thử lại.",
    400,
)
ZALO_ACCOUNT_MISMATCH = ErrorCode(
    "zalo_account_mismatch",
    "Mã Zalo gửi kèm không thuộc tài khoản Zalo đang đăng nhập. Chỉ xác minh được số điện thoại của chính bạn.",
    403,
)


def phone_normalize(raw: str) -> str:
    """'0912 345 678', '+84912345678', '84912345678' -> '84912345678' (the form ZNS expects)."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    if not (digits.startswith("84") and len(digits) == 11):
        raise ApplicationError(PHONE_INVALID)
    return digits


def _zalo_refusal(exc: ZaloError) -> ApplicationError:
    return ApplicationError(ZALO_UNAVAILABLE if exc.transient else PHONE_TOKEN_REFUSED)


def citizen_phone_verify(*, citizen: Citizen, zalo_access_token: str, phone_token: str) -> Citizen:
    """Exchange the one-time phone token with Zalo and keep the number encrypted, with consent recorded.

    Zalo answers /me/info for whoever holds the access token sent with the phone token, so that access token
    is first checked to be the signed-in citizen's own (the Zalo user id Zalo returns for it is the one the
    citizen signed in with); the exchange then uses that same token, and Zalo binds the phone token to the
    user who obtained it. Another user's pair, or their phone token with ours, verifies nothing.
    The number is never logged."""
    client = zalo_client()
    try:
        owner = client.get_me(zalo_access_token)
    except ZaloError as exc:
        logger.warning("Zalo phone verification: access token refused for citizen %s: %s", citizen.pk, exc)
        raise _zalo_refusal(exc) from exc
    if owner.id != citizen.zalo_user_id:
        logger.warning("Zalo phone verification: citizen %s sent another Zalo user's access token", citizen.pk)
        raise ApplicationError(ZALO_ACCOUNT_MISMATCH)
    try:
        number = client.exchange_phone_token(zalo_access_token, phone_token)
    except ZaloError as exc:
        logger.warning("Zalo phone exchange failed for citizen %s: %s", citizen.pk, exc.classification.meaning)
        raise _zalo_refusal(exc) from exc
    phone = phone_normalize(number)
    now = timezone.now()
    with transaction.atomic():
        citizen.phone_encrypted = encrypt_text(phone)
        citizen.phone_hash = keyed_hash(phone)
        citizen.phone_verified_at = now
        citizen.save(update_fields=["phone_encrypted", "phone_hash", "phone_verified_at", "updated_at"])
        consent_record(citizen=citizen, purpose=ConsentPurpose.PHONE)
    return citizen


@transaction.atomic
def citizen_phone_withdraw(*, citizen: Citizen) -> Citizen:
    """Withdraw consent: the phone and its hash are deleted; the withdrawal itself is recorded."""
    citizen.phone_encrypted = ""
    citizen.phone_hash = ""
    citizen.phone_verified_at = None
    citizen.save(update_fields=["phone_encrypted", "phone_hash", "phone_verified_at", "updated_at"])
    consent_withdraw_matching(citizen=citizen, purpose=ConsentPurpose.PHONE)
    return citizen


@transaction.atomic
def citizen_notifications_set(*, citizen: Citizen, allowed: bool) -> Citizen:
    """The Mini App's notification permission, with its consent recorded (once while it lasts) or withdrawn."""
    if (
        allowed
        and not citizen.consents.filter(purpose=ConsentPurpose.NOTIFICATIONS, withdrawn_at__isnull=True).exists()
    ):
        consent_record(citizen=citizen, purpose=ConsentPurpose.NOTIFICATIONS)
    if not allowed:
        consent_withdraw_matching(citizen=citizen, purpose=ConsentPurpose.NOTIFICATIONS)
    citizen.miniapp_notifications_allowed = allowed
    citizen.save(update_fields=["miniapp_notifications_allowed", "updated_at"])
    return citizen
