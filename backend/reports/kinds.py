"""The report kinds the system ships with, in their current shape: what the data migrations seeded
(reports/migrations/0002, 0004, 0005) and what the demo loader puts back after a test database was flushed
(`reports.demo.report_kinds_ensure`). The provincial admin edits them afterwards; figures marked UNVERIFIED in
docs/tin-bao-va-thoi-han.md are data. Changing a kind here means a new data migration that changes it in
existing databases (old migrations keep their own literals: they are history);
tests/reports/test_kinds.py holds the two together.
"""

from __future__ import annotations

from typing import Any

# BLTTHS: "không quá 2 tháng" from receipt, then the procuracy once more, 4 months in total from receipt.
MONTHS_2_THEN_4: list[dict[str, Any]] = [
    {"amount": 2, "unit": "months", "mode": "until"},
    {"amount": 4, "unit": "months", "mode": "until"},
]
FORM: dict[str, Any] = {
    "asks_occurred_at": True,
    "asks_location": True,
    "requires_location": False,
    "asks_vehicle_plate": False,
    "requires_media": False,
}
CONFIGURED: dict[str, Any] = {
    "legal_track": "general",
    "accept_amount": None,
    "accept_unit": "working",
    "clock_amount": 15,
    "clock_unit": "working",
    "clock_start": "received",
    "extension_steps": [],
    "allows_pause": False,
    "allows_anonymous": True,
}

KINDS: list[dict[str, Any]] = [
    {
        "code": "to-giac-toi-pham",
        "name": "Tin báo, tố giác tội phạm",
        "description": (
            "Báo cho cơ quan Công an về hành vi có dấu hiệu tội phạm: trộm cắp, lừa đảo, ma túy, cờ bạc, "
            "cố ý gây thương tích… Nêu rõ sự việc, thời gian, địa điểm, người liên quan (nếu biết)."
        ),
        "legal_basis": "Bộ luật Tố tụng hình sự 2015, Điều 144–149; TT 28/2020/TT-BCA",
        "legal_track": "crime",
        "accept_amount": None,
        "accept_unit": "working",
        "clock_amount": 20,
        "clock_unit": "calendar",
        "clock_start": "received",
        "extension_steps": MONTHS_2_THEN_4,
        "allows_pause": True,
        "allows_anonymous": True,
        **FORM,
        "order": 1,
    },
    {
        "code": "phan-anh-kien-nghi",
        "name": "Phản ánh, kiến nghị",
        "description": (
            "Phản ánh về an ninh, trật tự nơi bạn sống (tụ tập gây rối, tiếng ồn, vi phạm cư trú…) hoặc kiến "
            "nghị về thủ tục, thái độ phục vụ của cơ quan Công an."
        ),
        "legal_basis": "Nghị định 20/2008/NĐ-CP (thời hạn do Công an tỉnh quy định)",
        **CONFIGURED,
        **FORM,
        "order": 2,
    },
    {
        "code": "vi-pham-giao-thong",
        "name": "Vi phạm trật tự, an toàn giao thông",
        "description": (
            "Gửi ảnh hoặc video phương tiện vi phạm (vượt đèn đỏ, đi ngược chiều, lấn làn, đua xe…), kèm thời "
            "gian, địa điểm và biển số nếu thấy rõ."
        ),
        "legal_basis": "Thời hạn do Công an tỉnh quy định",
        **CONFIGURED,
        **FORM,
        "requires_location": True,
        "asks_vehicle_plate": True,
        "requires_media": True,
        "order": 3,
    },
    {
        "code": "to-cao",
        "name": "Tố cáo cán bộ vi phạm",
        "description": (
            "Báo việc cán bộ, chiến sĩ Công an làm trái pháp luật khi làm nhiệm vụ (đòi tiền, gây khó dễ, "
            "bao che, đánh người…), dù việc đó có ảnh hưởng đến bạn hay không. Ghi rõ ai, làm gì, khi nào, ở đâu. "
            "Tố cáo cần ghi họ tên và số điện thoại thật; tin không rõ người gửi không được giải quyết như tố cáo."
        ),
        "legal_basis": "Luật Tố cáo 2018 (thụ lý: Điều 24, 29; thời hạn giải quyết: Điều 30)",
        "legal_track": "denunciation",
        "accept_amount": 7,
        "accept_unit": "working",
        "clock_amount": 30,
        "clock_unit": "calendar",
        "clock_start": "accepted",
        "extension_steps": [
            {"amount": 30, "unit": "calendar", "mode": "add"},
            {"amount": 30, "unit": "calendar", "mode": "add"},
        ],
        "allows_pause": True,
        "allows_anonymous": False,
        **FORM,
        "order": 4,
    },
    {
        "code": "khieu-nai",
        "name": "Khiếu nại quyết định, việc làm của Công an",
        "description": (
            "Đề nghị xem xét lại một quyết định hoặc việc làm của cơ quan, cán bộ Công an mà bạn cho là sai và "
            "làm thiệt hại quyền, lợi ích của chính bạn (ví dụ: quyết định xử phạt, việc từ chối làm giấy tờ). "
            "Ghi rõ quyết định hay việc làm nào, vì sao bạn cho là sai, bạn đề nghị gì. Cần họ tên và số điện thoại thật."
        ),
        "legal_basis": "Luật Khiếu nại 2011 (thụ lý: Điều 27; thời hạn giải quyết lần đầu: Điều 28)",
        "legal_track": "complaint",
        "accept_amount": 10,
        "accept_unit": "calendar",
        "clock_amount": 30,
        "clock_unit": "calendar",
        "clock_start": "accepted",
        "extension_steps": [{"amount": 45, "unit": "calendar", "mode": "until"}],
        "allows_pause": False,
        "allows_anonymous": False,
        **FORM,
        "order": 5,
    },
    {
        "code": "khac",
        "name": "Nội dung khác",
        "description": "Thông tin khác cần báo cho cơ quan Công an.",
        "legal_basis": "",
        **CONFIGURED,
        **FORM,
        "order": 6,
    },
]
