"""Notifications in the admin: filters, every attempt, resend, the template texts, a daily summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path

from accounts.admin_scoping import ScopedUnitListFilter, UnitScopedAdminMixin
from notifications import services
from notifications.messages import template_check
from notifications.models import Notification, NotificationAttempt, NotificationTemplate, State


class AttemptInline(admin.TabularInline):
    model = NotificationAttempt
    extra = 0
    can_delete = False
    fields = ["at", "channel", "outcome", "code", "detail", "duration_ms"]
    readonly_fields = fields  # type: ignore[assignment]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NotificationUnitFilter(ScopedUnitListFilter):
    unit_field = "unit"


@admin.register(Notification)
class NotificationAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    scope_unit_field = "unit"
    list_display = ["id", "dossier", "kind", "recipient", "channel", "state", "attempts", "reason", "created_at"]
    list_filter = [
        "state",
        "channel",
        "kind",
        "needs_attention",
        NotificationUnitFilter,
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["dossier__code", "key", "provider_message_id"]
    list_select_related = ["dossier"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    inlines = [AttemptInline]
    actions = ["resend"]
    change_list_template = "admin/notifications/notification/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Gửi lại (tạo thông báo mới)", permissions=["change"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        done = 0
        for row in queryset.filter(state__in=[State.FAILED, State.SKIPPED]):
            services.notification_resend(notification=row)
            done += 1
        skipped = queryset.count() - done
        self.message_user(request, f"Đã tạo {done} thông báo gửi lại.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} thông báo chưa thất bại nên không gửi lại.", messages.WARNING)

    def get_urls(self):
        return [
            path("summary/", self.admin_site.admin_view(self.summary_view), name="notifications_notification_summary"),
            *super().get_urls(),
        ]

    def summary_view(self, request: HttpRequest) -> TemplateResponse:
        """Per day and channel: how many were sent, delivered, failed, deferred, skipped (last 30 days)."""
        rows = (
            self.get_queryset(request)
            .annotate(day=TruncDate("created_at"))
            .values("day", "channel", "state")
            .annotate(n=Count("id"))
            .order_by("-day", "channel")
        )
        table: dict[tuple, dict[str, int]] = {}
        for row in rows:
            table.setdefault((row["day"], row["channel"]), {})[row["state"]] = row["n"]
        days = [
            {
                "day": day,
                "channel": channel,
                "counts": [counts.get(s, 0) for s in State.values],
                "total": sum(counts.values()),
            }
            for (day, channel), counts in list(table.items())[:300]
        ]
        return TemplateResponse(
            request,
            "admin/notifications/notification/summary.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Tổng hợp thông báo theo ngày và kênh",
                "states": State.labels,
                "days": days,
            },
        )


class TemplateForm(forms.ModelForm):
    class Meta:
        model = NotificationTemplate
        fields = ["kind", "title", "body", "button_label", "active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("title", "body"):
            try:
                unknown = template_check(data.get(name) or "")  # type: ignore[union-attr]
            except ValueError:
                self.add_error(name, "Dấu ngoặc { } không khớp.")
                continue
            if unknown:
                self.add_error(name, f"Không có thông tin: {', '.join('{' + u + '}' for u in unknown)}")
        return data  # type: ignore[return-value]


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ["kind", "title", "active", "updated_at"]
    list_filter = ["active"]
