"""Shapes of dossier data for citizens. Nothing personal beyond the masked name leaves here.

`context["calendar"]` carries the working-day calendar so deadline fields cost no query.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dossiers.models import Dossier, DossierEvent, DossierSource
from dossiers.texts import MEANING, next_step
from dossiers.workdays import DeadlineState, calendar, deadline_for
from units.serializers import UnitPhoneOutput


class DeadlineOutput(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[
            DeadlineState.OVERDUE,
            DeadlineState.DUE_SOON,
            DeadlineState.ON_TIME,
            DeadlineState.CLOSED,
            DeadlineState.NO_DATE,
        ]
    )
    label = serializers.CharField()
    working_days_left = serializers.IntegerField(allow_null=True, help_text="Số ngày làm việc còn lại đến ngày hẹn")
    working_days_overdue = serializers.IntegerField(allow_null=True, help_text="Số ngày làm việc đã quá hẹn")


class ProcedureBrief(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class UnitContact(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    working_hours = serializers.CharField()
    phones = UnitPhoneOutput(many=True, source="phones.all")


class TimelineOutput(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    by = serializers.SerializerMethodField(help_text="Ai thực hiện, ở mức công dân cần biết")

    class Meta:
        model = DossierEvent
        fields = ["status", "status_label", "occurred_at", "note", "by"]

    def get_by(self, event: DossierEvent) -> str:
        if event.source == DossierSource.SYNC:
            return "Hệ thống một cửa"
        return "Cán bộ tiếp nhận, giải quyết"


class _DeadlineMixin(serializers.Serializer):
    deadline = serializers.SerializerMethodField()

    @extend_schema_field(DeadlineOutput)
    def get_deadline(self, dossier: Dossier) -> dict:
        cal = self.context.get("calendar") or calendar()
        today = self.context.get("today") or timezone.localdate()
        result = deadline_for(appointment_date=dossier.appointment_date, is_open=dossier.is_open, today=today, cal=cal)
        return {
            "state": result.state,
            "label": result.label,
            "working_days_left": result.working_days_left,
            "working_days_overdue": result.working_days_overdue,
        }


class DossierListOutput(_DeadlineMixin, serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    procedure_name = serializers.CharField(source="procedure.name")
    unit_name = serializers.CharField(source="unit.name")
    following = serializers.BooleanField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "procedure_name",
            "unit_name",
            "status",
            "status_label",
            "received_at",
            "appointment_date",
            "deadline",
            "following",
            "updated_at",
        ]


class DossierResultOutput(_DeadlineMixin, serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    meaning = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField()
    channel_label = serializers.CharField(source="get_channel_display")
    procedure = ProcedureBrief()
    unit = UnitContact()
    timeline = TimelineOutput(many=True, source="events.all")
    following = serializers.BooleanField()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "status",
            "status_label",
            "meaning",
            "next_step",
            "procedure",
            "unit",
            "channel",
            "channel_label",
            "received_at",
            "appointment_date",
            "deadline",
            "finished_at",
            "returned_at",
            "reason",
            "supplement_deadline",
            "collect_location",
            "collect_note",
            "fee_due",
            "applicant_name_masked",
            "timeline",
            "following",
            "updated_at",
        ]

    def get_meaning(self, dossier: Dossier) -> str:
        return MEANING[dossier.status]

    def get_next_step(self, dossier: Dossier) -> str:
        return next_step(dossier)


class LookupResultOutput(DossierResultOutput):
    follow_token = serializers.CharField(help_text="Gửi lên /me/follows/ để theo dõi hồ sơ này (hiệu lực 24 giờ)")

    class Meta(DossierResultOutput.Meta):
        fields = [*DossierResultOutput.Meta.fields, "follow_token"]


class FollowOutput(serializers.Serializer):
    dossier_id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
