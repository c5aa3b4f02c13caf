from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from citizens.consents import consent_record, consent_withdraw_matching
from citizens.models import Citizen, ConsentPurpose
from citizens.tokens import InvalidToken, TokenPair, token_pair_issue, token_pair_refresh
from common import ratelimit
from common.crypto import encrypt_text, keyed_hash
from common.errors import ApplicationError, ErrorCode
from zalo.client import ZaloUser, zalo_client
from zalo.errors import ZaloError

logger = logging.getLogger(__name__)

ZALO_TOKEN_INVALID = ErrorCode(
    "zalo_token_invalid", "Zalo không xác nhận được tài khoản của bạn. Vui lòng mở lại Mini App.", 401
)
ZALO_UNAVAILABLE = ErrorCode(
    "zalo_unavailable", "Không kết nối được với Zalo lúc này. Vui lòng thử lại sau ít phút.", 503
)
REFRESH_INVALID = ErrorCode("refresh_invalid", "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.", 401)


def sign_in_limit() -> ratelimit.Limit:
    """Per client IP (no citizen is known yet), sized for carrier NAT (SIGN_IN_PER_IP_PER_MINUTE)."""
    return ratelimit.Limit("sign-in", count=settings.SIGN_IN_PER_IP_PER_MINUTE, window_seconds=60)


# --- Zalo's answer for a sign-in: cached per access token, behind a circuit breaker ----------------------------
# A slow or failing Zalo must not hold every web thread: the call has its own short timeout, a token already
# verified is not asked again for ZALO_SIGN_IN_CACHE_SECONDS, and after ZALO_SIGN_IN_BREAKER_FAILURES failed calls
# in a row sign-ins that need Zalo are refused at once (503, the Mini App offers to retry) for the pause. The keys
# hold a keyed hash of the token (PII_HASH_KEY), never the token; the state is shared by every replica (the cache).
_BREAKER_FAILURES = "pz:zalo-sign-in:failures"
_BREAKER_OPEN = "pz:zalo-sign-in:open"


def _token_key(access_token: str) -> str:
    return f"pz:zalo-sign-in:user:{keyed_hash(f'zalo-access-token:{access_token}')[:40]}"


def _breaker_open() -> bool:
    try:
        return cache.get(_BREAKER_OPEN) is not None
    except Exception:  # noqa: BLE001 - the cache unreachable: the call itself is still bounded by its timeout
        return False


def _breaker_failure() -> None:
    try:
        cache.add(_BREAKER_FAILURES, 0, timeout=max(10 * settings.ZALO_SIGN_IN_BREAKER_SECONDS, 300))
        if cache.incr(_BREAKER_FAILURES) >= settings.ZALO_SIGN_IN_BREAKER_FAILURES:
            cache.set(_BREAKER_OPEN, 1, timeout=settings.ZALO_SIGN_IN_BREAKER_SECONDS)
            cache.delete(_BREAKER_FAILURES)
            logger.warning("Zalo sign-in paused for %s s after failed calls", settings.ZALO_SIGN_IN_BREAKER_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("the Zalo sign-in breaker could not be updated")


def zalo_user_verify(access_token: str) -> ZaloUser:
    """Who Zalo says the access token belongs to: cached, or asked within the short timeout unless paused."""
    key = _token_key(access_token)
    try:
        known = cache.get(key)
    except Exception:  # noqa: BLE001 - no cache: ask Zalo
        known = None
    if known is not None:
        return ZaloUser(*known)
    if _breaker_open():
        raise ApplicationError(ZALO_UNAVAILABLE)
    timeout = settings.ZALO_SIGN_IN_TIMEOUT_SECONDS
    bounds = (min(timeout, settings.ZALO_CONNECT_TIMEOUT), min(timeout, settings.ZALO_READ_TIMEOUT))
    try:
        user = zalo_client().get_me(access_token, timeout=bounds)
    except ZaloError as exc:
        logger.warning("Zalo sign-in failed: %s", exc)
        if exc.transient:
            _breaker_failure()
        raise ApplicationError(ZALO_UNAVAILABLE if exc.transient else ZALO_TOKEN_INVALID) from exc
    try:
        cache.delete(_BREAKER_FAILURES)
        cache.set(key, (user.id, user.name, user.avatar), timeout=settings.ZALO_SIGN_IN_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        pass
    return user


def citizen_sign_in(*, zalo_access_token: str, client_ip: str) -> tuple[Citizen, TokenPair]:
    """Verify the Mini App's Zalo token with Zalo itself; trust only the id Zalo returns."""
    ratelimit.enforce(sign_in_limit(), client_ip)
    user = zalo_user_verify(zalo_access_token)
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
