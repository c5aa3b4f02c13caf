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
from common.errors import THROTTLED, ApplicationError
from common.fields import JsonIntegerField
from common.net import client_ip
from units.models import Unit
from usage.models import Kind
from usage.pages import PAGES, UNIT_PAGES
from usage.recording import usage_record, usage_visit

logger = logging.getLogger(__name__)


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
        page = serializers.ChoiceField(choices=PAGES, help_text="Mẫu đường dẫn của trang đang mở")
        unit = JsonIntegerField(
            min_value=1,
            max_value=2**62,
            required=False,
            help_text="Đơn vị của trang đơn vị; bỏ qua với trang khác hoặc đơn vị không còn hoạt động",
        )

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
        page = values["page"]
        unit_id = values.get("unit") if page in UNIT_PAGES else None
        if unit_id is not None and not Unit.objects.filter(pk=unit_id, is_active=True).exists():
            unit_id = None  # a stale page of a unit since closed: counted for the app, not for a unit
        usage_record(Kind.PAGE_VIEW, key=page, unit_id=unit_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
