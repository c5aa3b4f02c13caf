"""Shapes of dossier data for citizens. Nothing personal beyond the masked name leaves here.

`context["calendar"]` carries the working-day calendar so deadline fields cost no query.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dossiers.models import Delivery, Dossier, DossierEvent, DossierSource, DossierStatus
from dossiers.texts import MEANING, next_step, unit_phone
from dossiers.workdays import Calendar, DeadlineState, calendar, deadline_for
from procedures.models import Channel
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
    label = serializers.CharField()  # type: ignore[assignment]
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


class TimelineOutput(serializers.Serializer):
    # Plain serializers (not ModelSerializer): they are built on every lookup, and field introspection
    # was a third of the request's time.
    status = serializers.IntegerField()
    status_label = serializers.CharField(source="get_status_display")
    occurred_at = serializers.DateTimeField()
    note = serializers.CharField()
    by = serializers.SerializerMethodField(help_text="Ai thực hiện, ở mức công dân cần biết")

    def get_by(self, event: DossierEvent) -> str:
        if event.source == DossierSource.SYNC:
            return "Hệ thống một cửa"
        return "Cán bộ tiếp nhận, giải quyết"


def deadline_data(dossier: Dossier, *, cal: Calendar | None = None, today: date | None = None) -> dict:
    result = deadline_for(
        appointment_date=dossier.appointment_date,
        is_open=dossier.is_open,
        today=today or timezone.localdate(),
        cal=cal or calendar(),
    )
    return {
        "state": result.state,
        "label": result.label,
        "working_days_left": result.working_days_left,
        "working_days_overdue": result.working_days_overdue,
    }


class _DeadlineMixin(serializers.Serializer):
    deadline = serializers.SerializerMethodField()

    @extend_schema_field(DeadlineOutput)
    def get_deadline(self, dossier: Dossier) -> dict:
        return deadline_data(dossier, cal=self.context.get("calendar"), today=self.context.get("today"))


class DossierListOutput(_DeadlineMixin, serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    procedure_name = serializers.CharField(source="procedure.name")
    unit_name = serializers.CharField(source="unit.name")
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    received_at = serializers.DateTimeField()
    appointment_date = serializers.DateField(allow_null=True)
    following = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(
        allow_null=True, help_text="Trạng thái được xác nhận lần cuối lúc (bởi hệ thống một cửa hoặc cán bộ)"
    )
    confirmed_by = serializers.CharField()


class DossierResultOutput(_DeadlineMixin, serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    meaning = serializers.SerializerMethodField()
    next_step = serializers.SerializerMethodField()
    procedure = ProcedureBrief()
    unit = UnitContact()
    channel = serializers.ChoiceField(choices=Channel.choices)
    channel_label = serializers.CharField(source="get_channel_display")
    delivery = serializers.ChoiceField(
        choices=Delivery.choices, help_text="Cách nhận kết quả: tại nơi nộp, qua bưu chính, hoặc điện tử (VNeID)"
    )
    delivery_label = serializers.CharField(source="get_delivery_display")
    received_at = serializers.DateTimeField()
    appointment_date = serializers.DateField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    supplement_deadline = serializers.DateField(allow_null=True)
    collect_location = serializers.CharField()
    collect_note = serializers.CharField()
    fee_due = serializers.IntegerField(allow_null=True)
    applicant_name_masked = serializers.CharField()
    timeline = TimelineOutput(many=True, source="events.all")
    following = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(
        allow_null=True, help_text="Trạng thái được xác nhận lần cuối lúc (bởi hệ thống một cửa hoặc cán bộ)"
    )
    confirmed_by = serializers.CharField()

    def get_meaning(self, dossier: Dossier) -> str:
        return MEANING[dossier.status]  # type: ignore[index]

    def get_next_step(self, dossier: Dossier) -> str:
        phones = dossier.unit.phones.all()  # prefetched by selectors.dossier_with_timeline
        return next_step(
            dossier, unit_name=dossier.unit.name, phone=unit_phone(phones), today=self.context.get("today")
        )


class LookupResultOutput(DossierResultOutput):
    follow_token = serializers.CharField(help_text="Gửi lên /me/follows/ để theo dõi hồ sơ này (hiệu lực 24 giờ)")


class FollowOutput(serializers.Serializer):
    dossier_id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
