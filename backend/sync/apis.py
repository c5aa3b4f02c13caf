"""The push endpoint: a system inside the network posts dossier records, signed with the source's key."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.parsers import json_depth_refuse
from sync.push import push_receive


class _RawParser(BaseParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}


class SyncPushApi(APIView):
    """Nhận hồ sơ do hệ thống một cửa (trong mạng nội bộ) gửi sang. Chỉ hệ thống được cấp khóa ký gọi.

    Thân là JSON theo cấu trúc của nguồn (danh sách bản ghi ở «đường dẫn tới danh sách bản ghi» của nguồn).
    Chữ ký: HMAC-SHA256 bằng khóa của nguồn trên `<X-Timestamp>.` nối với thân yêu cầu, gửi trong X-Signature
    dạng `sha256=<hex>`. Thời điểm ký lệch quá 5 phút, chữ ký sai, hoặc gửi lặp đúng yêu cầu đã nhận: bị từ chối.
    """

    permission_classes = [AllowAny]
    parser_classes = [_RawParser]  # the signature covers the raw bytes: read them untouched
    extra_error_statuses = ("403", "409", "503")

    class Result(serializers.Serializer):
        run = serializers.IntegerField(help_text="Số của lần đồng bộ ghi nhận lần gửi này")
        received = serializers.IntegerField(help_text="Số bản ghi nhận được")
        created = serializers.IntegerField()
        updated = serializers.IntegerField()
        unchanged = serializers.IntegerField()
        quarantined = serializers.IntegerField(help_text="Bản ghi bị cách ly (xem lý do trong trang quản trị)")

    class Body(serializers.Serializer):
        """Ví dụ với đường dẫn «records»; tên trường của từng bản ghi theo ánh xạ trường của nguồn."""

        records = serializers.ListField(child=serializers.DictField(), required=False)

    @extend_schema(
        request={"application/json": Body},
        responses={200: OpenApiResponse(Result)},
        parameters=[
            OpenApiParameter(
                "X-Timestamp", str, OpenApiParameter.HEADER, required=True, description="Giây Unix lúc ký"
            ),
            OpenApiParameter(
                "X-Signature",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="sha256=<HMAC-SHA256 bằng khóa của nguồn trên X-Timestamp + '.' + thân yêu cầu>",
            ),
        ],
        operation_id="sync_push",
    )
    def post(self, request: Request, source: str) -> Response:
        json_depth_refuse(request.body)  # before the signature, as the Zalo webhook: a 400 like every JSON body
        run = push_receive(
            source_name=source,
            body=request.body,
            timestamp=request.headers.get("X-Timestamp", ""),
            signature=request.headers.get("X-Signature", ""),
        )
        return Response(
            {
                "run": run.pk,
                "received": run.fetched,
                "created": run.created,
                "updated": run.updated,
                "unchanged": run.unchanged,
                "quarantined": run.quarantined,
            }
        )
