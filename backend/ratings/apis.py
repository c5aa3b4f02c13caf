"""Citizen endpoints: rate a finished dossier, check whether it can be rated, the service survey,
and the public satisfaction figure of a unit."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from citizens.apis import CitizenApi
from citizens.authentication import CitizenClaimsAuthentication, citizen_of
from common.cache import cached_get
from common.errors import ApplicationError, ErrorCode
from common.fields import JsonIntegerField
from common.net import client_ip
from common.schema import one_of_required
from ratings import selectors, services
from ratings.models import Driver, Level
from units.models import Unit

UNIT_NOT_FOUND = ErrorCode("not_found", "Không tìm thấy đơn vị.", 404)


class RatingProofInput(serializers.Serializer):
    """How the citizen proves they may rate: the lookup's follow token, or a dossier of their verified phone."""

    follow_token = serializers.RegexField(
        r"^[A-Za-z0-9_\-:.]+$", max_length=500, required=False, help_text="follow_token nhận được khi tra cứu hồ sơ"
    )
    dossier_id = JsonIntegerField(
        required=False, min_value=1, max_value=2**62, help_text="Hồ sơ đứng tên số điện thoại đã xác minh"
    )

    # The schema says what validate() does: exactly one of the two.
    openapi_request_extra = one_of_required("follow_token", "dossier_id")

    def validate(self, attrs):
        if ("follow_token" in attrs) == ("dossier_id" in attrs):
            raise serializers.ValidationError("Gửi một trong hai: follow_token hoặc dossier_id.")
        return attrs


def _dossier(request: Request, data: dict) -> tuple:
    return services.rating_dossier_for(
        citizen=citizen_of(request),
        follow_token=data.get("follow_token", ""),
        dossier_id=data.get("dossier_id"),
    )


class RatingEligibilityOutput(serializers.Serializer):
    dossier_id = serializers.IntegerField()
    code = serializers.CharField()
    rated = serializers.BooleanField(help_text="Hồ sơ đã có đánh giá")
    can_rate = serializers.BooleanField(help_text="Có thể đánh giá ngay bây giờ")
    message = serializers.CharField(allow_blank=True, help_text="Vì sao chưa thể đánh giá (nếu có)")


class RatingEligibilityApi(CitizenApi):
    """Hồ sơ này đánh giá được chưa? (việc giải quyết đã kết thúc: có kết quả, không được tiếp nhận hoặc dừng
    xử lý; chưa ai đánh giá). Gửi cùng bằng chứng như khi đánh giá."""

    extra_error_statuses = ("403",)

    @extend_schema(
        request=RatingProofInput, responses={200: RatingEligibilityOutput}, operation_id="ratings_eligibility"
    )
    def post(self, request: Request) -> Response:
        data = RatingProofInput(data=request.data)
        data.is_valid(raise_exception=True)
        dossier, _ = _dossier(request, data.validated_data)
        return Response(RatingEligibilityOutput(services.rating_eligibility(dossier=dossier)).data)


class RatingCreateApi(CitizenApi):
    """Đánh giá sự hài lòng về một hồ sơ đã giải quyết xong, kể cả không được tiếp nhận hoặc dừng xử lý
    (một lần cho mỗi hồ sơ).

    Mức «Không hài lòng» cần ghi lý do; lãnh đạo đơn vị sẽ trả lời qua thông báo Zalo.
    """

    extra_error_statuses = ("403", "409")

    class RatingInput(RatingProofInput):
        level = serializers.ChoiceField(
            choices=Level.choices, help_text="3 = Rất hài lòng, 2 = Hài lòng, 1 = Không hài lòng"
        )
        drivers = serializers.ListField(
            child=serializers.ChoiceField(choices=Driver.choices), required=False, max_length=len(Driver), default=list
        )
        reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
        comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    class RatingOutput(serializers.Serializer):
        id = serializers.IntegerField()
        dossier_id = serializers.IntegerField()
        level = serializers.IntegerField()
        level_label = serializers.CharField(source="get_level_display")
        follow_up_deadline = serializers.DateField(
            allow_null=True, help_text="Hạn lãnh đạo đơn vị trả lời (khi không hài lòng)"
        )
        message = serializers.CharField()

    @extend_schema(request=RatingInput, responses={201: RatingOutput}, operation_id="ratings_create")
    def post(self, request: Request) -> Response:
        data = self.RatingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        dossier, proof = _dossier(request, values)
        rating = services.rating_create(
            citizen=citizen_of(request),
            dossier=dossier,
            proof=proof,
            level=values["level"],
            drivers=values["drivers"],
            reason=values["reason"],
            comment=values["comment"],
        )
        follow_up = getattr(rating, "follow_up", None)
        rating.follow_up_deadline = follow_up.deadline if follow_up else None  # type: ignore[attr-defined]
        rating.message = (  # type: ignore[attr-defined]
            "Cảm ơn bạn đã đánh giá. Lãnh đạo đơn vị sẽ xem xét và trả lời bạn qua Zalo."
            if follow_up
            else "Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp chúng tôi phục vụ tốt hơn."
        )
        return Response(self.RatingOutput(rating).data, status=status.HTTP_201_CREATED)


class SurveyCreateApi(CitizenApi):
    """Khảo sát sự hài lòng về một đơn vị (không gắn với hồ sơ). Ẩn danh: không lưu người gửi.

    Chống gửi trùng: giới hạn theo người dùng và đơn vị, theo thiết bị (header `X-Device-Id`) và theo
    địa chỉ IP.
    """

    authentication_classes = [CitizenClaimsAuthentication]  # only the citizen's id is counted
    extra_error_statuses = ("404",)

    class SurveyInput(serializers.Serializer):
        unit = JsonIntegerField(min_value=1, max_value=2**62, help_text="Đơn vị được khảo sát")
        level = serializers.ChoiceField(
            choices=Level.choices, help_text="3 = Rất hài lòng, 2 = Hài lòng, 1 = Không hài lòng"
        )
        drivers = serializers.ListField(
            child=serializers.ChoiceField(choices=Driver.choices), required=False, max_length=len(Driver), default=list
        )
        comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    class SurveyOutput(serializers.Serializer):
        message = serializers.CharField()

    @extend_schema(
        request=SurveyInput,
        responses={201: SurveyOutput},
        parameters=[OpenApiParameter("X-Device-Id", str, OpenApiParameter.HEADER, required=False)],
        operation_id="surveys_create",
    )
    def post(self, request: Request) -> Response:
        data = self.SurveyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        device = "".join(ch for ch in request.headers.get("X-Device-Id", "")[:100] if ch.isascii() and ch.isprintable())
        services.survey_submit(
            unit_id=values["unit"],
            level=values["level"],
            drivers=values["drivers"],
            comment=values["comment"],
            citizen_id=request.user.pk,  # type: ignore[arg-type]
            device_id=device,
            client_ip=client_ip(request),
        )
        body = {"message": "Cảm ơn bạn đã tham gia khảo sát."}
        return Response(self.SurveyOutput(body).data, status=status.HTTP_201_CREATED)


class UnitSatisfactionApi(APIView):
    """Tỷ lệ hài lòng công khai của một đơn vị (gồm các đơn vị cấp dưới) trong 90 ngày gần nhất.

    `rate` chỉ có khi số đánh giá đủ lớn (`enough`); nếu chưa đủ, chỉ trả về số đánh giá.
    """

    # A 90-day figure may be ten minutes old: cached by TTL only, so a steady flow of ratings
    # does not keep emptying the cache.

    class SatisfactionOutput(serializers.Serializer):
        unit_id = serializers.IntegerField()
        days = serializers.IntegerField(help_text="Số ngày tính từ hôm nay trở về trước")
        min_count = serializers.IntegerField(help_text="Số đánh giá tối thiểu để công bố tỷ lệ")
        count = serializers.IntegerField(help_text="Số đánh giá trong khoảng thời gian")
        enough = serializers.BooleanField()
        rate = serializers.FloatField(allow_null=True, help_text="Tỷ lệ Rất hài lòng + Hài lòng (%)")

    @extend_schema(responses={200: SatisfactionOutput}, operation_id="units_satisfaction")
    @cached_get("ratings", ttl=600)
    def get(self, request: Request, pk: int) -> Response:
        unit = Unit.objects.filter(pk=pk, is_active=True).only("id", "path").first()
        if unit is None:
            raise ApplicationError(UNIT_NOT_FOUND)
        return Response(self.SatisfactionOutput(selectors.unit_satisfaction_public(unit=unit)).data)
