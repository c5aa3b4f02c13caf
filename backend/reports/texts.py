"""Every sentence the citizen reads about safety and identity, in one place: the Mini App shows what
the API returns (GET /api/v1/reports/form), so the promise and the behaviour cannot drift apart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from reports.models import Outcome, ReportStatus

if TYPE_CHECKING:
    from reports.models import Report


def emergency_notice() -> str:
    """Shown under the heading "Khẩn cấp gọi <number>" on every report screen."""
    number = settings.EMERGENCY_NUMBER
    return (
        "Không dùng biểu mẫu này cho trường hợp khẩn cấp (sự việc đang xảy ra, có người bị đe dọa, cần lực lượng "
        f"đến ngay): hãy gọi ngay {number}."
    )


# Each line is a fact the code keeps true (docs/reports.md, "What the server keeps"): the report row has no
# citizen, contact or IP (submission.report_submit); photos are re-encoded and videos remuxed without metadata
# (media.py); report paths are logged without address, device or request id (common/unlogged.py); the abuse
# counters are keyed hashes that expire after an hour (IP) or a day (device) (submission.submit_limits).
def anonymous_text() -> str:
    """Shown under the switch when "Gửi ẩn danh" is on, and again on the review step."""
    # A staged upload older than REPORT_STAGED_MEDIA_HOURS is deleted by the hourly sweep.
    staged_hours = settings.REPORT_STAGED_MEDIA_HOURS + 1
    lines = (
        "Gửi ẩn danh: hệ thống KHÔNG lưu tài khoản Zalo, họ tên, số điện thoại hay địa chỉ IP của bạn cùng tin "
        "này, nên không ai — kể cả cán bộ Công an — biết ai đã gửi.",
        "• Cán bộ của đơn vị được giao xử lý chỉ nhận: loại tin, nội dung, thời gian, địa điểm, biển số (nếu có) "
        "và ảnh/video bạn gửi. Ảnh và video được xóa thông tin đi kèm (vị trí GPS, loại máy, thời gian chụp) "
        "trước khi lưu; hình và tiếng trong đó vẫn giữ nguyên.",
        "• Nhật ký máy chủ khi bạn gửi tin, tải ảnh/video hay tra cứu không ghi địa chỉ IP, thiết bị hay mã yêu "
        "cầu, chỉ ghi thời điểm và kết quả.",
        "• Để chặn gửi tràn, máy chủ đếm số lần gửi theo địa chỉ IP và theo một mã ngẫu nhiên của ứng dụng trên "
        "máy bạn, ở dạng mã hóa một chiều, không gắn với tin; bộ đếm tự xóa sau 1 giờ (IP) và 1 ngày (mã máy). "
        f"Ảnh/video đã tải lên mà không gửi kèm tin nào bị xóa trong vòng {staged_hours} giờ.",
        "• Nếu bấm «Lấy vị trí», Zalo biết tài khoản của bạn đã cho ứng dụng lấy vị trí lúc đó và vị trí ấy "
        "(thường là nơi bạn đang đứng) được gửi cùng tin; muốn kín hơn, hãy chọn xã/phường hoặc nhập địa chỉ.",
        "• Hãy tránh để lộ danh tính trong nội dung và hình ảnh (khuôn mặt, giọng nói, nhà, xe của bạn).",
        "Vì không biết bạn là ai, bạn sẽ KHÔNG nhận được tin nhắn Zalo về tin này và tin không hiện trong «Tin báo, "
        "phản ánh của tôi»: hãy lưu mã theo dõi và mã bí mật để xem trạng thái và trả lời của cơ quan Công an. Cơ quan Công "
        "an có thể không liên hệ lại được để xác minh.",
    )
    return "\n".join(lines)


NAMED_TEXT = "\n".join(
    (
        "Gửi kèm danh tính: tài khoản Zalo của bạn, thông tin liên hệ bạn nhập (được mã hóa) và địa chỉ IP lúc "
        "gửi (để xử lý lạm dụng) được lưu cùng tin; chỉ cán bộ của đơn vị Công an được giao xử lý tin này và "
        "lãnh đạo cấp trên xem được; mỗi lần xem đều được ghi nhật ký.",
        "Danh tính của bạn không được công khai và không được cung cấp cho người bị tố giác, phản ánh. Ảnh và "
        "video được xóa thông tin đi kèm như khi gửi ẩn danh, và nhật ký máy chủ cũng không ghi địa chỉ IP, "
        "thiết bị của lần gửi. Bạn nhận trả lời qua Zalo và xem lại tin trong «Tin báo, phản ánh của tôi».",
    )
)

FALSE_REPORT_WARNING = "Cố ý báo tin sai sự thật có thể bị xử lý theo quy định của pháp luật."

# What a status means to the citizen (tracking and notifications).
STATUS_MEANING = {
    ReportStatus.RECEIVED: "Tin của bạn đã được tiếp nhận và chuyển tới đơn vị phụ trách địa bàn.",
    ReportStatus.VERIFYING: "Cán bộ đang xác minh thông tin bạn cung cấp.",
    ReportStatus.ACCEPTED: "Đơn của bạn đã được nhận giải quyết chính thức (thụ lý); thời hạn giải quyết tính từ hôm đó.",
    ReportStatus.PROCESSING: "Tin của bạn đang được giải quyết.",
    ReportStatus.SUSPENDED: (
        "Việc giải quyết đang tạm dừng (tạm đình chỉ), thường vì phải chờ kết quả từ nơi khác như giám định. "
        "Thời gian tạm dừng không tính vào thời hạn; khi giải quyết lại, thời hạn được tính tiếp."
    ),
    ReportStatus.FORWARDED: "Tin của bạn đã được chuyển tới đơn vị có thẩm quyền để giải quyết.",
    ReportStatus.RESOLVED: "Tin của bạn đã được giải quyết.",
    ReportStatus.NOT_ACCEPTED: "Đơn của bạn không được nhận giải quyết (không thụ lý); xem trả lời để biết lý do.",
    ReportStatus.NOT_COMPETENT: "Nội dung không thuộc thẩm quyền của cơ quan Công an; xem trả lời để biết nơi giải quyết.",
    ReportStatus.REJECTED_FALSE: "Qua xác minh, thông tin không có cơ sở.",
    ReportStatus.SPAM: "Tin không được xử lý vì không có nội dung cần giải quyết.",
}

# What each outcome means, in plain words (the legal name is shown beside it).
OUTCOME_MEANING = {
    Outcome.PROSECUTE: "Cơ quan điều tra đã quyết định khởi tố vụ án hình sự: vụ việc được điều tra theo pháp luật.",
    Outcome.NOT_PROSECUTE: (
        "Cơ quan điều tra đã quyết định không khởi tố vụ án hình sự: qua xác minh, chưa đủ căn cứ xử lý hình sự. "
        "Nếu không đồng ý, bạn có quyền khiếu nại quyết định này."
    ),
    Outcome.TRANSFER: "Tin của bạn đã được chuyển đến cơ quan có thẩm quyền giải quyết.",
    Outcome.NOT_ACCEPTED: "Đơn của bạn không được nhận giải quyết (không thụ lý); xem trả lời để biết lý do.",
    Outcome.WITHDRAWN: "Việc giải quyết đã dừng hẳn vì người gửi đã rút đơn.",
    Outcome.DENUNCIATION_TRUE: "Đã có kết luận: nội dung tố cáo là đúng. Người vi phạm bị xử lý theo quy định.",
    Outcome.DENUNCIATION_PARTLY: "Đã có kết luận: nội dung tố cáo đúng một phần. Phần sai phạm bị xử lý theo quy định.",
    Outcome.DENUNCIATION_FALSE: "Đã có kết luận: nội dung tố cáo là không đúng.",
    Outcome.COMPLAINT_RIGHT: "Đã có quyết định giải quyết: khiếu nại của bạn là đúng; quyết định, việc làm bị khiếu nại được sửa hoặc hủy.",
    Outcome.COMPLAINT_PARTLY: "Đã có quyết định giải quyết: khiếu nại của bạn đúng một phần.",
    Outcome.COMPLAINT_WRONG: (
        "Đã có quyết định giải quyết: khiếu nại của bạn là không đúng. Nếu không đồng ý, bạn có thể khiếu nại "
        "lần hai hoặc khởi kiện ra Tòa án."
    ),
}

# Under "Bạn muốn gửi gì?": which of the two legal kinds to choose.
KIND_GUIDE = (
    "Khiếu nại hay tố cáo? Khiếu nại khi một quyết định hay việc làm của Công an gây thiệt hại cho chính bạn và "
    "bạn muốn được xem xét lại. Tố cáo khi bạn biết cán bộ làm trái pháp luật, dù việc đó có ảnh hưởng đến bạn "
    "hay không. Báo tội phạm (trộm, lừa đảo…) thì chọn «Tin báo, tố giác tội phạm»."
)


def citizen_meaning(report: Report) -> str:
    """The plain sentence a citizen reads for the report as it stands (tracking and notifications)."""
    if report.outcome:
        return OUTCOME_MEANING[Outcome(report.outcome)]
    return STATUS_MEANING[ReportStatus(report.status)]


def deadline_label(report: Report) -> str:
    """What the date shown is the deadline of."""
    if report.status == ReportStatus.SUSPENDED:
        return "Hạn giải quyết (đang tạm dừng, sẽ lùi thêm khi giải quyết lại)"
    if report.awaits_acceptance:
        return "Hạn nhận giải quyết (thụ lý)"
    return "Hạn giải quyết"
