"""Import/export of procedures (CSV/XLSX) through the admin.

One row per procedure. Simple fields are plain columns; lists are one item per line; steps, cases
(with their documents) and channels are JSON in their cells, the same shape as the API. An import
with any bad row imports nothing (IMPORT_EXPORT_USE_TRANSACTIONS) and the admin lists the errors per
row. Imported procedures are drafts: they go through review like any edit. A row may overwrite
only a draft: published and in-review procedures change through the workflow, not through a file.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from common.spreadsheet import cell_safe, cell_unescape
from procedures.models import Channel, Field, Procedure, ProcedureCase, ProcedureChannel, ProcedureStep
from publishing.models import PublishState
from publishing.services import content_in_scope, content_mark_edited


class LinesWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "\n".join(value or [])


class JSONWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value in (None, ""):
            return []
        try:
            data = json.loads(value) if isinstance(value, str) else value
        except ValueError as exc:
            raise ValueError(f"JSON không hợp lệ: {exc}") from exc
        if not isinstance(data, list):
            raise ValueError("Phải là một danh sách JSON.")
        return data

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return json.dumps(value or [], ensure_ascii=False)


class ProcedureResource(resources.ModelResource):
    field = fields.Field(attribute="field", column_name="field", widget=widgets.ForeignKeyWidget(Field, field="name"))
    legal_basis = fields.Field(attribute="legal_basis", column_name="legal_basis", widget=LinesWidget())
    keywords = fields.Field(attribute="keywords", column_name="keywords", widget=LinesWidget())
    steps = fields.Field(column_name="steps", widget=JSONWidget())
    cases = fields.Field(column_name="cases", widget=JSONWidget())
    channels = fields.Field(column_name="channels", widget=JSONWidget())

    class Meta:
        model = Procedure
        import_id_fields = ["code", "local_suffix"]
        fields = [
            "code",
            "local_suffix",
            "name",
            "field",
            "level",
            "agency",
            "online_level",
            "portal_url",
            "summary",
            "target",
            "conditions",
            "result",
            "legal_basis",
            "keywords",
            "source_url",
            "retrieved_at",
            "steps",
            "cases",
            "channels",
        ]
        skip_unchanged = False
        clean_model_instances = True

    # --- export --------------------------------------------------------------------------------
    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        """Every exported cell goes through the CSV-injection guard (common/spreadsheet.py); the package's
        own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT would delete a leading "=" instead, and only that one."""
        return cell_safe(super().export_field(field, instance, **kwargs))

    def dehydrate_steps(self, obj: Procedure) -> str:
        return json.dumps(
            [
                {"title": s.title, "content": s.content, "logic": s.logic, "optional": s.optional}
                for s in obj.steps.all()
            ],
            ensure_ascii=False,
        )

    def dehydrate_cases(self, obj: Procedure) -> str:
        return json.dumps(
            [
                {
                    "name": c.name,
                    "documents": [
                        {
                            "name": d.name,
                            "originals": d.originals,
                            "copies": d.copies,
                            "note": d.note,
                            "form_name": d.form_name,
                            "form_url": d.form_url,
                        }
                        for d in c.documents.all()
                    ],
                }
                for c in obj.cases.all()
            ],
            ensure_ascii=False,
        )

    def dehydrate_channels(self, obj: Procedure) -> str:
        return json.dumps(
            [
                {
                    "channel": c.channel,
                    "processing_time": c.processing_time,
                    "processing_days": c.processing_days,
                    "fee": c.fee,
                    "fee_amount": c.fee_amount,
                    "reduction_percent": c.reduction_percent,
                    "reduction_valid_from": c.reduction_valid_from.isoformat() if c.reduction_valid_from else None,
                    "reduction_valid_to": c.reduction_valid_to.isoformat() if c.reduction_valid_to else None,
                    "reduction_basis": c.reduction_basis,
                    "note": c.note,
                }
                for c in obj.channels.all()
            ],
            ensure_ascii=False,
        )

    # --- import ----------------------------------------------------------------------------------
    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        for column, value in list(row.items()):
            row[column] = cell_unescape(value)  # a file exported here comes back with its quotes removed
        for column in ("steps", "cases", "channels"):
            data = JSONWidget().clean(row.get(column))
            validate_nested(column, data)
        row["local_suffix"] = row.get("local_suffix") or ""

    def after_init_instance(self, instance: Procedure, new: bool, row: Any, **kwargs: Any) -> None:
        user = kwargs.get("user")
        if user is not None and not user.has_perm("procedures.add_procedure" if new else "procedures.change_procedure"):
            raise ValidationError("Bạn không có quyền thêm hoặc sửa thủ tục.")
        if user is not None and not new and not content_in_scope(user=user, item=instance):
            # The code is unique across the province: a unit's import never overwrites another unit's procedure.
            raise ValidationError(f"Thủ tục {instance.code} thuộc đơn vị khác; bạn không sửa được.")
        if user is not None and new:
            instance.owner_unit_id = getattr(user, "unit_id", None)  # the importer's unit owns what it adds
        if user is not None:
            content_mark_edited(item=instance, user=user)  # the importer may not approve what they imported
        if not new and instance.state != PublishState.DRAFT:
            # Published and in-review content changes only through the workflow: reopen it first.
            raise ValidationError(
                f"Thủ tục {instance.code} đang ở trạng thái «{instance.get_state_display()}»; "
                "chỉ nhập đè được bản nháp (người duyệt mở lại để sửa trước)."
            )

    def before_save_instance(self, instance: Procedure, row: Any, **kwargs: Any) -> None:
        instance.state = PublishState.DRAFT  # imported content is reviewed like any edit

    def after_save_instance(self, instance: Procedure, row: Any, **kwargs: Any) -> None:
        if kwargs.get("dry_run"):
            return
        procedure_replace_nested(
            procedure=instance,
            steps=JSONWidget().clean(row.get("steps")),
            cases=JSONWidget().clean(row.get("cases")),
            channels=JSONWidget().clean(row.get("channels")),
        )


def validate_nested(column: str, data: list[Any]) -> None:
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise ValidationError(f"{column}[{index}]: phải là một đối tượng JSON.")
        if column == "steps" and not str(item.get("title", "")).strip():
            raise ValidationError(f"steps[{index}]: thiếu 'title'.")
        if column == "cases":
            if not str(item.get("name", "")).strip():
                raise ValidationError(f"cases[{index}]: thiếu 'name'.")
            for d_index, document in enumerate(item.get("documents") or [], start=1):
                if not isinstance(document, dict) or not str(document.get("name", "")).strip():
                    raise ValidationError(f"cases[{index}].documents[{d_index}]: thiếu 'name'.")
        if column == "channels" and item.get("channel") not in Channel.values:
            raise ValidationError(f"channels[{index}]: 'channel' phải là một trong {', '.join(Channel.values)}.")


def procedure_replace_nested(*, procedure: Procedure, steps: list, cases: list, channels: list) -> None:
    """Replace the steps, cases with documents, and channels of a procedure (import and demo loader)."""
    procedure.steps.all().delete()
    procedure.cases.all().delete()
    procedure.channels.all().delete()
    ProcedureStep.objects.bulk_create(
        ProcedureStep(
            procedure=procedure,
            order=i,
            title=s["title"],
            content=s.get("content", ""),
            logic=s.get("logic", "and") if s.get("logic") in ("and", "or") else "and",
            optional=bool(s.get("optional", False)),
        )
        for i, s in enumerate(steps)
    )
    for i, case_data in enumerate(cases):
        case = ProcedureCase.objects.create(procedure=procedure, order=i, name=case_data["name"])
        case.documents.bulk_create(
            case.documents.model(
                case=case,
                order=j,
                name=d["name"],
                originals=int(d.get("originals") or 0),
                copies=int(d.get("copies") or 0),
                note=d.get("note", ""),
                form_name=d.get("form_name", ""),
                form_url=d.get("form_url", ""),
            )
            for j, d in enumerate(case_data.get("documents") or [])
        )
    ProcedureChannel.objects.bulk_create(
        ProcedureChannel(
            procedure=procedure,
            channel=c["channel"],
            processing_time=c.get("processing_time", ""),
            processing_days=c.get("processing_days"),
            fee=c.get("fee", ""),
            fee_amount=c.get("fee_amount"),
            reduction_percent=c.get("reduction_percent"),
            reduction_valid_from=c.get("reduction_valid_from"),
            reduction_valid_to=c.get("reduction_valid_to"),
            reduction_basis=c.get("reduction_basis", ""),
            note=c.get("note", ""),
        )
        for c in channels
    )
