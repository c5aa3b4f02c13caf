from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.cache import cached_get
from common.fields import StrictBooleanField, StrictIntegerField
from units import selectors
from units.models import Unit, UnitKind
from units.serializers import (
    SiteOutput,
    UnitDetailOutput,
    UnitKindOutput,
    UnitListOutput,
)


class UnitListApi(ListAPIView):
    """Danh sách đơn vị và số điện thoại liên hệ."""

    class FilterInput(serializers.Serializer):
        search = serializers.CharField(
            required=False, allow_blank=True, max_length=200, help_text="Tìm theo tên, không phân biệt dấu"
        )
        parent = StrictIntegerField(required=False, min_value=1, max_value=2**62, help_text="Đơn vị cấp trên")  # type: ignore[assignment]
        kind = serializers.SlugField(required=False, allow_blank=True, max_length=40, help_text="Mã loại đơn vị")
        root = StrictBooleanField(required=False, default=False, help_text="Chỉ lấy đơn vị gốc")  # type: ignore[assignment]

    serializer_class = UnitListOutput

    def get_queryset(self):
        params = self.FilterInput(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.unit_list(
            search=data.get("search", ""),
            parent_id=data.get("parent"),
            kind_code=data.get("kind", ""),
            root_only=data["root"],
        )

    @extend_schema(parameters=[FilterInput], operation_id="units_list")
    @cached_get("units")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class UnitDetailApi(APIView):
    """Chi tiết một đơn vị: liên hệ, đơn vị cấp trên và cấp dưới trực tiếp."""

    @extend_schema(responses=UnitDetailOutput, operation_id="units_retrieve")
    @cached_get("units")
    def get(self, request: Request, pk: int) -> Response:
        try:
            unit = selectors.unit_public_detail(unit_id=pk)
        except Unit.DoesNotExist as exc:
            raise NotFound("Không tìm thấy đơn vị.") from exc
        return Response(UnitDetailOutput(unit).data)


class UnitSubtreeApi(ListAPIView):
    """Đơn vị cùng toàn bộ đơn vị cấp dưới, theo thứ tự cây."""

    serializer_class = UnitListOutput
    queryset = Unit.objects.none()  # for the schema; get_queryset() does the work

    def get_queryset(self):
        unit = get_object_or_404(selectors.unit_public_queryset(), pk=self.kwargs["pk"])
        return selectors.unit_public_subtree(unit=unit)

    @extend_schema(operation_id="units_subtree")
    @cached_get("units")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class UnitKindListApi(ListAPIView):
    """Các loại đơn vị (cấp tỉnh, phòng, xã/phường...)."""

    serializer_class = UnitKindOutput
    queryset = UnitKind.objects.order_by("order", "name")


class SiteApi(APIView):
    """Thông tin chung hiển thị ở đầu Mini App."""

    @extend_schema(responses=SiteOutput, operation_id="site_retrieve")
    def get(self, request: Request) -> Response:
        root = selectors.unit_root()
        data = {
            "name": settings.SITE_NAME,
            "short_name": settings.SITE_SHORT_NAME,
            "province_unit_id": root.pk if root else None,
            "emergency_number": settings.EMERGENCY_NUMBER,
            "zalo_oa_id": settings.ZALO_OA_ID,
            "zalo_oa_url": settings.ZALO_OA_URL,
            "is_demo": settings.IS_DEMO,
        }
        return Response(SiteOutput(data).data)
