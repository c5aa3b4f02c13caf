"""The unit tree's admin. It lives here rather than in units/ because it is scoped by the officer's unit
(accounts/admin_scoping.py), and units sits below accounts (docs/architecture.md, "Packages and their direction")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_scoping import ScopedUnitListFilter, UnitScopedAdminMixin
from accounts.selectors import officer_is_province_wide, officer_of
from units.models import Unit, UnitAlias, UnitKind, UnitPhone
from units.posters import poster_codes


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
    readonly_fields = ["breadcrumb", "poster_link"]
    inlines = [UnitPhoneInline, UnitAliasInline]
    actions = ["print_posters"]
    fieldsets = [
        (None, {"fields": ["breadcrumb", "code", "name", "kind", "parent", "is_active", "display_order"]}),
        ("Áp phích mã QR", {"fields": ["poster_link"]}),
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

    @admin.display(description="áp phích A4")
    def poster_link(self, obj: Unit) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">In áp phích mã QR (quan tâm OA, trang đơn vị, tra cứu hồ sơ)</a>',
            reverse("admin:units_unit_poster", args=[obj.pk]),
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [path("<path:object_id>/poster/", wrap(self.poster_view), name="units_unit_poster"), *super().get_urls()]

    def _posters(self, request: HttpRequest, units: QuerySet[Unit]) -> HttpResponse:
        return TemplateResponse(
            request,
            "admin/units/unit/poster.html",
            {
                "posters": [{"unit": unit, "codes": poster_codes(unit)} for unit in units],
                "site_name": settings.SITE_NAME,
            },
        )

    def poster_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        units = self.get_queryset(request).filter(pk=object_id) if object_id.isdigit() else Unit.objects.none()
        if not self.has_view_permission(request) or not units.exists():
            raise Http404("Không tìm thấy đơn vị.")
        return self._posters(request, units)

    @admin.action(description="In áp phích mã QR của các đơn vị đã chọn")
    def print_posters(self, request: HttpRequest, queryset: QuerySet[Unit]) -> HttpResponse:
        return self._posters(request, queryset.order_by("path"))

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        if not officer_is_province_wide(officer=officer_of(request)) and obj.parent_id is None:
            raise PermissionDenied("Chỉ quản trị cấp tỉnh được tạo đơn vị gốc.")
        super().save_model(request, obj, form, change)


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    ordering = ["order"]
