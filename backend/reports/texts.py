"""Every sentence the citizen reads about safety and identity, in one place: the Mini App shows what
the API returns (GET /api/v1/reports/form), so the promise and the behaviour cannot drift apart."""

from __future__ import annotations

from django.conf import settings

from reports.models import ReportStatus


def emergency_notice() -> str:
    """Shown under the heading "Khẩn cấp gọi <number>" on every report screen."""
    number = settings.EMERGENCY_NUMBER
    return (
        "Không dùng biểu mẫu này cho trường hợp khẩn cấp (sự việc đang xảy ra, có người bị đe doạ, cần lực lượng "
        f"đến ngay): hãy gọi ngay {number}."
    )


ANONYMOUS_TEXT = (
    "Gửi ẩn danh: hệ thống KHÔNG lưu tài khoản Zalo, họ tên, số điện thoại hay địa chỉ IP của bạn cùng tin "
    "này, nên không ai — kể cả cán bộ Công an — biết ai đã gửi. Cán bộ của đơn vị được giao xử lý chỉ thấy "
    "nội dung, thời gian, địa điểm và ảnh/video bạn gửi (ảnh đã được xoá thông tin vị trí, thiết bị); hãy "
    "tránh để lộ danh tính trong nội dung và hình ảnh. Vì không biết bạn là ai, bạn sẽ KHÔNG nhận được tin "
    "nhắn Zalo về tin này và tin không hiện trong «Báo cáo của tôi»: hãy lưu mã theo dõi và mã bí mật để xem "
    "trạng thái và trả lời của cơ quan Công an. Cơ quan Công an có thể không liên hệ lại được để xác minh."
)

NAMED_TEXT = (
    "Gửi kèm danh tính: tài khoản Zalo của bạn và thông tin liên hệ bạn nhập (được mã hoá) chỉ cán bộ của "
    "đơn vị Công an được giao xử lý tin này và lãnh đạo cấp trên xem được; mỗi lần xem đều được ghi nhật ký. "
    "Danh tính của bạn không được công khai và không được cung cấp cho người bị tố giác, phản ánh. Bạn nhận "
    "trả lời qua Zalo và xem lại tin trong «Báo cáo của tôi»."
)

FALSE_REPORT_WARNING = "Cố ý báo tin sai sự thật có thể bị xử lý theo quy định của pháp luật."

# What a status means to the citizen (tracking and notifications).
STATUS_MEANING = {
    ReportStatus.RECEIVED: "Tin của bạn đã được tiếp nhận và chuyển tới đơn vị phụ trách địa bàn.",
    ReportStatus.VERIFYING: "Cán bộ đang xác minh thông tin bạn cung cấp.",
    ReportStatus.PROCESSING: "Tin của bạn đang được giải quyết.",
    ReportStatus.FORWARDED: "Tin của bạn đã được chuyển tới đơn vị có thẩm quyền để giải quyết.",
    ReportStatus.RESOLVED: "Tin của bạn đã được giải quyết.",
    ReportStatus.NOT_COMPETENT: "Nội dung không thuộc thẩm quyền của cơ quan Công an; xem trả lời để biết nơi giải quyết.",
    ReportStatus.REJECTED_FALSE: "Qua xác minh, thông tin không có cơ sở.",
    ReportStatus.SPAM: "Tin không được xử lý vì không có nội dung cần giải quyết.",
}
