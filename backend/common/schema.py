"""OpenAPI generation that documents the errors every endpoint can really return.

Schemathesis fails on undocumented status codes, and the Mini App's DTOs (miniapp/src/services/types.ts)
follow this schema, so every operation lists the shared error shape for the codes it can produce.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Mã lỗi ổn định, dùng cho máy")
    message = serializers.CharField(help_text="Thông báo tiếng Việt cho người dùng")
    fields = serializers.DictField(child=serializers.JSONField(), help_text="Lỗi theo từng trường (nếu có)")  # type: ignore[assignment]


ERROR_DESCRIPTIONS = {
    "400": "Dữ liệu không hợp lệ",
    "401": "Chưa đăng nhập hoặc phiên hết hạn",
    "403": "Không có quyền",
    "404": "Không tìm thấy",
    "405": "Phương thức không được hỗ trợ",
    "406": "Định dạng phản hồi không được hỗ trợ",
    "413": "Nội dung gửi lên quá lớn",
    "415": "Định dạng nội dung không được hỗ trợ",
    "429": "Quá nhiều yêu cầu",
    "503": "Dịch vụ tạm thời gián đoạn",
}


def one_of_required(*names: str) -> dict[str, Any]:
    """`openapi_request_extra` of a serializer whose validate() wants exactly one of these fields."""
    return {"oneOf": [{"required": [name]} for name in names]}


class AutoSchema(BaseAutoSchema):
    # Views may add to these (e.g. `extra_error_statuses = ("409", "503")`).
    def _error_statuses(self) -> list[str]:
        statuses = ["400", "404", "405", "406", "429"]
        if self.method in {"POST", "PUT", "PATCH"}:
            statuses += ["413", "415"]  # a body past DATA_UPLOAD_MAX_MEMORY_SIZE; a content type not read
        permissions = getattr(self.view, "permission_classes", [])
        if any(not issubclass(p, AllowAny) for p in permissions if isinstance(p, type)):
            statuses += ["401", "403"]
        statuses += list(getattr(self.view, "extra_error_statuses", ()))
        return statuses

    def _map_serializer(self, serializer: Any, direction: str, bypass_extensions: bool = False) -> dict[str, Any]:
        """A request serializer may state rules between its fields that the field list cannot:
        `openapi_request_extra = {"oneOf": [...]}` is merged into its request component."""
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        extra = getattr(serializer, "openapi_request_extra", None)
        if extra and direction == "request":
            schema = {**schema, **extra}
        return schema

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction=direction)  # type: ignore[arg-type]
        if direction != "response":
            return bodies
        for status in self._error_statuses():
            if status not in bodies:
                response = self._get_response_for_code(ErrorSerializer, status, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS.get(status, "Lỗi")
                bodies[status] = response
        return bodies
