from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from citizens import services
from citizens.authentication import CitizenTokenAuthentication, IsCitizen, citizen_of
from citizens.consents import PURPOSE_TEXTS
from common.apis import NoStoreMixin
from common.crypto import decrypt_text
from common.fields import JsonBooleanField
from common.net import client_ip


class CitizenApi(NoStoreMixin, APIView):
    """The base of every API a signed-in citizen calls about their own data (dossiers, ratings, privacy)."""

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]


class ConsentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    purpose = serializers.CharField()
    purpose_display = serializers.CharField(source="get_purpose_display")
    subject = serializers.CharField(help_text='Việc cụ thể, ví dụ "Hồ sơ …" hoặc "Tin báo …"; rỗng nếu không có')
    text_version = serializers.CharField()
    granted_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawable = serializers.SerializerMethodField(help_text="Có rút lại được trong Mini App không")

    def get_withdrawable(self, consent) -> bool:
        return PURPOSE_TEXTS[consent.purpose].withdrawable


class CitizenOutput(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    avatar_url = serializers.CharField()
    follows_oa = serializers.BooleanField()
    phone_masked = serializers.SerializerMethodField(help_text="Chỉ 3 số cuối, ví dụ *******678")
    phone_verified_at = serializers.DateTimeField(allow_null=True)
    miniapp_notifications_allowed = serializers.BooleanField()
    consents = ConsentOutput(many=True, source="consents.all")

    def get_phone_masked(self, citizen) -> str:
        if not citizen.phone_encrypted:
            return ""
        phone = decrypt_text(citizen.phone_encrypted)
        return "*" * (len(phone) - 3) + phone[-3:]


class SessionOutput(serializers.Serializer):
    access_token = serializers.CharField()
    access_expires_in = serializers.IntegerField(help_text="giây")
    refresh_token = serializers.CharField()
    citizen = CitizenOutput()


def _session(citizen, pair) -> dict:
    return {
        "access_token": pair.access_token,
        "access_expires_in": pair.access_expires_in,
        "refresh_token": pair.refresh_token,
        "citizen": citizen,
    }


# Zalo tokens are printable ASCII; anything else cannot be a token (and cannot travel in an HTTP header).
TOKEN_PATTERN = r"^[!-~]+$"


def token_field(help_text: str = "") -> serializers.RegexField:
    return serializers.RegexField(
        TOKEN_PATTERN, max_length=2000, help_text=help_text, error_messages={"invalid": "Mã không hợp lệ."}
    )


class ZaloSignInApi(APIView):
    """Đăng nhập bằng mã truy cập Zalo của Mini App (getAccessToken); máy chủ tự xác minh với Zalo."""

    permission_classes = [AllowAny]
    extra_error_statuses = ("401", "503")

    class SignInInput(serializers.Serializer):
        access_token = token_field()

    @extend_schema(request=SignInInput, responses={200: SessionOutput}, operation_id="auth_zalo")
    def post(self, request: Request) -> Response:
        data = self.SignInInput(data=request.data)
        data.is_valid(raise_exception=True)
        citizen, pair = services.citizen_sign_in(
            zalo_access_token=data.validated_data["access_token"], client_ip=client_ip(request)
        )
        return Response(SessionOutput(_session(citizen, pair)).data)


class RefreshApi(APIView):
    """Đổi mã làm mới (dùng một lần) lấy cặp mã mới."""

    permission_classes = [AllowAny]
    extra_error_statuses = ("401",)

    class RefreshInput(serializers.Serializer):
        refresh_token = serializers.CharField(max_length=200)

    @extend_schema(request=RefreshInput, responses={200: SessionOutput}, operation_id="auth_refresh")
    def post(self, request: Request) -> Response:
        data = self.RefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        citizen, pair = services.citizen_refresh(refresh_token=data.validated_data["refresh_token"])
        return Response(SessionOutput(_session(citizen, pair)).data)


class MeApi(APIView):
    """Những gì hệ thống lưu về bạn."""

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]

    @extend_schema(responses=CitizenOutput, operation_id="me_retrieve")
    def get(self, request: Request) -> Response:
        return Response(CitizenOutput(request.user).data)


class PhoneVerifyApi(APIView):
    """Xác minh số điện thoại qua Zalo (getPhoneNumber) sau khi công dân đồng ý.

    Gửi kèm mã truy cập Zalo hiện tại của chính người đang đăng nhập: máy chủ hỏi Zalo mã đó thuộc tài khoản
    nào và từ chối (403 `zalo_account_mismatch`) nếu không phải tài khoản đã đăng nhập; mã số điện thoại mà
    Zalo không xác nhận cho tài khoản đó bị từ chối (400 `zalo_phone_refused`).
    """

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]
    extra_error_statuses = ("503",)

    class PhoneInput(serializers.Serializer):
        access_token = token_field("Mã truy cập Zalo hiện tại của chính bạn (getAccessToken), lấy cùng lúc.")
        phone_token = token_field("Mã số điện thoại từ getPhoneNumber (dùng một lần, hết hạn sau 2 phút).")

    @extend_schema(request=PhoneInput, responses={200: CitizenOutput}, operation_id="auth_zalo_phone")
    def post(self, request: Request) -> Response:
        data = self.PhoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        citizen = services.citizen_phone_verify(
            citizen=citizen_of(request),
            zalo_access_token=data.validated_data["access_token"],
            phone_token=data.validated_data["phone_token"],
        )
        return Response(CitizenOutput(citizen).data)


class PhoneWithdrawApi(APIView):
    """Rút lại sự đồng ý: xóa số điện thoại đã lưu."""

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]

    @extend_schema(responses={200: CitizenOutput}, operation_id="me_phone_withdraw")
    def delete(self, request: Request) -> Response:
        return Response(CitizenOutput(services.citizen_phone_withdraw(citizen=citizen_of(request))).data)


class NotificationPermissionApi(APIView):
    """Ghi nhận công dân cho phép (hoặc không) nhận thông báo qua Mini App (sau requestSendNotification)."""

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]

    class NotificationInput(serializers.Serializer):
        allowed = JsonBooleanField()

    @extend_schema(request=NotificationInput, responses={200: CitizenOutput}, operation_id="me_notifications")
    def post(self, request: Request) -> Response:
        data = self.NotificationInput(data=request.data)
        data.is_valid(raise_exception=True)
        citizen = services.citizen_notifications_set(
            citizen=citizen_of(request), allowed=data.validated_data["allowed"]
        )
        return Response(CitizenOutput(citizen).data)
