"""Shapes of report data for citizens: the form's configuration and the tracking answer (status, dates
and replies — nothing about the unit's work, the sender or the files)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from reports.models import EventType, Report, ReportStatus
from reports.texts import STATUS_MEANING


class KindOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    legal_basis = serializers.CharField()
    clock_days = serializers.IntegerField(allow_null=True, help_text="Thời hạn giải quyết (ngày)")
    clock_unit = serializers.CharField(help_text="calendar: ngày theo lịch; working: ngày làm việc")
    allows_anonymous = serializers.BooleanField()
    asks_occurred_at = serializers.BooleanField()
    asks_location = serializers.BooleanField()
    requires_location = serializers.BooleanField()
    asks_vehicle_plate = serializers.BooleanField()
    requires_media = serializers.BooleanField()


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


class HistoryOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    status_label = serializers.CharField()
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
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    history = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    def get_status_meaning(self, report: Report) -> str:
        return STATUS_MEANING[ReportStatus(report.status)]

    def get_history(self, report: Report) -> list[dict[str, Any]]:
        steps = [e for e in report.events.all() if e.type != EventType.REPLY]
        return HistoryOutput(
            [{"status": e.status, "status_label": ReportStatus(e.status).label, "at": e.occurred_at} for e in steps],
            many=True,
        ).data

    def get_replies(self, report: Report) -> list[dict[str, Any]]:
        replies = [e for e in report.events.all() if e.type == EventType.REPLY]
        return ReplyOutput([{"at": e.occurred_at, "text": e.reply} for e in replies], many=True).data


class MyReportOutput(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField(source="kind.name")
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    received_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
