"""Shapes of report data for citizens: the form's configuration and the tracking answer (status, dates
and replies — nothing about the unit's work, the sender or the files)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from reports import clocks
from reports.models import ClockStart, ClockUnit, EventType, LegalTrack, Outcome, Report, ReportKind, ReportStatus
from reports.texts import citizen_meaning, deadline_label


class KindOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    legal_basis = serializers.CharField()
    legal_track = serializers.ChoiceField(choices=LegalTrack.choices, help_text="Luật mà loại tin này theo")
    accept_amount = serializers.IntegerField(allow_null=True, help_text="Thời hạn thụ lý (null: không có bước thụ lý)")
    accept_unit = serializers.ChoiceField(choices=ClockUnit.choices)
    clock_amount = serializers.IntegerField(allow_null=True, help_text="Thời hạn giải quyết (null: không có)")
    clock_unit = serializers.ChoiceField(
        choices=ClockUnit.choices, help_text="calendar: ngày theo lịch; working: ngày làm việc; months: tháng"
    )
    clock_start = serializers.ChoiceField(
        choices=ClockStart.choices, help_text="Thời hạn tính từ ngày tiếp nhận hay thụ lý"
    )
    clock_text = serializers.SerializerMethodField(help_text="Thời hạn bằng lời, để hiện cho công dân")
    allows_anonymous = serializers.BooleanField()
    asks_occurred_at = serializers.BooleanField()
    asks_location = serializers.BooleanField()
    requires_location = serializers.BooleanField()
    asks_vehicle_plate = serializers.BooleanField()
    requires_media = serializers.BooleanField()

    def get_clock_text(self, kind: ReportKind) -> str:
        parts = [clocks.accept_text(kind), clocks.clock_text(kind)]
        text = "; ".join(p for p in parts if p)
        return f"Thời hạn: {text}" if text else ""


class EmergencyOutput(serializers.Serializer):
    number = serializers.CharField()
    text = serializers.CharField()


class AnonymityOutput(serializers.Serializer):
    anonymous = serializers.CharField(help_text="Ai thấy gì khi gửi ẩn danh")
    named = serializers.CharField(help_text="Ai thấy gì khi gửi kèm danh tính")


class LimitsOutput(serializers.Serializer):
    max_files = serializers.IntegerField()
    max_photo_bytes = serializers.IntegerField()
    max_video_bytes = serializers.IntegerField()
    max_total_bytes = serializers.IntegerField()


class FormOutput(serializers.Serializer):
    emergency = EmergencyOutput()
    anonymity = AnonymityOutput()
    false_report_warning = serializers.CharField()
    limits = LimitsOutput()
    kind_guide = serializers.CharField(help_text="Chọn khiếu nại hay tố cáo: giải thích ngắn")
    kinds = KindOutput(many=True)


class AreaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    parent_name = serializers.CharField(source="parent.name", default="")


class SubmittedOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Mã theo dõi")
    secret = serializers.CharField(help_text="Mã bí mật: chỉ hiện một lần, cần cùng mã theo dõi để tra cứu")
    kind = serializers.CharField()
    is_anonymous = serializers.BooleanField()
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    due_date_label = serializers.CharField(help_text="Hạn này là hạn gì: thụ lý (tố cáo, khiếu nại) hay giải quyết")


class HistoryOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    status_label = serializers.CharField(help_text="Trạng thái, hoặc tên kết quả ở bước kết thúc")
    at = serializers.DateTimeField()


class ReplyOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()


class TrackOutput(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField(source="kind.name")
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    status_meaning = serializers.SerializerMethodField()
    outcome = serializers.ChoiceField(
        choices=[("", ""), *Outcome.choices], help_text="Kết quả theo luật; rỗng khi chưa có"
    )
    outcome_label = serializers.CharField(source="get_outcome_display")
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    due_date_label = serializers.SerializerMethodField(
        help_text="Hạn này là hạn gì (thụ lý, giải quyết, đang tạm dừng)"
    )
    paused_since = serializers.DateField(
        source="paused_on", allow_null=True, help_text="Đang tạm đình chỉ từ ngày này (null: không tạm dừng)"
    )
    closed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    history = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    def get_status_meaning(self, report: Report) -> str:
        return citizen_meaning(report)

    def get_due_date_label(self, report: Report) -> str:
        return deadline_label(report)

    def get_history(self, report: Report) -> list[dict[str, Any]]:
        steps = [e for e in report.events.all() if e.type != EventType.REPLY]
        return HistoryOutput(  # type: ignore[return-value]
            [
                {
                    "status": e.status,
                    "status_label": Outcome(e.outcome).label if e.outcome else ReportStatus(e.status).label,
                    "at": e.occurred_at,
                }
                for e in steps
            ],
            many=True,
        ).data

    def get_replies(self, report: Report) -> list[dict[str, Any]]:
        replies = [e for e in report.events.all() if e.type == EventType.REPLY]
        return ReplyOutput([{"at": e.occurred_at, "text": e.reply} for e in replies], many=True).data  # type: ignore[return-value]


class MyReportOutput(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField(source="kind.name")
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    received_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
