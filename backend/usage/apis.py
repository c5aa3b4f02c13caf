from __future__ import annotations

import logging

import redis
from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common import ratelimit
from common.errors import THROTTLED, ApplicationError, ErrorCode
from common.fields import JsonIntegerField
from common.net import client_ip
from units.models import Unit
from usage.models import Kind
from usage.pages import PAGES, UNIT_PAGES
from usage.recording import usage_record, usage_visit

logger = logging.getLogger(__name__)

UNIT_UNKNOWN = ErrorCode("usage_unit_unknown", "Không tìm thấy đơn vị.", 400)
UNIT_PAGE_NEEDS_UNIT = ErrorCode("usage_unit_required", "Trang đơn vị cần có mã đơn vị (unit).", 400)
PAGE_REQUIRED = ErrorCode("usage_page_required", "Cần cho biết trang đã xem (page).", 400)


class UsageEventApi(APIView):
    """Mini App ghi nhận một lượt mở ứng dụng (`visit`) hoặc một lượt xem trang (`page_view`).

    Không lưu dữ liệu cá nhân: trang được gửi dưới dạng mẫu đường dẫn (ví dụ `/contacts/:id`), người dùng
    khác nhau trong ngày được đếm bằng mã băm với khóa riêng của từng ngày, khóa bị xóa khi ngày được tổng hợp.
    Không cần đăng nhập (Mini App gửi không kèm mã đăng nhập); giới hạn số lần gửi theo địa chỉ IP.
    """

    authentication_classes: list = []  # never tied to a citizen: a phone's app id is all the daily count needs
    permission_classes = [AllowAny]
    extra_error_statuses = ("429",)

    class EventInput(serializers.Serializer):
        event = serializers.ChoiceField(
            choices=["visit", "page_view"], help_text="visit: mở Mini App; page_view: xem trang"
        )
        page = serializers.ChoiceField(choices=PAGES, required=False, help_text="Mẫu đường dẫn của trang (page_view)")
        unit = JsonIntegerField(min_value=1, max_value=2**62, required=False, help_text="Đơn vị của trang đơn vị")

    @extend_schema(
        request=EventInput,
        responses={204: None},
        parameters=[OpenApiParameter("X-Device-Id", str, OpenApiParameter.HEADER, required=False)],
        operation_id="usage_events_create",
    )
    def post(self, request: Request) -> Response:
        data = self.EventInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            allowed, retry = ratelimit.hit(
                ratelimit.Limit("usage-beacon", settings.USAGE_BEACON_PER_IP_PER_MINUTE, 60), client_ip(request)
            )
        except redis.RedisError:
            allowed, retry = True, 0  # figures are not worth refusing a citizen's app over
            logger.warning("usage beacon limit not counted: Redis unreachable")
        if not allowed:
            raise ApplicationError(THROTTLED, headers={"Retry-After": str(retry)})
        if values["event"] == "visit":
            device = "".join(
                ch for ch in request.headers.get("X-Device-Id", "")[:100] if ch.isascii() and ch.isprintable()
            )
            usage_visit(citizen_id=None, device_id=device)
            return Response(status=status.HTTP_204_NO_CONTENT)
        page = values.get("page")
        if not page:
            raise ApplicationError(PAGE_REQUIRED)
        unit_id = values.get("unit") if page in UNIT_PAGES else None
        if page in UNIT_PAGES:
            if unit_id is None:
                raise ApplicationError(UNIT_PAGE_NEEDS_UNIT)
            if not Unit.objects.filter(pk=unit_id, is_active=True).exists():
                raise ApplicationError(UNIT_UNKNOWN)
        usage_record(Kind.PAGE_VIEW, key=page, unit_id=unit_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
