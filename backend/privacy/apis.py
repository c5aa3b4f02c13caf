"""The citizen's rights over their data, for the Mini App: what is kept and why, export, deletion, consents."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from citizens.apis import CitizenApi, CitizenOutput
from citizens.authentication import citizen_of
from common.apis import NoStoreMixin
from common.errors import ApplicationError
from common.fields import JsonBooleanField
from privacy import services, texts
from privacy.export import personal_data_export


class CategoryOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    data = serializers.CharField(help_text="Những dữ liệu nào")  # type: ignore[assignment]
    purpose = serializers.CharField(help_text="Để làm gì")
    basis = serializers.CharField(help_text="Căn cứ xử lý")
    retention = serializers.CharField(help_text="Lưu trong bao lâu")


class PurposeOutput(serializers.Serializer):
    purpose = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField(help_text="Nội dung công dân đồng ý (hiện ở nơi công dân thao tác)")
    version = serializers.CharField()
    withdrawable = serializers.BooleanField()
    on_withdraw = serializers.CharField(help_text="Rút lại thì sao, hoặc vì sao không rút lại được")


class ControllerOutput(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField()
    contact = serializers.CharField()


class PrivacyNoticeOutput(serializers.Serializer):
    law = serializers.CharField()
    controller = ControllerOutput()
    summary = serializers.CharField()
    categories = CategoryOutput(many=True)
    purposes = PurposeOutput(many=True)
    rights = serializers.ListField(child=serializers.CharField())
    kept_on_delete = serializers.ListField(
        child=serializers.CharField(), help_text="Những gì vẫn được giữ khi xóa tài khoản, và vì sao"
    )


class PrivacyNoticeApi(APIView):
    """Bên kiểm soát dữ liệu, mục đích, căn cứ và thời hạn lưu từng loại dữ liệu cá nhân; quyền của công dân."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=PrivacyNoticeOutput, operation_id="privacy_retrieve")
    def get(self, request: Request) -> Response:
        return Response(PrivacyNoticeOutput(texts.privacy_notice()).data)


class ExportLinkApi(CitizenApi):
    """Tạo liên kết tải tệp dữ liệu của tôi (JSON). Liên kết tuyệt đối, có chữ ký, hết hạn sau ít phút: mở được
    trong trình duyệt của Zalo mà không cần gửi mã đăng nhập."""

    class ExportLinkOutput(serializers.Serializer):
        url = serializers.URLField()
        expires_in = serializers.IntegerField(help_text="giây")
        filename = serializers.CharField()

    @extend_schema(request=None, responses={200: ExportLinkOutput}, operation_id="me_export_link")
    def post(self, request: Request) -> Response:
        token = services.export_token_issue(citizen=citizen_of(request))
        url = request.build_absolute_uri(reverse("me-export-file", args=[token]))
        body = {"url": url, "expires_in": settings.PERSONAL_DATA_EXPORT_LINK_SECONDS, "filename": _filename()}
        return Response(self.ExportLinkOutput(body).data)


def _filename() -> str:
    return f"du-lieu-cua-toi-{timezone.localdate():%Y-%m-%d}.json"


class ExportFileApi(NoStoreMixin, APIView):
    """Tệp dữ liệu của tôi (JSON, khóa tiếng Việt), mở bằng liên kết từ POST /me/export."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Tệp JSON dữ liệu cá nhân")},
        operation_id="me_export_file",
    )
    def get(self, request: Request, token: str) -> HttpResponse:
        citizen = services.export_token_citizen(token=token)
        content = json.dumps(personal_data_export(citizen=citizen), ensure_ascii=False, indent=2)
        response = HttpResponse(content.encode(), content_type="application/json; charset=utf-8")
        # inline: Zalo's webview shows the text (readable, and savable under this name); a browser may save it.
        response["Content-Disposition"] = f'inline; filename="{_filename()}"'
        return response


class KeptOutput(serializers.Serializer):
    what = serializers.CharField()
    why = serializers.CharField()


class DeleteAccountApi(CitizenApi):
    """Xóa tài khoản: xóa dữ liệu cá nhân chỉ phục vụ tài khoản, gỡ liên kết những gì pháp luật buộc giữ, thu hồi
    mọi phiên đăng nhập. Trả lời nói rõ đã xóa gì, giữ gì và vì sao."""

    class DeleteInput(serializers.Serializer):
        confirm = JsonBooleanField(help_text="Phải là true: công dân đã đọc và xác nhận")

    class DeletionOutput(serializers.Serializer):
        message = serializers.CharField()
        deleted = serializers.ListField(child=serializers.CharField())
        kept = KeptOutput(many=True)

    @extend_schema(request=DeleteInput, responses={200: DeletionOutput}, operation_id="me_delete")
    def post(self, request: Request) -> Response:
        data = self.DeleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["confirm"] is not True:
            error = services.DELETE_NOT_CONFIRMED
            raise ApplicationError(error, fields={"confirm": [error.message]})
        result = services.citizen_account_delete(citizen=citizen_of(request))
        body = {"message": "Tài khoản của bạn đã được xóa.", "deleted": result.deleted, "kept": result.kept}
        return Response(self.DeletionOutput(body).data)


class ConsentWithdrawApi(CitizenApi):
    """Rút lại một sự đồng ý (và dừng việc nó cho phép). Sự đồng ý của tin báo có ghi tên không rút lại được."""

    @extend_schema(responses={200: CitizenOutput}, operation_id="me_consent_withdraw")
    def delete(self, request: Request, pk: int) -> Response:
        citizen = services.consent_withdraw(citizen=citizen_of(request), consent_id=pk)
        citizen.refresh_from_db()
        return Response(CitizenOutput(citizen).data)
