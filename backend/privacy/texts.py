"""What the Mini App states about personal data: who controls it, for what, how long it is kept.

Written for the citizen in plain Vietnamese; the legal facts behind it are in docs/du-lieu-ca-nhan.md. Periods
come from the settings (RETENTION_*, ACCESS_LOG_RETENTION_DAYS), so the text always says what the job does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from citizens.consents import PURPOSE_TEXTS
from citizens.models import ConsentPurpose

LAW = "Luật Bảo vệ dữ liệu cá nhân năm 2025 (có hiệu lực từ ngày 01/01/2026)"


def period_text(days: int) -> str:
    """730 → '2 năm', 90 → '90 ngày'; 0 means the rule is off."""
    if days <= 0:
        return "không tự xóa"
    if days % 365 == 0:
        return f"{days // 365} năm"
    return f"{days} ngày"


def controller() -> dict[str, str]:
    return {
        "name": settings.DATA_CONTROLLER_NAME,
        "address": settings.DATA_CONTROLLER_ADDRESS,
        "contact": settings.DATA_CONTROLLER_CONTACT,
    }


def categories() -> list[dict[str, str]]:
    """One entry per kind of data we hold about a citizen: what, why, on what basis, how long."""
    inactive = settings.RETENTION_CITIZEN_INACTIVE_DAYS
    return [
        {
            "code": "account",
            "name": "Tài khoản Zalo",
            "data": "Mã người dùng Zalo, tên và ảnh đại diện Zalo, lần đăng nhập gần nhất.",
            "purpose": "Đăng nhập và gắn các việc bạn làm trong Mini App với bạn.",
            "basis": "Bạn mở Mini App và đăng nhập bằng Zalo.",
            "retention": (
                f"Đến khi bạn xóa tài khoản, hoặc tự xóa khi bạn không dùng Mini App trong {period_text(inactive)}."
                if inactive > 0
                else "Đến khi bạn xóa tài khoản."
            ),
        },
        {
            "code": "phone",
            "name": "Số điện thoại đã xác minh",
            "data": "Số điện thoại Zalo xác minh, được mã hóa.",
            "purpose": "Tìm hồ sơ đứng tên số này và gửi thông báo về hồ sơ.",
            "basis": "Sự đồng ý của bạn.",
            "retention": "Đến khi bạn rút lại đồng ý hoặc xóa tài khoản (xóa ngay).",
        },
        {
            "code": "follows",
            "name": "Hồ sơ theo dõi và thông báo",
            "data": "Các hồ sơ bạn theo dõi; các tin đã gửi cho bạn qua Zalo.",
            "purpose": "Báo cho bạn khi hồ sơ thay đổi.",
            "basis": "Sự đồng ý của bạn.",
            "retention": (
                "Theo dõi: đến khi bạn bỏ theo dõi hoặc xóa tài khoản. "
                f"Nhật ký tin đã gửi: {period_text(settings.RETENTION_NOTIFICATION_DAYS)}."
            ),
        },
        {
            "code": "reports",
            "name": "Tin báo, phản ánh có ghi tên",
            "data": "Nội dung, địa điểm, ảnh/video, họ tên và số điện thoại liên hệ bạn nhập.",
            "purpose": "Tiếp nhận, xác minh, giải quyết và trả lời bạn.",
            "basis": (
                "Sự đồng ý của bạn khi gửi, và nghĩa vụ tiếp nhận, giải quyết tin báo của cơ quan công an "
                "theo pháp luật."
            ),
            "retention": (
                "Theo thời hạn lưu hồ sơ tin báo của cơ quan công an; không xóa theo yêu cầu. Địa chỉ IP lúc gửi "
                f"được xóa sau {period_text(settings.RETENTION_REPORT_IP_DAYS)}. Tin báo ẩn danh không gắn với bạn."
            ),
        },
        {
            "code": "ratings",
            "name": "Đánh giá sự hài lòng",
            "data": "Mức độ hài lòng, lý do, góp ý về một hồ sơ.",
            "purpose": "Cải thiện việc giải quyết thủ tục; lãnh đạo đơn vị trả lời khi bạn chưa hài lòng.",
            "basis": "Sự đồng ý của bạn khi gửi đánh giá.",
            "retention": (
                "Đánh giá được giữ để thống kê; mối liên kết với tài khoản Zalo bị xóa khi bạn rút lại đồng ý "
                "hoặc xóa tài khoản."
            ),
        },
        {
            "code": "questions",
            "name": "Câu hỏi cho cán bộ",
            "data": "Câu hỏi và tin nhắn bạn gửi (trong Mini App hoặc nhắn cho Zalo OA), câu trả lời của cán bộ.",
            "purpose": "Chuyển câu hỏi tới đơn vị phụ trách và trả lời bạn.",
            "basis": "Bạn gửi câu hỏi.",
            "retention": "Đến khi bạn xóa tài khoản (xóa cùng tài khoản).",
        },
        {
            "code": "consents",
            "name": "Sự đồng ý của bạn",
            "data": "Bạn đồng ý việc gì, lúc nào, trên nội dung nào, rút lại lúc nào.",
            "purpose": "Chứng minh việc xử lý dữ liệu có sự đồng ý của bạn.",
            "basis": LAW + ".",
            "retention": (
                f"Sự đồng ý đã rút lại được giữ {period_text(settings.RETENTION_WITHDRAWN_CONSENT_DAYS)} rồi xóa; "
                "xóa hết khi bạn xóa tài khoản."
            ),
        },
        {
            "code": "sessions",
            "name": "Phiên đăng nhập",
            "data": "Mã đăng nhập (chỉ lưu dạng băm) và thời hạn của nó.",
            "purpose": "Giữ bạn đăng nhập an toàn.",
            "basis": "Bạn đăng nhập bằng Zalo.",
            "retention": f"Xóa {period_text(settings.RETENTION_REFRESH_TOKEN_DAYS)} sau khi hết hạn hoặc bị thu hồi.",
        },
        {
            "code": "access_logs",
            "name": "Nhật ký cán bộ xem dữ liệu",
            "data": "Cán bộ nào xem hoặc sửa hồ sơ, tin báo nào, lúc nào, từ đâu.",
            "purpose": "Bảo vệ dữ liệu của bạn: mọi lần cán bộ truy cập đều được ghi lại để kiểm tra.",
            "basis": LAW + ".",
            "retention": f"{period_text(settings.ACCESS_LOG_RETENTION_DAYS)}, sau đó tự xóa.",
        },
    ]


def purposes() -> list[dict[str, Any]]:
    return [
        {
            "purpose": code,
            "title": ConsentPurpose(code).label,
            "text": text.text,
            "version": text.version,
            "withdrawable": text.withdrawable,
            "on_withdraw": text.on_withdraw,
        }
        for code, text in PURPOSE_TEXTS.items()
    ]


RIGHTS = [
    "Biết dữ liệu nào của bạn được xử lý, để làm gì và trong bao lâu (trang này).",
    "Đồng ý hoặc không đồng ý, và rút lại sự đồng ý bất cứ lúc nào (mục \u201cSự đồng ý của bạn\u201d).",
    "Xem và tải về dữ liệu của bạn (nút \u201cTải dữ liệu của tôi\u201d).",
    "Yêu cầu xóa dữ liệu (nút \u201cXóa tài khoản\u201d), trừ những gì pháp luật buộc cơ quan công an phải giữ.",
    "Khiếu nại, tố cáo, khởi kiện khi quyền về dữ liệu cá nhân bị xâm phạm.",
]


# What deleting the account keeps, and why (shown before the citizen confirms, and again in the answer).
def kept_on_delete() -> dict[str, str]:
    return {
        "reports": (
            "Tin báo, phản ánh có ghi tên bạn đã gửi được giữ nguyên nội dung và thông tin liên hệ bạn đã nhập, vì "
            "đó là tài liệu cơ quan công an phải tiếp nhận, giải quyết và lưu theo pháp luật. Tin báo không còn gắn "
            "với tài khoản Zalo của bạn; bạn vẫn tra cứu được bằng mã theo dõi và mã bí mật."
        ),
        "ratings": (
            "Đánh giá sự hài lòng được giữ để thống kê chất lượng phục vụ, nhưng không còn gắn với tài khoản Zalo "
            "của bạn."
        ),
        "access_logs": (
            "Nhật ký cán bộ đã xem dữ liệu của bạn được giữ đủ thời hạn "
            f"({period_text(settings.ACCESS_LOG_RETENTION_DAYS)}) để kiểm tra việc bảo vệ dữ liệu."
        ),
        "dossiers": (
            "Hồ sơ thủ tục hành chính của bạn thuộc hệ thống một cửa, không thuộc tài khoản Mini App, nên không bị "
            "xóa; bạn vẫn tra cứu được bằng mã hồ sơ."
        ),
    }


def privacy_notice() -> dict[str, Any]:
    return {
        "law": LAW,
        "controller": controller(),
        "summary": (
            f"{settings.DATA_CONTROLLER_NAME} là bên kiểm soát và xử lý dữ liệu cá nhân của bạn trong Mini App này. "
            "Chúng tôi chỉ thu thập những gì cần cho từng mục đích dưới đây, giữ trong thời hạn đã nêu rồi xóa."
        ),
        "categories": categories(),
        "purposes": purposes(),
        "rights": RIGHTS,
        "kept_on_delete": list(kept_on_delete().values()),
    }
