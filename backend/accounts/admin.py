from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts import (
    admin_login,  # noqa: F401 - registers the sign-in pages (failed sign-ins, sign-in log)
    admin_units,  # noqa: F401 - registers the unit tree's pages (scoped like every admin)
)
from accounts.admin_scoping import ScopedUnitListFilter, UnitScopedAdminMixin
from accounts.models import User
from accounts.second_factor import SecondFactorError, officer_may_reset_second_factor, officer_second_factor_reset
from accounts.selectors import officer_of


@admin.register(User)
class OfficerAdmin(UnitScopedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "get_full_name", "unit", "position", "is_active", "is_staff"]
    list_filter = [ScopedUnitListFilter, "groups", "is_active", "is_staff"]
    list_select_related = ["unit"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = DjangoUserAdmin.fieldsets + (  # type: ignore[operator]
        ("Công tác", {"fields": ("unit", "position", "phone")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("Công tác", {"fields": ("unit", "position")}),)

    @admin.display(description="Họ tên")
    def get_full_name(self, obj: Any) -> str:
        return obj.get_full_name()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A superuser's account (password included) is changed only by a superuser: otherwise a
        # provincial admin could take it over through the password page.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser may hand out superuser status or raw permissions.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    # --- Second factor: the provincial admin's reset (backend/accounts/second_factor.py) ---
    actions = ["reset_second_factor"]

    @admin.action(description="Đặt lại xác thực hai lớp", permissions=["reset_second_factor"])
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = []
        for officer in queryset:
            try:
                removed = officer_second_factor_reset(officer=officer, by=officer_of(request))
            except SecondFactorError as exc:
                self.message_user(request, f"{officer.username}: {exc}", messages.ERROR)
                continue
            self.log_change(request, officer, f"Đặt lại xác thực hai lớp (xóa {removed} thiết bị)")
            done.append(officer.username)
        if done:
            self.message_user(
                request,
                f"Đã đặt lại xác thực hai lớp cho {', '.join(done)}: lần đăng nhập tới sẽ đăng ký lại ứng dụng.",
                messages.SUCCESS,
            )

    def has_reset_second_factor_permission(self, request: HttpRequest) -> bool:
        return officer_may_reset_second_factor(by=officer_of(request))
