"""Broadcast admin, scoped to the officer's unit subtree: write, submit, approve (publishing workflow), follow the
progress, stop and resume; the per-recipient outcomes in their own read-only list."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from accounts.admin_scoping import UnitScopedAdminMixin
from accounts.selectors import officer_of
from broadcasts.models import Broadcast, BroadcastRecipient
from broadcasts.selectors import broadcast_progress, oa_list_for_officer, recipient_list_for_officer
from broadcasts.services import broadcast_resume, broadcast_stop
from common.errors import ApplicationError
from news.models import Article
from publishing.admin import REVIEW_FIELDS, PublishableAdminMixin


def _each(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, service: Any, done: str) -> None:
    for item in queryset:
        try:
            service(broadcast=item, user=request.user)
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{item}: {exc.message}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{done}: {item}", messages.SUCCESS)


@admin.action(description="Dừng gửi")
def stop(modeladmin, request, queryset):
    _each(modeladmin, request, queryset, broadcast_stop, "Đã dừng")


@admin.action(description="Gửi tiếp (người đã nhận không nhận lại)")
def resume(modeladmin, request, queryset):
    _each(modeladmin, request, queryset, broadcast_resume, "Đã gửi tiếp")


@admin.register(Broadcast)
class BroadcastAdmin(PublishableAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "oa", "area", "scheduled_at", "state_badge", "send_state", "progress"]
    list_filter = ["state", "send_state", "kind"]
    search_fields = ["title"]
    fields = [  # type: ignore[assignment]
        "unit",
        "oa",
        "kind",
        "title",
        "body",
        "article",
        "area",
        "scheduled_at",
        "send_state",
        "send_note",
        "started_at",
        "finished_at",
        "progress",
    ] + REVIEW_FIELDS
    readonly_fields = ["send_state", "send_note", "started_at", "finished_at", "progress"]
    actions = [*PublishableAdminMixin.actions, stop, resume]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("oa", "area", "unit")

    @admin.display(description="tiến độ")
    def progress(self, obj: Broadcast) -> str:
        if obj.pk is None:
            return "—"
        counts = broadcast_progress(broadcast=obj)
        total = sum(counts.values())
        if not total:
            return "chưa bắt đầu"
        done = counts["sent"] + counts["seen"]
        url = reverse("admin:broadcasts_broadcastrecipient_changelist") + f"?broadcast__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}/{} đã gửi, {} đã xem, {} chờ, {} lỗi, {} bỏ qua, {} không rõ</a>',
            url,
            done,
            total,
            counts["seen"],
            counts["pending"] + counts["sending"],
            counts["failed"],
            counts["skipped"],
            counts["unknown"],
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "oa":
            kwargs["queryset"] = oa_list_for_officer(officer=officer_of(request))
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.published()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Broadcast, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(BroadcastRecipient)
class BroadcastRecipientAdmin(admin.ModelAdmin):
    """Per-recipient outcomes (who exactly is not shown: the follower's number only)."""

    list_display = ["pk", "broadcast", "state", "code", "detail", "sent_at", "seen_at"]
    list_filter = ["state"]
    readonly_fields = [
        "broadcast",
        "follower",
        "state",
        "code",
        "detail",
        "message_id",
        "claimed_at",
        "sent_at",
        "seen_at",
    ]
    list_select_related = ["broadcast"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return recipient_list_for_officer(officer=officer_of(request)).select_related("broadcast")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
