from __future__ import annotations

import re

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from citizens.apis import CitizenApi
from citizens.authentication import (
    CitizenClaimsAuthentication,
    CitizenTokenAuthentication,
    IsCitizen,
    RevocationPending,
    citizen_of,
    revocation_settled_exception,
)
from common.apis import NoStoreMixin
from common.codes import with_clean_codes
from common.errors import NOT_FOUND, ApplicationError, ErrorCode
from common.fields import JsonIntegerField
from common.net import client_ip
from common.renderers import FastJSONRenderer, json_response
from common.schema import one_of_required
from dossiers import lookup, selectors, services
from dossiers.models import Dossier
from dossiers.serializers import DossierListOutput, DossierResultOutput, FollowOutput, LookupResultOutput
from dossiers.workdays import calendar
from usage.models import Kind
from usage.recording import usage_record

PHONE_NOT_VERIFIED = ErrorCode(
    "phone_not_verified",
    "Bạn cần xác minh số điện thoại qua Zalo để xem các hồ sơ đứng tên số điện thoại của mình.",
    403,
)
# The lookup's second factor: the last 4 digits of the ID number, or a phone number.
VERIFIER_PATTERN = re.compile(r"^(\d{4}|\+?[0-9][0-9 .]{8,14})$")
DOSSIER_NOT_VISIBLE = ErrorCode("not_found", "Không tìm thấy hồ sơ trong danh sách của bạn.", 404)


class DossierLookupApi(CitizenApi):
    """Tra cứu hồ sơ bằng mã hồ sơ và thông tin xác minh (4 số cuối số định danh cá nhân, hoặc số điện thoại
    khai khi nộp). Số chứng minh nhân dân 9 số không còn được nhận.

    Mã không tồn tại và thông tin xác minh sai nhận cùng một câu trả lời. Giới hạn số lần tra cứu theo
    địa chỉ IP, theo người dùng, và theo mã hồ sơ (tạm khóa mã sau nhiều lần nhập sai).
    """

    # Only the citizen's id is needed here, and the token's revocation is checked in the lookup's one Redis call.
    authentication_classes = [CitizenClaimsAuthentication]
    renderer_classes = [FastJSONRenderer]
    extra_error_statuses = ("404", "429")

    def get_authenticators(self) -> list[CitizenClaimsAuthentication]:  # type: ignore[override]
        return [CitizenClaimsAuthentication(revocation_by_view=True)]

    class LookupInput(serializers.Serializer):
        code = serializers.RegexField(
            services.CODE_PATTERN.pattern,
            max_length=50,
            help_text="Mã hồ sơ in trên giấy hẹn",
            error_messages={"invalid": "Mã hồ sơ chỉ gồm chữ, số và các ký tự . - _ / (tối đa 50 ký tự)."},
        )
        verifier = serializers.RegexField(
            VERIFIER_PATTERN.pattern,
            max_length=16,
            help_text="4 số cuối số định danh cá nhân, hoặc số điện thoại đã khai khi nộp hồ sơ",
            error_messages={"invalid": "Nhập 4 số cuối số định danh cá nhân, hoặc số điện thoại (ví dụ 0912345678)."},
        )

    # The fields' own limits, read once for the quick check in valid_input.
    CODE_MAX_LENGTH = LookupInput._declared_fields["code"].max_length  # type: ignore[attr-defined]
    VERIFIER_MAX_LENGTH = LookupInput._declared_fields["verifier"].max_length  # type: ignore[attr-defined]

    @extend_schema(request=LookupInput, responses={200: LookupResultOutput}, operation_id="dossiers_lookup")
    def post(self, request: Request) -> HttpResponse:
        code, verifier = self.valid_input(request.data)
        revocation = request.auth
        assert isinstance(revocation, RevocationPending)  # noqa: S101 - CitizenClaimsAuthentication(revocation_by_view=True)'s, after IsCitizen
        answer = lookup.dossier_lookup(
            code=code,
            verifier=verifier,
            client_ip=client_ip(request),
            citizen=citizen_of(request),
            revocation=revocation,
        )
        revocation.settle()  # done by the lookup's Redis call; a no-op then, a guard if a path ever skipped it
        usage_record(Kind.LOOKUP, unit_id=answer["unit"]["id"])  # a lookup that found nothing raised above
        # Built by lookup.answer, as LookupResultOutput documents; the body and headers of Response(answer), sooner.
        return json_response(answer)

    def handle_exception(self, exc: Exception) -> Response:
        # Whatever refused the request, a revoked token is refused as such first (as when the check came first).
        return super().handle_exception(revocation_settled_exception(self.request, exc))

    @classmethod
    def valid_input(cls, data: object) -> tuple[str, str]:
        """(code, verifier). Input that LookupInput would take unchanged (two clean strings that match)
        is taken as is; anything else goes through LookupInput for its conversions and its errors.
        Building a DRF serializer costs a third of a lookup; this endpoint is the hottest one.
        The code is folded first (case, spaces, dash look-alikes, full-width: common/codes.py)."""
        data = with_clean_codes(data, "code", "verifier")
        if isinstance(data, dict):
            code, verifier = data.get("code"), data.get("verifier")
            if (
                type(code) is str
                and type(verifier) is str
                and len(code) <= cls.CODE_MAX_LENGTH
                and len(verifier) <= cls.VERIFIER_MAX_LENGTH
                and code == code.strip()
                and verifier == verifier.strip()
                and services.CODE_PATTERN.search(code)
                and VERIFIER_PATTERN.search(verifier)
            ):
                lookup.verifier_check(verifier)
                return code, verifier
        serializer = cls.LookupInput(data=data)
        serializer.is_valid(raise_exception=True)
        lookup.verifier_check(serializer.validated_data["verifier"])
        return serializer.validated_data["code"], serializer.validated_data["verifier"]


class MyDossierListApi(NoStoreMixin, ListAPIView):
    """Hồ sơ của tôi: các hồ sơ khai số điện thoại mà Zalo đã xác minh cho bạn."""

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]
    serializer_class = DossierListOutput
    extra_error_statuses = ("403",)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Dossier.objects.none()
        if not self.request.user.phone_hash:
            raise ApplicationError(PHONE_NOT_VERIFIED)
        return selectors.dossier_list_for_citizen(citizen=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "calendar": calendar()}

    @extend_schema(operation_id="me_dossiers_list")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class MyDossierRefreshApi(CitizenApi):
    """Cập nhật lại «Hồ sơ của tôi» từ hệ thống một cửa: hỏi lại nguồn của từng hồ sơ (mới nhất trước, có giới
    hạn số hồ sơ và thời gian chờ), rồi tải lại danh sách. Giới hạn số lần cập nhật mỗi giờ."""

    extra_error_statuses = ("403", "429")

    class RefreshOutput(serializers.Serializer):
        asked = serializers.IntegerField(help_text="Số hồ sơ đã hỏi lại nguồn")
        updated = serializers.IntegerField(help_text="Số hồ sơ nguồn trả lời và đã lưu")

    @extend_schema(request=None, responses={200: RefreshOutput}, operation_id="me_dossiers_refresh")
    def post(self, request: Request) -> Response:
        if not request.user.phone_hash:  # type: ignore[union-attr]
            raise ApplicationError(PHONE_NOT_VERIFIED)
        asked, updated = services.dossier_refresh_for_citizen(citizen=request.user)  # type: ignore[arg-type]
        return Response(self.RefreshOutput({"asked": asked, "updated": updated}).data)


class MyDossierDetailApi(CitizenApi):
    """Chi tiết một hồ sơ của tôi hoặc hồ sơ tôi đang theo dõi: trạng thái, diễn biến, ngày hẹn."""

    extra_error_statuses = ("404",)

    @extend_schema(responses={200: DossierResultOutput}, operation_id="me_dossiers_retrieve")
    def get(self, request: Request, pk: int) -> Response:
        queryset = selectors.dossier_with_timeline(selectors.dossier_visible_to_citizen(citizen=citizen_of(request)))
        dossier = queryset.filter(pk=pk).first()
        if dossier is None:
            raise ApplicationError(DOSSIER_NOT_VISIBLE)
        return Response(lookup.answer_of(dossier, cal=calendar()))


class FollowListApi(NoStoreMixin, ListAPIView):
    """Hồ sơ tôi đang theo dõi (GET), và theo dõi thêm một hồ sơ (POST).

    Theo dõi được hồ sơ vừa tra cứu (gửi `follow_token` nhận được khi tra cứu) hoặc hồ sơ đứng tên số
    điện thoại đã xác minh của bạn (gửi `dossier_id`).
    """

    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]
    serializer_class = DossierListOutput
    extra_error_statuses = ("403", "404")

    class FollowInput(serializers.Serializer):
        follow_token = serializers.RegexField(r"^[A-Za-z0-9_\-:.]+$", max_length=500, required=False)
        dossier_id = JsonIntegerField(required=False, min_value=1, max_value=2**62)
        openapi_request_extra = one_of_required("follow_token", "dossier_id")  # what validate() wants

        def validate(self, attrs):
            if ("follow_token" in attrs) == ("dossier_id" in attrs):
                raise serializers.ValidationError("Gửi một trong hai: follow_token hoặc dossier_id.")
            return attrs

    def get_queryset(self):
        return selectors.dossier_followed_by(citizen=self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "calendar": calendar()}

    @extend_schema(operation_id="me_follows_list")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=FollowInput, responses={200: FollowOutput, 201: FollowOutput}, operation_id="me_follows_create"
    )
    def post(self, request: Request) -> Response:
        data = self.FollowInput(data=request.data)
        data.is_valid(raise_exception=True)
        citizen = request.user
        if "follow_token" in data.validated_data:
            dossier = lookup.follow_token_dossier(citizen=citizen, token=data.validated_data["follow_token"])  # type: ignore[arg-type]
        else:
            dossier = (
                selectors.dossier_list_for_citizen(citizen=citizen).filter(pk=data.validated_data["dossier_id"]).first()  # type: ignore[arg-type, assignment]
            )
            if dossier is None:
                raise ApplicationError(services.FOLLOW_NOT_ALLOWED)
        follow, created = services.dossier_follow(citizen=citizen, dossier=dossier)  # type: ignore[arg-type]
        body = FollowOutput({"dossier_id": follow.dossier_id, "created_at": follow.created_at}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class FollowDeleteApi(CitizenApi):
    """Bỏ theo dõi một hồ sơ."""

    extra_error_statuses = ("404",)

    @extend_schema(responses={204: None}, operation_id="me_follows_destroy")
    def delete(self, request: Request, pk: int) -> Response:
        if not services.dossier_unfollow(citizen=citizen_of(request), dossier_id=pk):
            raise ApplicationError(NOT_FOUND, message="Bạn không theo dõi hồ sơ này.")
        return Response(status=status.HTTP_204_NO_CONTENT)
