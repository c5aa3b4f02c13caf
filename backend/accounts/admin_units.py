"""The unit tree's admin. It lives here rather than in units/ because it is scoped by the officer's unit
(accounts/admin_scoping.py), and units sits below accounts (docs/architecture.md, "Packages and their direction")."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scoping import ScopedUnitListFilter, UnitScopedAdminMixin
from accounts.selectors import officer_is_province_wide, officer_of
from units.models import Unit, UnitAlias, UnitKind, UnitPhone


class UnitPhoneInline(admin.TabularInline):
    model = UnitPhone
    extra = 1
    fields = ["label", "number", "note", "order"]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0


class UnitTreeFilter(ScopedUnitListFilter):
    title = "thuộc đơn vị"
    unit_field = ""


@admin.register(Unit)
class UnitAdmin(UnitScopedAdminMixin, SimpleHistoryAdmin):
    scope_unit_field = ""
    list_display = ["indented_name", "code", "kind", "parent", "is_active", "display_order"]
    list_filter = [UnitTreeFilter, "kind", "is_active"]
    search_fields = ["name", "name_search", "code", "aliases__code"]
    ordering = ["path"]
    list_select_related = ["kind", "parent"]
    readonly_fields = ["breadcrumb"]
    inlines = [UnitPhoneInline, UnitAliasInline]
    fieldsets = [
        (None, {"fields": ["breadcrumb", "code", "name", "kind", "parent", "is_active", "display_order"]}),
        ("Liên hệ", {"fields": ["address", "working_hours", "latitude", "longitude", "zalo_oa_url"]}),
        ("Hiệu lực", {"fields": ["valid_from", "valid_to"], "classes": ["collapse"]}),
    ]

    @admin.display(description="tên đơn vị", ordering="path")
    def indented_name(self, obj: Unit) -> str:
        return f"{'— ' * obj.depth}{obj.name}"

    @admin.display(description="vị trí trong cây")
    def breadcrumb(self, obj: Unit) -> str:
        if not obj.pk:
            return "—"
        ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=obj.ancestor_ids).only("id", "name")}
        chain = [ancestors[pk] for pk in obj.ancestor_ids if pk in ancestors] + [obj]
        return format_html_join(" › ", "{}", ((u.name,) for u in chain))

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        if not officer_is_province_wide(officer=officer_of(request)) and obj.parent_id is None:
            raise PermissionDenied("Chỉ quản trị cấp tỉnh được tạo đơn vị gốc.")
        super().save_model(request, obj, form, change)


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    ordering = ["order"]
