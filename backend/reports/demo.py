"""Demo reporting areas and reports. Track them in the Mini App with code PA-DEM23456 (or …57 to …61)
and secret DEMSECRET2: …59 is a tố cáo accepted (thụ lý), …60 a khiếu nại awaiting acceptance, …61 a tố giác
suspended (tạm đình chỉ) and resumed, then suspended again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from reports import workflow
from reports.kinds import KINDS
from reports.models import Coverage, EventType, Report, ReportEvent, ReportKind, ReportStatus
from reports.submission import due_date_for
from reports.tracking import secret_hash
from units.models import Unit

DEMO_SECRET = "DEMSECRET2"

# code, kind, unit, days ago, [(status, note)], reply, description
DEMO_REPORTS = [
    (
        "PA-DEM23456",
        "to-giac-toi-pham",
        "DEMO-P-DONGTAM",
        3,
        [(ReportStatus.VERIFYING, "Đã cử tổ công tác xác minh.")],
        "Công an phường đã tiếp nhận và đang xác minh thông tin bạn cung cấp. Cảm ơn bạn.",
        "Tối nào cũng có nhóm thanh niên tụ tập đánh bạc ở quán nước đầu ngõ 12 (Demo).",
    ),
    (
        "PA-DEM23457",
        "vi-pham-giao-thong",
        "DEMO-PC08",
        25,
        [],
        "",
        "Xe tải biển số 11C-123.45 thường xuyên đi vào đường cấm giờ cao điểm (Demo).",
    ),
    (
        "PA-DEM23458",
        "phan-anh-kien-nghi",
        "DEMO-X-DUCHANH",
        10,
        [
            (ReportStatus.PROCESSING, "Giao công an viên kiểm tra."),
            (ReportStatus.RESOLVED, "Đã nhắc nhở, lập biên bản."),
        ],
        "Công an xã đã làm việc với các hộ gia đình gây tiếng ồn sau 22 giờ và lập biên bản cam kết.",
        "Karaoke gây ồn sau 22 giờ ở thôn Nà Vài (Demo).",
    ),
    (
        "PA-DEM23459",
        "to-cao",
        "DEMO-P-DONGTAM",
        12,
        [],
        "",
        "Cán bộ tổ một cửa đòi thêm tiền ngoài lệ phí khi làm thủ tục đăng ký thường trú (Demo).",
    ),
    (
        "PA-DEM23460",
        "khieu-nai",
        "DEMO-P-DONGTAM",
        3,
        [],
        "",
        "Tôi khiếu nại quyết định xử phạt vi phạm hành chính vì tôi không có mặt tại nơi xảy ra vụ việc (Demo).",
    ),
    (
        "PA-DEM23461",
        "to-giac-toi-pham",
        "DEMO-P-DONGTAM",
        40,
        [(ReportStatus.VERIFYING, "Đã lấy lời khai, trưng cầu giám định.")],
        "",
        "Bị kẻ gian lấy trộm xe máy trước cửa nhà trong đêm (Demo).",
    ),
]

# Clock decisions per demo report, days after receipt: thụ lý, tạm đình chỉ, phục hồi.
DEMO_CLOCKS: dict[str, list[tuple[str, int, str]]] = {
    "PA-DEM23459": [("accept", 5, "Đủ điều kiện thụ lý tố cáo.")],
    "PA-DEM23461": [
        ("pause", 10, "Chờ kết quả giám định tài sản."),
        ("resume", 20, "Đã có kết quả giám định."),
        ("pause", 30, "Chờ kết quả tương trợ tư pháp."),
    ],
}


def _area_name(unit: Unit) -> str:
    """ "Công an phường Đồng Tâm (Demo)" → "Phường Đồng Tâm"."""
    name = unit.name.replace("(Demo)", "").strip()
    return name.removeprefix("Công an ").strip().capitalize()


def report_kinds_ensure() -> None:
    """The shipped kinds (reports/kinds.py), back if a test database was flushed; edits are kept."""
    for kind in KINDS:
        ReportKind.objects.get_or_create(code=kind["code"], defaults=kind)


@transaction.atomic
def demo_reports_load() -> int:
    """Reporting areas for every ward/commune, the province as reception unit, and three reports."""
    report_kinds_ensure()
    for unit in Unit.objects.filter(kind__code__in=["cong_an_phuong", "cong_an_xa"]):
        Coverage.objects.update_or_create(
            unit=unit, defaults={"area_names": _area_name(unit), "radius_km": Decimal("2")}
        )
    root = Unit.objects.filter(parent__isnull=True).order_by("id").first()
    if root is not None:
        Coverage.objects.update_or_create(unit=root, defaults={"is_reception": True})
    created = 0
    now = timezone.now()
    for code, kind_code, unit_code, days_ago, steps, reply, description in DEMO_REPORTS:
        unit = Unit.objects.filter(code=unit_code).first()  # type: ignore[assignment]
        kind = ReportKind.objects.filter(code=kind_code).first()
        if unit is None or kind is None or Report.objects.filter(code=code).exists():
            continue
        received = now - timedelta(days=days_ago)
        report = Report.objects.create(
            code=code,
            secret_hash=secret_hash(code, DEMO_SECRET),
            kind=kind,
            unit=unit,
            description=description,
            area=unit,
            location_source="area",
            is_anonymous=kind.allows_anonymous,
            received_at=received,
            due_date=due_date_for(kind=kind, received=timezone.localdate(received)),
        )
        ReportEvent.objects.create(
            report=report, type=EventType.RECEIVED, status=ReportStatus.RECEIVED, to_unit=unit, occurred_at=received
        )
        previous = ReportStatus.RECEIVED
        for offset, (status, note) in enumerate(steps, start=1):
            ReportEvent.objects.create(
                report=report,
                type=EventType.STATUS,
                status=status,
                previous_status=previous,
                note=note,
                occurred_at=received + timedelta(days=offset),
                actor_label="Cán bộ demo",
            )
            previous = status
        Report.objects.filter(pk=report.pk).update(
            status=previous, closed_at=now if previous == ReportStatus.RESOLVED else None
        )
        if reply:
            ReportEvent.objects.create(
                report=report,
                type=EventType.REPLY,
                status=previous,
                reply=reply,
                occurred_at=now,
                actor_label="Cán bộ demo",
            )
        for action, after, note in DEMO_CLOCKS.get(code, []):
            day = timezone.localdate(received) + timedelta(days=after)
            report.refresh_from_db()
            if action == "accept":
                workflow.report_accept(report=report, note=note, actor=None, accepted_on=day)
            elif action == "pause":
                workflow.report_pause(report=report, reason=note, actor=None, paused_on=day)
            else:
                workflow.report_resume(report=report, note=note, actor=None, resumed_on=day)
        created += 1
    return created
