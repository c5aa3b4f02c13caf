"""Admin of the inbox's own rows: officers' linked Zalo accounts, the apologies sent, the leaders' digests."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_scoping import ReadOnlyAdminMixin, UnitScopedAdminMixin
from inbox.models import Apology, DigestDelivery, OfficerZalo


@admin.register(OfficerZalo)
class OfficerZaloAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    """Officers link their own Zalo from "Liên kết Zalo của tôi"; a provincial admin may enter a follower id by hand."""

    scope_unit_field = "user__unit"
    list_display = ["user", "linked_at", "last_error"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    readonly_fields = ["linked_at", "last_error"]
    list_select_related = ["user"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            from accounts.selectors import officer_of, user_list_for_officer

            kwargs["queryset"] = user_list_for_officer(officer=officer_of(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Apology)
class ApologyAdmin(ReadOnlyAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    scope_unit_field = "dossier__unit"
    list_display = ["created_at", "dossier", "previous_date", "new_date", "officer"]
    list_select_related = ["dossier", "officer"]
    search_fields = ["dossier__code"]
    fields = ["dossier", "previous_date", "new_date", "reason", "text", "officer", "created_at"]
    readonly_fields = ["dossier", "previous_date", "new_date", "reason", "text", "officer", "created_at"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(ReadOnlyAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    scope_unit_field = "user__unit"
    list_display = ["day", "user", "state", "channel", "sent_at", "reason"]
    list_filter = ["state", "channel", "day"]
    list_select_related = ["user"]
    fields = ["day", "user", "state", "channel", "body", "reason", "created_at", "sent_at"]
    readonly_fields = ["day", "user", "state", "channel", "body", "reason", "created_at", "sent_at"]
