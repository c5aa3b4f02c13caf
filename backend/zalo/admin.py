from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from common.errors import ApplicationError
from zalo.models import OAFollower, OfficialAccount, WebhookEvent
from zalo.oa_authorize import oa_authorization_complete, oa_authorization_start
from zalo.selectors import oa_token_state


@admin.register(OfficialAccount)
class OfficialAccountAdmin(admin.ModelAdmin):
    """Every OA (the province's and the units'): token state, followers, and authorisation (Zalo asks the OA's
    admin to approve our app for that OA). Register `https://<host>/admin/zalo/officialaccount/callback/` as
    the callback URL of the Zalo app first."""

    list_display = ["name", "unit", "oa_id", "token_state", "followers_count", "authorize_button"]
    fields = [
        "name",
        "unit",
        "oa_id",
        "url",
        "broadcast_monthly_quota",
        "expires_at",
        "refreshed_at",
        "needs_authorization",
        "last_error",
    ]
    readonly_fields = ["expires_at", "refreshed_at", "needs_authorization", "last_error"]
    autocomplete_fields = ["unit"]
    search_fields = ["name", "oa_id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("unit")
            .annotate(_followers=Count("followers", filter=Q(followers__following=True)))
        )

    @admin.display(description="mã truy cập")
    def token_state(self, obj: OfficialAccount) -> str:
        ok, words = oa_token_state(obj)
        return f"{'✓' if ok else '✗'} {words}"

    @admin.display(description="người quan tâm", ordering="_followers")
    def followers_count(self, obj: OfficialAccount) -> int:
        return getattr(obj, "_followers", 0)

    @admin.display(description="cấp quyền")
    def authorize_button(self, obj: OfficialAccount) -> str:
        url = reverse("admin:zalo_officialaccount_authorize", args=[obj.pk])
        return format_html('<a class="button" href="{}">Cấp quyền OA</a>', url)

    def has_delete_permission(self, request, obj=None):
        return False  # an OA's followers and broadcasts hang on it; rename it or take it off the unit instead

    def get_urls(self):
        return [
            path(
                "<int:pk>/authorize/",
                self.admin_site.admin_view(self.authorize_view),
                name="zalo_officialaccount_authorize",
            ),
            path("callback/", self.admin_site.admin_view(self.callback_view), name="zalo_officialaccount_callback"),
            *super().get_urls(),
        ]

    def _require(self, request: HttpRequest) -> None:
        if not request.user.has_perm("zalo.change_officialaccount"):
            raise PermissionDenied

    def authorize_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        self._require(request)
        oa = get_object_or_404(OfficialAccount, pk=pk)
        callback = request.build_absolute_uri(reverse("admin:zalo_officialaccount_callback"))
        return HttpResponseRedirect(oa_authorization_start(redirect_uri=callback, oa=oa))

    def callback_view(self, request: HttpRequest) -> HttpResponse:
        self._require(request)
        try:
            oa = oa_authorization_complete(code=request.GET.get("code", ""), state=request.GET.get("state", ""))
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request, f"Đã cấp quyền {oa.name}: hệ thống đã lưu mã truy cập và sẽ tự làm mới.", messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:zalo_officialaccount_changelist"))


@admin.register(OAFollower)
class OAFollowerAdmin(admin.ModelAdmin):
    list_display = ["pk", "oa", "following", "followed_at", "unfollowed_at"]
    list_filter = ["oa", "following"]
    readonly_fields = ["oa", "follower_id", "zalo_user_id", "following", "followed_at", "unfollowed_at"]

    def has_add_permission(self, request):
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["event_name", "received_at", "processed_at", "error"]
    list_filter = ["event_name"]
    readonly_fields = ["dedup_key", "event_name", "payload", "received_at", "processed_at", "error"]

    def has_add_permission(self, request):
        return False
