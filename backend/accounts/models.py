"""Officers are Django users attached to a unit; what they may do comes from role groups."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name="đơn vị công tác",
        help_text="Cán bộ chỉ thấy dữ liệu của đơn vị này và các đơn vị cấp dưới.",
    )
    position = models.CharField("chức vụ", max_length=120, blank=True)
    phone = models.CharField("điện thoại công vụ", max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username


class OfficerAccessLog(models.Model):
    """Who read or changed a record, from which unit and address (Luật Bảo vệ dữ liệu cá nhân 2025). Each package's log
    adds the record it is about and its own list of actions."""

    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    officer = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="cán bộ"
    )
    officer_username = models.CharField("tài khoản", max_length=150)
    officer_unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="đơn vị cán bộ"
    )
    detail = models.CharField("chi tiết", max_length=500, blank=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    user_agent = models.CharField("trình duyệt", max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]


def officer_access_fields(request: Any, *, detail: str = "") -> dict[str, Any]:
    """The officer-side columns of an access log row, taken from the admin request."""
    from common import net

    officer = request.user
    return {
        "officer": officer if officer.is_authenticated else None,
        "officer_username": getattr(officer, "username", "")[:150],
        "officer_unit_id": getattr(officer, "unit_id", None),
        "detail": detail[:500],
        "ip": net.client_ip(request) or None,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }


class LoginAttempt(AccessAttempt):
    """django-axes' failed sign-ins, one row per account, address and browser; shown to province-wide roles
    only (backend/accounts/admin_login.py). Deleting a row unlocks that account from that address."""

    class Meta:
        proxy = True
        verbose_name = "lần đăng nhập sai"
        verbose_name_plural = "đăng nhập sai, khóa tài khoản"
        ordering = ["-attempt_time"]


class LoginRecord(AccessLog):
    """django-axes' successful sign-ins and sign-outs, for the provincial admin."""

    class Meta:
        proxy = True
        verbose_name = "lần đăng nhập"
        verbose_name_plural = "nhật ký đăng nhập"
        ordering = ["-attempt_time"]

    def __str__(self) -> str:
        return f"{self.username} đăng nhập lúc {timezone.localtime(self.attempt_time):%H:%M %d/%m/%Y}"
