from __future__ import annotations

from django.contrib import admin

from zalo.models import OAToken, WebhookEvent


@admin.register(OAToken)
class OATokenAdmin(admin.ModelAdmin):
    list_display = ["__str__", "expires_at", "refreshed_at", "needs_authorization", "last_error"]
    fields = ["expires_at", "refreshed_at", "needs_authorization", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["event_name", "received_at", "processed_at", "error"]
    list_filter = ["event_name"]
    readonly_fields = ["dedup_key", "event_name", "payload", "received_at", "processed_at", "error"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
