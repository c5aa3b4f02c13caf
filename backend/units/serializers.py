"""Shapes of unit data for the API. The selectors prefetch everything these read."""

from __future__ import annotations

from rest_framework import serializers

from units.models import Unit, UnitKind, UnitPhone


class UnitKindOutput(serializers.ModelSerializer):
    class Meta:
        model = UnitKind
        fields = ["code", "name", "order"]


class UnitKindBrief(serializers.ModelSerializer):
    class Meta:
        model = UnitKind
        fields = ["code", "name"]


class UnitPhoneOutput(serializers.ModelSerializer):
    label_display = serializers.CharField(source="get_label_display")

    class Meta:
        model = UnitPhone
        fields = ["label", "label_display", "number", "note"]


class UnitListOutput(serializers.ModelSerializer):
    kind = UnitKindBrief()
    phones = UnitPhoneOutput(many=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    children_count = serializers.IntegerField()

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "parent",
            "depth",
            "address",
            "working_hours",
            "phones",
            "latitude",
            "longitude",
            "zalo_oa_url",
            "children_count",
        ]


class UnitRef(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name"]


class UnitChildOutput(serializers.ModelSerializer):
    kind = UnitKindBrief()

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind"]


class UnitDetailOutput(UnitListOutput):
    ancestors = UnitRef(many=True, help_text="Các đơn vị cấp trên, từ gốc xuống")
    children = UnitChildOutput(many=True, source="active_children")
    zalo_oa_id = serializers.CharField(
        source="own_oa_id",
        help_text="Mã Zalo OA riêng của đơn vị (để Mini App mời quan tâm OA); rỗng nếu đơn vị chưa có OA",
    )

    class Meta(UnitListOutput.Meta):
        fields = UnitListOutput.Meta.fields + ["ancestors", "children", "zalo_oa_id"]


class SiteOutput(serializers.Serializer):
    name = serializers.CharField()
    short_name = serializers.CharField()
    province_unit_id = serializers.IntegerField(allow_null=True)
    emergency_number = serializers.CharField()
    zalo_oa_id = serializers.CharField(allow_blank=True)
    zalo_oa_url = serializers.CharField(allow_blank=True)
    is_demo = serializers.BooleanField()
