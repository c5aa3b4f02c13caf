"""The officers' second factor: a TOTP app (django-otp's TOTPDevice) and single-use recovery codes (its
StaticDevice). Reads and writes for the sign-in pages (second_factor_views.py), the middleware and the
provincial admin's reset action.

Who must give one: every account that opens the admin while ADMIN_OTP_REQUIRED is on (every officer role
reaches personal data or accounts that do), and, whatever the setting, every account that has enrolled.
"""

from __future__ import annotations

import re
from typing import Any

import django_otp
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.selectors import officer_is_province_wide

# Whether the signed-in officer had enrolled when they signed in (saves a query on every admin page of the
# demo, where the second factor is optional). Rewritten by every step that adds or removes a device.
ENROLLED_SESSION_KEY = "second_factor_enrolled"
# The recovery codes just made, shown once by the next page and then forgotten.
NEW_CODES_SESSION_KEY = "second_factor_new_codes"

TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã khôi phục"

_TOTP_CODE = re.compile(r"^\d{6}$")


class SecondFactorError(Exception):
    """A second-factor step refused, with the Vietnamese sentence to show."""


def officer_has_second_factor(*, officer: User) -> bool:
    """Has any confirmed device: a TOTP app, or recovery codes left from one."""
    return (
        TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
        or StaticDevice.objects.filter(user=officer, confirmed=True).exists()
    )


def officer_has_totp_app(*, officer: User) -> bool:
    return TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


def recovery_codes_left(*, officer: User) -> int:
    return StaticToken.objects.filter(device__user=officer, device__confirmed=True).count()


def second_factor_required(*, officer: User) -> bool:
    """Whether this officer must give a second factor before any admin page (see the module docstring)."""
    return settings.ADMIN_OTP_REQUIRED or officer_has_second_factor(officer=officer)


@transaction.atomic
def totp_device_start(*, officer: User) -> TOTPDevice:
    """The officer's device being enrolled: the same secret on every visit until it is confirmed."""
    if officer_has_totp_app(officer=officer):
        raise SecondFactorError("Tài khoản đã có ứng dụng xác thực. Muốn đổi, hãy đề nghị Quản trị cấp tỉnh đặt lại.")
    device = TOTPDevice.objects.filter(user=officer, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=officer, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed in: base32, in groups of four."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _clean(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


@transaction.atomic
def totp_device_confirm(*, officer: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the device being enrolled with a code from the app; returns it and fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=officer, confirmed=False).order_by("-id").first()
    if device is None:
        raise SecondFactorError("Không có thiết bị nào đang chờ xác nhận. Hãy tải lại trang đăng ký.")
    token = _clean(token)
    _refuse_if_waiting(device)
    if not _TOTP_CODE.match(token) or not device.verify_token(token):
        raise SecondFactorError(WRONG_CODE)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=officer, confirmed=False).delete()
    return device, recovery_codes_create(officer=officer)


@transaction.atomic
def recovery_codes_create(*, officer: User) -> list[str]:
    """A new set of RECOVERY_CODE_COUNT single-use codes; any earlier set stops working."""
    StaticDevice.objects.filter(user=officer).delete()
    device = StaticDevice.objects.create(user=officer, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def second_factor_verify(*, officer: User, token: str) -> Device:
    """The device that accepts `token`: six digits from the app, or one recovery code (used up by this)."""
    token = _clean(token)
    if _TOTP_CODE.match(token):
        devices: list[Device] = list(TOTPDevice.objects.filter(user=officer, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=officer, confirmed=True))
    for device in devices:
        _refuse_if_waiting(device)
    for device in devices:
        # django_otp.verify_token locks the device row, so two requests cannot both use one code.
        verified = django_otp.verify_token(officer, device.persistent_id, token)
        if verified is not None:
            return verified
    raise SecondFactorError(WRONG_CODE)


WRONG_CODE = "Mã không đúng hoặc đã hết hạn. Nhập mã đang hiện trên ứng dụng, hoặc một mã khôi phục chưa dùng."


def _refuse_if_waiting(device: Any) -> None:
    """django-otp doubles the wait after each wrong code (1, 2, 4… seconds); say so rather than "wrong"."""
    allowed, data = device.verify_is_allowed()
    if not allowed and data and data.get("locked_until"):
        wait = max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)
        raise SecondFactorError(f"Đã nhập sai nhiều lần liên tiếp. Đợi {wait} giây rồi nhập lại mã mới.")


def session_mark_verified(request: HttpRequest, device: Device) -> None:
    """The session has given its second factor: a new session key, so a key seen before cannot ride on it."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[ENROLLED_SESSION_KEY] = True


# --- The provincial admin's reset -------------------------------------------------------------------------
def officer_may_reset_second_factor(*, by: User, officer: User | None = None) -> bool:
    """Province-wide roles only (a unit leader cannot, even in their own unit); a superuser's only by one."""
    if not by.is_active or not by.has_perm("accounts.change_user") or not officer_is_province_wide(officer=by):
        return False
    return officer is None or not officer.is_superuser or by.is_superuser


@transaction.atomic
def officer_second_factor_reset(*, officer: User, by: User) -> int:
    """Remove every device of `officer` (app and recovery codes); they enrol again at their next sign-in.
    Their open sessions lose their verification at once (OTPMiddleware finds no device)."""
    if not officer_may_reset_second_factor(by=by, officer=officer):
        raise SecondFactorError("Chỉ Quản trị cấp tỉnh được đặt lại xác thực hai lớp.")
    removed = TOTPDevice.objects.filter(user=officer).delete()[1].get(TOTPDevice._meta.label, 0)
    removed += StaticDevice.objects.filter(user=officer).delete()[1].get(StaticDevice._meta.label, 0)
    return removed


def remember_enrolment_at_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """user_logged_in: note in the new session whether this officer has enrolled (read by the middleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = officer_has_second_factor(officer=user)
