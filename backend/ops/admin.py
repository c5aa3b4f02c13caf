from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from accounts.selectors import officer_of
from ops.alert_zalo import alert_enrolment_start
from ops.models import AlertRecipient, Heartbeat
from ops.selectors import system_status


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen", "worker"]
    change_list_template = "admin/ops/heartbeat/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_urls(self):
        return [
            path("status/", self.admin_site.admin_view(self.status_view), name="ops_system_status"),
            *super().get_urls(),
        ]

    def status_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        zalo_code = ""
        if request.method == "POST" and "zalo_enrol" in request.POST:
            zalo_code = alert_enrolment_start(user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": "Trạng thái hệ thống",
            "lines": system_status(),
            "opts": self.model._meta,
            "zalo_code": zalo_code,
            "zalo_code_minutes": settings.ALERT_ZALO_CODE_MINUTES,
            "zalo_enrolled": AlertRecipient.objects.filter(user=officer_of(request)).order_by("created_at").first(),
        }
        return TemplateResponse(request, "admin/ops/status.html", context)


@admin.register(AlertRecipient)
class AlertRecipientAdmin(admin.ModelAdmin):
    """Who gets alerts on Zalo; added only by the OA chat (status page code), removed here."""

    list_display = ["user", "created_at", "last_sent", "last_error"]
    readonly_fields = ["user", "follower_id", "created_at", "last_sent", "last_error"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
