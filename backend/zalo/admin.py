from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse

from common.errors import ApplicationError
from zalo.models import OAToken, WebhookEvent
from zalo.oa_authorize import oa_authorization_complete, oa_authorization_start


@admin.register(OAToken)
class OATokenAdmin(admin.ModelAdmin):
    """Token state, and the first authorisation of the OA (Zalo asks the OA admin to approve our app).

    Register `https://<host>/admin/zalo/oatoken/callback/` as the callback URL of the Zalo app first.
    """

    list_display = ["__str__", "expires_at", "refreshed_at", "needs_authorization", "last_error"]
    fields = ["expires_at", "refreshed_at", "needs_authorization", "last_error"]
    readonly_fields = fields  # type: ignore[assignment]
    change_list_template = "admin/zalo/oatoken/change_list.html"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path("authorize/", self.admin_site.admin_view(self.authorize_view), name="zalo_oatoken_authorize"),
            path("callback/", self.admin_site.admin_view(self.callback_view), name="zalo_oatoken_callback"),
            *super().get_urls(),
        ]

    def _require(self, request: HttpRequest) -> None:
        if not request.user.has_perm("zalo.change_oatoken"):
            raise PermissionDenied

    def authorize_view(self, request: HttpRequest) -> HttpResponse:
        self._require(request)
        callback = request.build_absolute_uri(reverse("admin:zalo_oatoken_callback"))
        return HttpResponseRedirect(oa_authorization_start(redirect_uri=callback))

    def callback_view(self, request: HttpRequest) -> HttpResponse:
        self._require(request)
        try:
            oa_authorization_complete(code=request.GET.get("code", ""), state=request.GET.get("state", ""))
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(
                request, "Đã cấp quyền OA: hệ thống đã lưu mã truy cập và sẽ tự làm mới.", messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:zalo_oatoken_changelist"))


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["event_name", "received_at", "processed_at", "error"]
    list_filter = ["event_name"]
    readonly_fields = ["dedup_key", "event_name", "payload", "received_at", "processed_at", "error"]

    def has_add_permission(self, request):
        return False
