"""Shapes of dossier data for citizens. Nothing personal beyond the masked name leaves here.

The answer about one dossier (lookup and "my dossiers" detail) is built by lookup.answer; the classes
here document it (DossierResultOutput, LookupResultOutput). The lists are serialized here, with
`context["calendar"]` carrying the working-day calendar so deadline fields cost no query.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dossiers.models import Delivery, Dossier, DossierStatus
from dossiers.workdays import DeadlineData, DeadlineState, deadline_data
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
    phones = UnitPhoneOutput(many=True)


class TimelineOutput(serializers.Serializer):
    status = serializers.IntegerField()
    status_label = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    note = serializers.CharField()
    by = serializers.CharField(read_only=True, help_text="Ai thực hiện, ở mức công dân cần biết")


class _DeadlineMixin(serializers.Serializer):
    deadline = serializers.SerializerMethodField()

    @extend_schema_field(DeadlineOutput)
    def get_deadline(self, dossier: Dossier) -> DeadlineData:
        return deadline_data(
            appointment_date=dossier.appointment_date,
            is_open=dossier.is_open,
            today=self.context.get("today"),
            cal=self.context.get("calendar"),
        )


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


# What lookup.answer builds: documentation only, the answer is never serialized through it (nor its parts).
class DossierResultOutput(_DeadlineMixin, serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    status_label = serializers.CharField()
    meaning = serializers.CharField(read_only=True)
    next_step = serializers.CharField(read_only=True)
    procedure = ProcedureBrief()
    unit = UnitContact()
    channel = serializers.ChoiceField(choices=Channel.choices)
    channel_label = serializers.CharField()
    delivery = serializers.ChoiceField(
        choices=Delivery.choices, help_text="Cách nhận kết quả: tại nơi nộp, qua bưu chính, hoặc điện tử (VNeID)"
    )
    delivery_label = serializers.CharField()
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
    timeline = TimelineOutput(many=True)
    following = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(
        allow_null=True, help_text="Trạng thái được xác nhận lần cuối lúc (bởi hệ thống một cửa hoặc cán bộ)"
    )
    confirmed_by = serializers.CharField()


class LookupResultOutput(DossierResultOutput):
    follow_token = serializers.CharField(help_text="Gửi lên /me/follows/ để theo dõi hồ sơ này (hiệu lực 24 giờ)")


class FollowOutput(serializers.Serializer):
    dossier_id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
