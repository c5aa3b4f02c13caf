"""The consent texts the citizen is shown, one per purpose, with the version recorded in every Consent row.

Change a text → bump its version: rows keep the version the citizen actually saw. The Mini App reads the texts
from GET /api/v1/privacy and shows each one where the citizen acts (privacy/texts.py says what else is shown).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from citizens.models import Citizen, Consent, ConsentPurpose


@dataclass(frozen=True)
class PurposeText:
    purpose: str
    version: str
    text: str
    withdrawable: bool
    on_withdraw: str  # what withdrawing does, or why it cannot be withdrawn


PURPOSE_TEXTS: dict[str, PurposeText] = {
    ConsentPurpose.PHONE: PurposeText(
        ConsentPurpose.PHONE,
        "2026-11",  # the explanation page before getPhoneNumber (miniapp/src/pages/PhoneConsent)
        "Bạn cho phép dùng số điện thoại Zalo đã xác minh để tìm các hồ sơ đứng tên số này và gửi thông báo về "
        "hồ sơ. Số được mã hóa; cán bộ chỉ thấy 3 số cuối.",
        True,
        "Số điện thoại và mã tra cứu của nó bị xóa ngay; bạn không còn xem được \u201cHồ sơ của tôi\u201d.",
    ),
    ConsentPurpose.NOTIFICATIONS: PurposeText(
        ConsentPurpose.NOTIFICATIONS,
        "2026-12",
        "Bạn cho phép gửi thông báo về hồ sơ của bạn vào Zalo qua Mini App.",
        True,
        "Không gửi thông báo qua Mini App nữa.",
    ),
    ConsentPurpose.FOLLOW: PurposeText(
        ConsentPurpose.FOLLOW,
        "2026-12",
        "Bạn cho phép lưu việc bạn theo dõi hồ sơ này để báo cho bạn qua Zalo khi hồ sơ thay đổi.",
        True,
        "Bỏ theo dõi hồ sơ; bạn không nhận tin về hồ sơ này nữa.",
    ),
    ConsentPurpose.REPORT: PurposeText(
        ConsentPurpose.REPORT,
        "2026-12",
        # The form shows the full notice (reports.texts.NAMED_TEXT, whose digest goes into the version); this is
        # the summary the privacy page shows.
        "Tin báo có ghi tên được lưu cùng tài khoản Zalo và thông tin liên hệ bạn nhập, để cán bộ liên hệ và trả "
        "lời bạn. Không muốn lộ danh tính, hãy chọn gửi ẩn danh.",
        False,
        "Tin báo đã gửi là tài liệu cơ quan công an phải lưu theo pháp luật về tố tụng và giải quyết tin báo, "
        "nên không rút lại được. Khi bạn xóa tài khoản, tin báo được giữ nhưng không còn gắn với tài khoản Zalo.",
    ),
    ConsentPurpose.RATING: PurposeText(
        ConsentPurpose.RATING,
        "2026-12",
        "Đánh giá được lưu cùng tài khoản Zalo để lãnh đạo đơn vị trả lời bạn nếu bạn chưa hài lòng.",
        True,
        "Đánh giá vẫn được giữ để thống kê nhưng không còn gắn với tài khoản Zalo; bạn không nhận được trả lời.",
    ),
}


def text_version(purpose: str, shown_text: str | None = None) -> str:
    """The version recorded with a consent. When the package where the citizen acts shows its own, longer text
    (the named report's notice, reports/texts.py), a digest of that text is appended: a changed wording is a new
    version without anyone remembering to bump it."""
    version = PURPOSE_TEXTS[purpose].version
    if shown_text is None:
        return version
    return f"{version}-{hashlib.sha256(shown_text.encode()).hexdigest()[:8]}"


def consent_record(
    *, citizen: Citizen, purpose: str, subject: str = "", object_id: int | None = None, shown_text: str | None = None
) -> Consent:
    """Record that the citizen agreed now, on the current text of `purpose` (called where the citizen acts)."""
    return Consent.objects.create(
        citizen=citizen,
        purpose=purpose,
        subject=subject[:120],
        object_id=object_id,
        text_version=text_version(purpose, shown_text),
        granted_at=timezone.now(),
    )


@transaction.atomic
def consent_withdraw_matching(*, citizen: Citizen, purpose: str, object_id: int | None = None) -> int:
    """Mark the citizen's active consents of `purpose` (for one object, if given) withdrawn now."""
    rows = Consent.objects.filter(citizen=citizen, purpose=purpose, withdrawn_at__isnull=True)
    if object_id is not None:
        rows = rows.filter(object_id=object_id)
    return rows.update(withdrawn_at=timezone.now())
