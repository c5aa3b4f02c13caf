"""Everything we hold about one citizen, as a file they can keep: JSON with Vietnamese keys.

Anonymous reports are not in it (they were never linked to the citizen), and neither are the officers' access
logs (they are about officers; the citizen is told they exist in texts.categories()).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from broadcasts.models import BroadcastRecipient
from citizens.models import Citizen
from common.crypto import decrypt_text
from dossiers.models import DossierFollow
from notifications.models import Notification
from privacy.texts import LAW, controller
from questions.models import Question
from ratings.models import Driver, Rating
from reports.models import EventType, Report
from zalo.models import OAFollower

# The placeholders a message is filled with (notifications.messages.facts, notify_citizen callers).
VALUE_LABELS = {
    "code": "mã",
    "procedure": "thủ tục",
    "unit": "đơn vị",
    "status": "trạng thái",
    "appointment_date": "ngày hẹn",
    "reason": "lý do",
    "supplement_deadline": "hạn bổ sung",
    "collect_location": "nơi nhận kết quả",
    "collect_note": "ghi chú nhận kết quả",
    "fee": "phí, lệ phí",
    "note": "ghi chú",
    "title": "tiêu đề",
    "body": "nội dung",
    "reply": "trả lời",
    "kind": "loại",
    "question": "câu hỏi",
}


def _when(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _decrypt(value: str) -> str:
    return decrypt_text(value) if value else ""


def _account(citizen: Citizen) -> dict[str, Any]:
    phone = _decrypt(citizen.phone_encrypted)
    return {
        "mã tài khoản": citizen.pk,
        "mã người dùng Zalo": citizen.zalo_user_id,
        "tên Zalo": citizen.display_name,
        "ảnh đại diện": citizen.avatar_url,
        "đang quan tâm Zalo OA": citizen.follows_oa,
        "số điện thoại đã xác minh": f"+{phone}" if phone else None,
        "xác minh số điện thoại lúc": _when(citizen.phone_verified_at),
        "cho phép thông báo qua Mini App": citizen.miniapp_notifications_allowed,
        "tạo tài khoản lúc": _when(citizen.created_at),
        "lần cuối đăng nhập": _when(citizen.last_seen_at),
    }


def _consents(citizen: Citizen) -> list[dict[str, Any]]:
    return [
        {
            "mục đích": consent.get_purpose_display(),
            "về việc": consent.subject or None,
            "phiên bản nội dung": consent.text_version,
            "đồng ý lúc": _when(consent.granted_at),
            "rút lại lúc": _when(consent.withdrawn_at),
        }
        for consent in citizen.consents.all()
    ]


def _follows(citizen: Citizen) -> list[dict[str, Any]]:
    follows = DossierFollow.objects.filter(citizen=citizen).select_related("dossier__procedure", "dossier__unit")
    return [
        {
            "mã hồ sơ": f.dossier.code,
            "thủ tục": f.dossier.procedure.name,
            "đơn vị": f.dossier.unit.name,
            "trạng thái": f.dossier.get_status_display(),
            "theo dõi từ": _when(f.created_at),
        }
        for f in follows.order_by("created_at", "id")
    ]


def _reports(citizen: Citizen) -> list[dict[str, Any]]:
    reports = (
        Report.objects.filter(citizen=citizen, is_anonymous=False)
        .select_related("kind", "unit", "area")
        .prefetch_related("events", "attachments")
        .order_by("received_at", "id")
    )
    return [
        {
            "mã theo dõi": r.code,
            "loại": r.kind.name,
            "nội dung": r.description,
            "thời gian xảy ra": _when(r.occurred_at),
            "địa điểm": r.address or None,
            "xã/phường": r.area.name if r.area else None,
            "vĩ độ": str(r.latitude) if r.latitude is not None else None,
            "kinh độ": str(r.longitude) if r.longitude is not None else None,
            "biển số phương tiện": r.vehicle_plate or None,
            "họ tên liên hệ": _decrypt(r.contact_name_encrypted) or None,
            "số điện thoại liên hệ": _decrypt(r.contact_phone_encrypted) or None,
            "địa chỉ IP khi gửi": r.submitted_ip,
            "số ảnh/video đính kèm": len(r.attachments.all()),
            "đơn vị đang xử lý": r.unit.name,
            "trạng thái": r.get_status_display(),
            "tiếp nhận lúc": _when(r.received_at),
            "trả lời": [
                {"lúc": _when(e.occurred_at), "nội dung": e.reply}
                for e in r.events.all()
                if e.type == EventType.REPLY and e.reply
            ],
        }
        for r in reports
    ]


def _ratings(citizen: Citizen) -> list[dict[str, Any]]:
    ratings = Rating.objects.filter(citizen=citizen).select_related("dossier", "unit", "follow_up")
    drivers = dict(Driver.choices)
    out = []
    for r in ratings.order_by("created_at", "id"):
        follow_up = getattr(r, "follow_up", None)
        out.append(
            {
                "hồ sơ": r.dossier.code,
                "đơn vị": r.unit.name,
                "mức độ hài lòng": r.get_level_display(),
                "yếu tố": [drivers.get(d, d) for d in r.drivers],
                "lý do không hài lòng": r.reason or None,
                "góp ý": r.comment or None,
                "đánh giá lúc": _when(r.created_at),
                "lãnh đạo trả lời": follow_up.reply if follow_up and follow_up.reply else None,
            }
        )
    return out


def _questions(citizen: Citizen) -> list[dict[str, Any]]:
    questions = (
        Question.objects.filter(citizen=citizen)
        .select_related("unit", "procedure", "dossier")
        .prefetch_related("messages")
        .order_by("created_at", "id")
    )
    return [
        {
            "đơn vị trả lời": q.unit.name,
            "thủ tục": q.procedure.name if q.procedure else None,
            "hồ sơ": q.dossier.code if q.dossier else None,
            "gửi qua": q.get_source_display(),
            "trạng thái": q.get_status_display(),
            "tin nhắn": [
                {"người viết": m.get_author_display(), "lúc": _when(m.created_at), "nội dung": m.text}
                for m in q.messages.all()
            ],
        }
        for q in questions
    ]


def _oa_follows(citizen: Citizen) -> list[dict[str, Any]]:
    """The Zalo OAs (province's and units') this Zalo user follows, as their follow events told us."""
    rows = OAFollower.objects.filter(zalo_user_id=citizen.zalo_user_id).select_related("oa").order_by("oa__name", "id")
    return [
        {
            "Zalo OA": row.oa.name,
            "đang quan tâm": row.following,
            "quan tâm lúc": _when(row.followed_at),
            "bỏ quan tâm lúc": _when(row.unfollowed_at),
        }
        for row in rows
    ]


def _broadcasts(citizen: Citizen) -> list[dict[str, Any]]:
    """Warnings and notices sent to this user as a follower of one of our OAs (broadcasts), with their outcome."""
    rows = (
        BroadcastRecipient.objects.filter(follower__zalo_user_id=citizen.zalo_user_id)
        .select_related("broadcast", "follower__oa")
        .order_by("id")
    )
    return [
        {
            "tin": row.broadcast.title,
            "từ Zalo OA": row.follower.oa.name,
            "kết quả": row.get_state_display(),
            "gửi lúc": _when(row.sent_at),
            "xem lúc": _when(row.seen_at),
        }
        for row in rows
    ]


def _notifications(citizen: Citizen) -> list[dict[str, Any]]:
    rows = Notification.objects.filter(citizen=citizen).select_related("dossier").order_by("created_at", "id")
    return [
        {
            "loại tin": n.get_kind_display(),
            "hồ sơ": n.dossier.code if n.dossier else None,
            "nội dung điền vào mẫu": {VALUE_LABELS.get(k, k): v for k, v in (n.values or {}).items()},
            "kênh": n.get_channel_display() if n.channel else None,
            "trạng thái": n.get_state_display(),
            "tạo lúc": _when(n.created_at),
            "gửi lúc": _when(n.sent_at),
        }
        for n in rows
    ]


def personal_data_export(*, citizen: Citizen) -> dict[str, Any]:
    who = controller()
    return {
        "giới thiệu": {
            "tệp này là": "Toàn bộ dữ liệu cá nhân của bạn mà Mini App đang lưu, tải về theo yêu cầu của bạn.",
            "bên kiểm soát dữ liệu": who["name"],
            "địa chỉ": who["address"] or None,
            "liên hệ": who["contact"] or None,
            "căn cứ": LAW,
            "tạo lúc": _when(timezone.now()),
            "tin báo ẩn danh": "Không có trong tệp này: tin gửi ẩn danh không gắn với tài khoản của bạn.",
        },
        "tài khoản": _account(citizen),
        "sự đồng ý": _consents(citizen),
        "hồ sơ đang theo dõi": _follows(citizen),
        "tin báo, phản ánh có ghi tên": _reports(citizen),
        "đánh giá sự hài lòng": _ratings(citizen),
        "câu hỏi cho cán bộ": _questions(citizen),
        "thông báo đã gửi cho bạn": _notifications(citizen),
        "Zalo OA bạn quan tâm": _oa_follows(citizen),
        "tin cảnh báo, thông báo gửi người quan tâm OA": _broadcasts(citizen),
    }
