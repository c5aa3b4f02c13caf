from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.errors import ApplicationError, ErrorCode
from zalo import webhook

WEBHOOK_REJECTED = ErrorCode("webhook_rejected", "Sự kiện không hợp lệ.", 403)
WEBHOOK_MALFORMED = ErrorCode("webhook_malformed", "Nội dung sự kiện không đọc được.", 400)


class _RawParser(BaseParser):
    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}


class ZaloWebhookApi(APIView):
    """Sự kiện từ Zalo (quan tâm / bỏ quan tâm OA, đã nhận / đã xem tin...). Chỉ Zalo gọi."""

    permission_classes = [AllowAny]
    parser_classes = [_RawParser]  # the signature covers the raw bytes: read them untouched
    extra_error_statuses = ("403",)

    class Ack(serializers.Serializer):
        ok = serializers.BooleanField()

    class Event(serializers.Serializer):
        """What webhook_verify() requires before anything else: an object with event_name (and the signature)."""

        event_name = serializers.CharField(help_text="Ví dụ follow, unfollow, user_received_message")
        timestamp = serializers.CharField(required=False, help_text="Mili giây, nằm trong chữ ký")

    @extend_schema(
        request={"application/json": Event},
        responses={200: OpenApiResponse(Ack)},
        parameters=[
            OpenApiParameter(
                "X-ZEvent-Signature",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="mac=<SHA-256 của app_id + nội dung + timestamp + khóa bí mật OA>",
            )
        ],
        operation_id="zalo_webhook",
    )
    def post(self, request: Request) -> Response:
        raw = request.body
        try:
            payload = webhook.webhook_verify(
                raw_body=raw, signature_header=request.headers.get("X-ZEvent-Signature", "")
            )
        except webhook.WebhookRejected as exc:
            raise ApplicationError(WEBHOOK_MALFORMED if exc.status == 400 else WEBHOOK_REJECTED) from exc
        webhook.webhook_event_store(payload=payload)
        return Response({"ok": True})
