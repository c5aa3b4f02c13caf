from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.public_url import file_url
from procedures.models import CaseDocument, Faq, Field, Procedure, ProcedureCase, ProcedureChannel, ProcedureStep
from units.serializers import UnitPhoneOutput


class FieldOutput(serializers.ModelSerializer):
    procedure_count = serializers.IntegerField()

    class Meta:
        model = Field
        fields = ["id", "name", "procedure_count"]


class FieldRef(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "name"]


class ProcedureListOutput(serializers.ModelSerializer):
    field = FieldRef()
    level_display = serializers.CharField(source="get_level_display")
    online_level_display = serializers.CharField(source="get_online_level_display")

    class Meta:
        model = Procedure
        fields = [
            "id",
            "code",
            "full_code",
            "name",
            "field",
            "level",
            "level_display",
            "online_level",
            "online_level_display",
            "summary",
        ]


class StepOutput(serializers.ModelSerializer):
    class Meta:
        model = ProcedureStep
        fields = ["order", "title", "content", "logic", "optional"]


class DocumentOutput(serializers.ModelSerializer):
    form_file_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = ["id", "name", "originals", "copies", "note", "form_name", "form_url", "form_file_url"]

    def get_form_file_url(self, obj: CaseDocument) -> str:
        """Absolute: the Mini App opens it from Zalo's host (common/public_url.py)."""
        return file_url(obj.form_file, self.context.get("request"))


class CaseOutput(serializers.ModelSerializer):
    documents = DocumentOutput(many=True)

    class Meta:
        model = ProcedureCase
        fields = ["id", "name", "documents"]


class FeeInForceOutput(serializers.Serializer):
    amount = serializers.IntegerField(allow_null=True, help_text="Số tiền phải nộp hôm nay (đồng)")
    full_amount = serializers.IntegerField(allow_null=True, help_text="Mức thu đầy đủ (đồng)")
    reduction_percent = serializers.IntegerField(allow_null=True, help_text="Phần trăm đang được giảm")
    reduced_until = serializers.DateField(allow_null=True, help_text="Mức giảm áp dụng đến hết ngày này")
    text = serializers.CharField(help_text="Dòng phí, lệ phí để hiển thị")


class ChannelOutput(serializers.ModelSerializer):
    channel_display = serializers.CharField(source="get_channel_display")
    fee_in_force = serializers.SerializerMethodField(help_text="Phí, lệ phí áp dụng hôm nay (giờ Việt Nam)")

    class Meta:
        model = ProcedureChannel
        fields = [
            "channel",
            "channel_display",
            "processing_time",
            "processing_days",
            "fee",
            "fee_amount",
            "fee_in_force",
            "note",
        ]

    @extend_schema_field(FeeInForceOutput)
    def get_fee_in_force(self, channel: ProcedureChannel) -> dict[str, object]:
        return FeeInForceOutput(channel.fee_on(timezone.localdate())).data


class SubmitUnitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    phones = UnitPhoneOutput(many=True)


class ProcedureDetailOutput(ProcedureListOutput):
    steps = StepOutput(many=True)
    cases = CaseOutput(many=True)
    channels = ChannelOutput(many=True)
    units = SubmitUnitOutput(many=True)
    legal_basis = serializers.ListField(child=serializers.CharField())

    class Meta(ProcedureListOutput.Meta):
        fields = ProcedureListOutput.Meta.fields + [
            "agency",
            "portal_url",
            "target",
            "conditions",
            "result",
            "legal_basis",
            "source_url",
            "retrieved_at",
            "steps",
            "cases",
            "channels",
            "units",
        ]


class ProcedureRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class FaqOutput(serializers.ModelSerializer):
    procedure = serializers.SerializerMethodField()

    class Meta:
        model = Faq
        fields = ["id", "question", "answer", "procedure"]

    @extend_schema_field(ProcedureRef(allow_null=True))
    def get_procedure(self, obj: Faq) -> dict | None:
        # A link to an unpublished procedure would lead nowhere.
        if obj.procedure is None or not obj.procedure.is_published:
            return None
        return {"id": obj.procedure.id, "code": obj.procedure.code, "name": obj.procedure.name}
