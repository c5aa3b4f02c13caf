"""One application error, turned into HTTP by one exception handler.

Services raise `ApplicationError(SOME_ERROR)`; the API layer never builds error bodies by hand.
Every error body has the shape {"code", "message", "fields"} with a Vietnamese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorCode:
    code: str
    message: str
    status: int = 400


class ApplicationError(Exception):
    def __init__(
        self,
        error: ErrorCode,
        *,
        message: str | None = None,
        fields: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ):
        self.error = error
        self.headers = headers or {}
        self.code = error.code
        self.message = message or error.message
        self.status = error.status
        self.fields = fields or {}
        super().__init__(self.message)


# Generic errors shared by every package; packages declare their own next to their services.
INVALID = ErrorCode("invalid", "Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra lại.", 400)
PARSE_ERROR = ErrorCode("parse_error", "Nội dung gửi lên không đọc được (JSON hoặc mã hóa UTF-8 không hợp lệ).", 400)
JSON_TOO_DEEP = ErrorCode("json_too_deep", "Dữ liệu JSON lồng nhau quá nhiều cấp.", 400)
REQUEST_TOO_LARGE = ErrorCode("request_too_large", "Nội dung gửi lên quá lớn.", 413)
TOO_MANY_FIELDS = ErrorCode("too_many_fields", "Yêu cầu có quá nhiều trường, tham số hoặc tệp.", 400)
BAD_CHARACTERS = ErrorCode("bad_characters", "Dữ liệu chứa ký tự không hợp lệ.", 400)
NOT_AUTHENTICATED = ErrorCode("not_authenticated", "Bạn cần đăng nhập để tiếp tục.", 401)
AUTHENTICATION_FAILED = ErrorCode("authentication_failed", "Phiên đăng nhập không hợp lệ hoặc đã hết hạn.", 401)
PERMISSION_DENIED = ErrorCode("permission_denied", "Bạn không có quyền thực hiện thao tác này.", 403)
NOT_FOUND = ErrorCode("not_found", "Không tìm thấy nội dung yêu cầu.", 404)
METHOD_NOT_ALLOWED = ErrorCode("method_not_allowed", "Phương thức không được hỗ trợ.", 405)
NOT_ACCEPTABLE = ErrorCode("not_acceptable", "Định dạng phản hồi yêu cầu không được hỗ trợ.", 406)
UNSUPPORTED_MEDIA_TYPE = ErrorCode("unsupported_media_type", "Định dạng nội dung gửi lên không được hỗ trợ.", 415)
THROTTLED = ErrorCode("throttled", "Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.", 429)
SERVER_ERROR = ErrorCode("server_error", "Hệ thống đang gặp sự cố. Vui lòng thử lại sau.", 500)
SERVICE_UNAVAILABLE = ErrorCode("service_unavailable", "Dịch vụ tạm thời gián đoạn. Vui lòng thử lại sau.", 503)


def error_body(*, code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": fields or {}}
