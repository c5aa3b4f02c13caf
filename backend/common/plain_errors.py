"""What went wrong, in words an officer reads: never a Python exception name (that stays in the log)."""

from __future__ import annotations

import json
import socket
import ssl


def plain_error(exc: BaseException) -> str:
    """A short Vietnamese description of a failure to reach or read another system."""
    name = type(exc).__name__.lower()
    if isinstance(exc, TimeoutError | socket.timeout) or "timeout" in name:
        return "hết thời gian chờ phản hồi"
    if isinstance(exc, ssl.SSLError) or "ssl" in name or "certificate" in name:
        return "lỗi kết nối bảo mật (chứng thư không hợp lệ)"
    if isinstance(exc, ConnectionError) or "connect" in name or "network" in name or "protocol" in name:
        return "không kết nối được"
    if isinstance(exc, json.JSONDecodeError | UnicodeError) or "json" in name or "decode" in name:
        return "dữ liệu nhận về không đúng định dạng"
    if "zip" in name or "badfile" in name or "invalidfile" in name:
        return "tệp hỏng hoặc không đúng định dạng"
    if isinstance(exc, MemoryError):
        return "dữ liệu quá lớn"
    return "lỗi không xác định (chi tiết trong nhật ký hệ thống)"
