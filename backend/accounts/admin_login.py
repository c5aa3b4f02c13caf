"""Admin pages for officer sign-in: failed sign-ins and lockouts (with unlock), the sign-in log.

They replace the pages django-axes and django-otp would register themselves (AXES_ENABLE_ADMIN = False; the
OTP device pages are removed, since they show the secrets): addresses and browsers of every officer are
for province-wide roles only, whatever permissions a group is given later.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_scoping import ReadOnlyAdminMixin
from accounts.models import LoginAttempt, LoginRecord, User
from accounts.selectors import officer_is_province_wide

for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class ProvinceWideOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, and invisible to anyone outside the province-wide roles."""

    @staticmethod
    def _province_wide(request: HttpRequest) -> bool:
        # Asked for each of these pages while the admin builds its menu: one query per request.
        known = getattr(request, "_sign_in_pages_province_wide", None)
        if known is None:
            user = request.user
            known = user.is_active and officer_is_province_wide(officer=user)
            request._sign_in_pages_province_wide = known  # type: ignore[attr-defined]
        return known

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return queryset if self._province_wide(request) else queryset.none()

    # The model permission first: it is already loaded, and holders of no permission cost no query.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) and self._province_wide(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and self._province_wide(request)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ProvinceWideOnlyAdmin):
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "state"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time", "state"]
    readonly_fields = fields  # type: ignore[assignment]
    actions = ["unlock"]

    @admin.display(description="trạng thái")
    def state(self, obj: AccessAttempt) -> str:
        ends = obj.attempt_time + settings.AXES_COOLOFF_TIME
        if obj.failures_since_start >= settings.AXES_FAILURE_LIMIT and ends > timezone.now():
            return f"Đang khóa đến {timezone.localtime(ends):%H:%M %d/%m/%Y}"
        return f"Còn {max(0, settings.AXES_FAILURE_LIMIT - obj.failures_since_start)} lần thử"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("accounts.delete_loginattempt") and self._province_wide(request)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Mở khóa" says what deleting these rows does
        return actions

    @admin.action(description="Mở khóa đăng nhập cho các dòng đã chọn", permissions=["delete"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        rows = list(queryset.values_list("pk", "username", "ip_address"))
        # Deleted through axes' own model, whose signals its handlers listen to.
        AccessAttempt.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
        officers = {u.username: u for u in User.objects.filter(username__in={name for _, name, _ in rows})}
        for _, username, ip_address in rows:
            if username in officers:
                LogEntry.objects.log_actions(  # type: ignore[call-overload]
                    user_id=request.user.pk,
                    queryset=[officers[username]],
                    action_flag=CHANGE,
                    change_message=f"Mở khóa đăng nhập từ địa chỉ {ip_address}",
                    single_object=True,
                )
        self.message_user(request, f"Đã mở khóa {len(rows)} dòng.", messages.SUCCESS)


@admin.register(LoginRecord)
class LoginRecordAdmin(ProvinceWideOnlyAdmin):
    list_display = ["username", "ip_address", "attempt_time", "logout_time"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    fields = ["username", "ip_address", "user_agent", "path_info", "attempt_time", "logout_time"]
    readonly_fields = fields  # type: ignore[assignment]
