"""The officers' workspace: receive at the counter, record each status change, print the slip.

Every view and change of a dossier is written to the access log; every query is scoped to the unit.
"""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.admin_scoping import AccessLogAdminMixin, ScopedUnitListFilter, UnitScopedAdminMixin
from accounts.admin_scoping import DeadlineListFilter as BaseDeadlineListFilter
from accounts.selectors import officer_of
from common.admin_actions import DEADLINE_COLOURS, ActionDone, ObjectActionAdminMixin, coloured
from common.errors import ApplicationError
from dossiers import selectors, services
from dossiers.admin_forms import DossierChangeForm, DossierReceiveForm, RescheduleForm, StatusChangeForm
from dossiers.models import (
    AccessAction,
    Delivery,
    Dossier,
    DossierAccessLog,
    DossierEvent,
    DossierStatus,
    Holiday,
    HolidayKind,
    HolidayYear,
)
from dossiers.services import lookup_link
from dossiers.workdays import DeadlineState, calendar, deadline_for
from procedures.models import Procedure


class DeadlineListFilter(BaseDeadlineListFilter):
    title = "hạn trả kết quả"

    def filter_deadline(self, queryset: QuerySet[Dossier], *, state: str) -> QuerySet[Dossier]:
        return selectors.dossier_filter_deadline(queryset, state=state)


class EventInline(admin.TabularInline):
    model = DossierEvent
    extra = 0
    can_delete = False
    fields = ["occurred_at", "status", "note", "actor_label", "source"]
    readonly_fields = fields  # type: ignore[assignment]
    ordering = ["occurred_at", "id"]
    verbose_name_plural = "Diễn biến (dòng thời gian công dân nhìn thấy)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _bulk_status_action(target: DossierStatus, description: str):
    def action(modeladmin: DossierAdmin, request: HttpRequest, queryset: QuerySet[Dossier]) -> None:
        done, refused = [], []
        for dossier in queryset:
            try:
                services.dossier_status_change(dossier=dossier, new_status=target, actor=officer_of(request))
            except ApplicationError:
                refused.append(dossier.code)
            else:
                done.append(dossier)
        services.access_log_record_many(
            request=request, action=AccessAction.STATUS, dossiers=done, detail=f"Hàng loạt → {target.label}"
        )
        if done:
            modeladmin.message_user(request, f"Đã chuyển {len(done)} hồ sơ sang «{target.label}».", messages.SUCCESS)
        if refused:
            modeladmin.message_user(
                request,
                f"{len(refused)} hồ sơ không thể chuyển sang «{target.label}» từ trạng thái hiện tại: "
                + ", ".join(refused[:20]),
                messages.WARNING,
            )

    action.__name__ = f"mark_{target.name.lower()}"
    return admin.action(description=description, permissions=["change"])(action)


@admin.register(Dossier)
class DossierAdmin(ObjectActionAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    # What an officer looks for first, then what fits: 1366×900 with the sidebar leaves ~717 px
    # (tests/e2e/test_admin_layout.py). The receipt date is in the date bar above the list.
    list_display = [
        "code",
        "applicant",
        "status_badge",
        "appointment_date",
        "deadline_badge",
        "procedure_name",
        "unit",
    ]
    list_filter = ["status", DeadlineListFilter, ScopedUnitListFilter, "channel", "delivery", "source"]
    search_fields = ["code"]
    list_select_related = ["procedure", "unit"]
    list_per_page = 50
    date_hierarchy = "received_at"
    inlines = [EventInline]
    actions = [
        _bulk_status_action(DossierStatus.PROCESSING, "Chuyển sang «Đang xử lý»"),
        _bulk_status_action(DossierStatus.DONE, "Chuyển sang «Đã xử lý xong» (mời nhận kết quả)"),
        _bulk_status_action(DossierStatus.RETURNED, "Chuyển sang «Đã trả kết quả»"),
    ]
    change_form_template = "admin/dossiers/dossier/change_form.html"
    readonly_on_change = [
        "code",
        "procedure",
        "unit",
        "status_badge",
        "channel",
        "received_at",
        "appointment_date",
        "first_appointment_date",
        "deadline_badge",
        "reason",
        "supplement_deadline",
        "finished_at",
        "returned_at",
        "rejected_at",
        "applicant_name_masked",
        "has_phone",
        "source",
        "source_version",
        "synced_at",
        "created_by",
    ]

    # --- forms ----------------------------------------------------------------------------

    def get_form(self, request: HttpRequest, obj: Dossier | None = None, change: bool = False, **kwargs: Any):
        kwargs["form"] = DossierChangeForm if obj is not None else DossierReceiveForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Dossier | None = None):
        if obj is None:
            return [
                ("Hồ sơ", {"fields": ["code", "procedure", "unit", "channel", "received_at", "appointment_date"]}),
                ("Người nộp", {"fields": ["applicant_name", "applicant_id_number", "applicant_phone"]}),
                ("Trả kết quả", {"fields": ["delivery", "fee_due", "collect_location", "collect_note", "note"]}),
            ]
        return [
            ("Hồ sơ", {"fields": ["code", "procedure", "unit", "channel", "status_badge", "received_at"]}),
            (
                "Hạn và kết quả",
                {
                    "fields": [
                        "appointment_date",
                        "first_appointment_date",
                        "deadline_badge",
                        "reason",
                        "supplement_deadline",
                        "delivery",
                        "fee_due",
                        "collect_location",
                        "collect_note",
                        "finished_at",
                        "returned_at",
                        "rejected_at",
                    ]
                },
            ),
            ("Người nộp", {"fields": ["applicant_name_masked", "has_phone"]}),
            ("Nguồn", {"classes": ["collapse"], "fields": ["source", "source_version", "synced_at", "created_by"]}),
        ]

    def get_inlines(self, request: HttpRequest, obj: Dossier | None = None) -> list[Any]:
        return self.inlines if obj is not None else []  # the timeline starts when the dossier is received

    def get_readonly_fields(self, request: HttpRequest, obj: Dossier | None = None) -> list[str]:
        return self.readonly_on_change if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Procedure:
            kwargs["queryset"] = Procedure.objects.exclude(state="archived").order_by("code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)  # dossiers are records: nobody else deletes them

    def save_model(self, request: HttpRequest, obj: Dossier, form: forms.ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            services.access_log_record(
                request=request, action=AccessAction.CHANGE, dossier=obj, detail=", ".join(form.changed_data)
            )
            return
        data = form.cleaned_data
        created = services.dossier_receive(
            officer=officer_of(request),
            procedure=data["procedure"],
            unit=data["unit"],
            channel=data["channel"],
            applicant_name=data["applicant_name"],
            applicant_id_number=data["applicant_id_number"],
            applicant_phone=data.get("applicant_phone", ""),
            code=data.get("code", ""),
            received_at=data.get("received_at"),
            appointment_date=data.get("appointment_date"),
            delivery=data.get("delivery") or Delivery.COUNTER,
            fee_due=data.get("fee_due"),
            collect_location=data.get("collect_location", ""),
            collect_note=data.get("collect_note", ""),
            note=data.get("note", ""),
        )
        obj.__dict__.update({k: v for k, v in created.__dict__.items() if not k.startswith("_")})
        obj._state.adding = False
        services.access_log_record(request=request, action=AccessAction.CREATE, dossier=created)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if change:
            super().save_related(request, form, formsets, change)
        # On add the service already wrote the first event; the (read-only) inline has nothing to save.

    def response_add(self, request: HttpRequest, obj: Dossier, post_url_continue: str | None = None) -> HttpResponse:
        messages.success(
            request,
            format_html(
                'Đã tiếp nhận hồ sơ <strong>{}</strong>. <a href="{}" target="_blank">In phiếu theo dõi hồ sơ trên Zalo</a>',
                obj.code,
                reverse("admin:dossiers_dossier_slip", args=[obj.pk]),
            ),
        )
        return HttpResponseRedirect(reverse("admin:dossiers_dossier_change", args=[obj.pk]))

    # --- columns --------------------------------------------------------------------------

    @admin.display(description="thủ tục", ordering="procedure__name")
    def procedure_name(self, obj: Dossier) -> str:
        name = obj.procedure.name
        return name if len(name) <= 40 else format_html('<span title="{}">{}…</span>', name, name[:38])

    @admin.display(description="người nộp", ordering="applicant_name_masked")
    def applicant(self, obj: Dossier) -> str:
        return obj.applicant_name_masked or "—"

    @admin.display(description="trạng thái", ordering="status")
    def status_badge(self, obj: Dossier) -> str:
        return format_html("<strong>{}</strong>. {}", obj.status, obj.get_status_display())

    @admin.display(description="hạn")
    def deadline_badge(self, obj: Dossier) -> str:
        result = deadline_for(
            appointment_date=obj.appointment_date, is_open=obj.is_open, today=timezone.localdate(), cal=calendar()
        )
        extra = ""
        if result.state == DeadlineState.OVERDUE:
            extra = f" {result.working_days_overdue} ngày làm việc"
        elif result.state in (DeadlineState.DUE_SOON, DeadlineState.ON_TIME):
            extra = f" (còn {result.working_days_left} ngày làm việc)"
        return coloured(DEADLINE_COLOURS[result.state], "{}{}", result.label, extra)

    @admin.display(description="có số điện thoại", boolean=True)
    def has_phone(self, obj: Dossier) -> bool:
        return bool(obj.applicant_phone_hash)

    # --- access log on every read ---------------------------------------------------------

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "GET":
            services.access_log_record(request=request, action=AccessAction.LIST, detail=request.GET.urlencode())
        return super().changelist_view(request, extra_context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_view_or_change_permission(request, obj):
                services.access_log_record(request=request, action=AccessAction.VIEW, dossier=obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("Không tìm thấy hồ sơ.")
        services.access_log_record(request=request, action=AccessAction.HISTORY, dossier=obj)
        return super().history_view(request, object_id, extra_context)

    # --- extra pages: status change, reschedule, slip --------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/status/", wrap(self.status_view), name="dossiers_dossier_status"),
            path("<path:object_id>/reschedule/", wrap(self.reschedule_view), name="dossiers_dossier_reschedule"),
            path("<path:object_id>/slip/", wrap(self.slip_view), name="dossiers_dossier_slip"),
            *super().get_urls(),
        ]

    action_not_found = "Không tìm thấy hồ sơ."

    def action_log(self, request: HttpRequest, obj: Dossier, *, action: str, detail: str = "") -> None:
        services.access_log_record(request=request, action=action, dossier=obj, detail=detail)

    def action_summary(self, obj: Dossier) -> str:
        appointment = f" · hẹn trả {obj.appointment_date:%d/%m/%Y}" if obj.appointment_date else ""
        return format_html("<p>Trạng thái hiện tại: <strong>{}</strong>{}</p>", obj.get_status_display(), appointment)

    def action_message(self, obj: Dossier, detail: str) -> str:
        return f"Hồ sơ {obj.code}: {detail}."

    def status_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        dossier = self.action_object(request, object_id)
        form = StatusChangeForm(request.POST or None, dossier=dossier)

        def run(data: dict[str, Any]) -> str:
            event = services.dossier_status_change(
                dossier=dossier,
                new_status=data["new_status"],
                note=data["note"],
                actor=officer_of(request),
                reason=data["reason"] or None,
                supplement_deadline=data["supplement_deadline"],
                fee_due=data["fee_due"],
                collect_location=data["collect_location"] or None,
            )
            return event.get_status_display()

        title = f"Chuyển trạng thái hồ sơ {dossier.code}"
        return self.action_view(request, dossier, form=form, title=title, run=run, log_action=AccessAction.STATUS)

    def reschedule_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        dossier = self.action_object(request, object_id)
        form = RescheduleForm(request.POST or None)

        def run(data: dict[str, Any]) -> ActionDone:
            services.dossier_reschedule(
                dossier=dossier,
                new_date=data["new_date"],
                reason=data["reason"],
                actor=officer_of(request),
            )
            return ActionDone(detail="Hẹn lại ngày trả", message=f"Đã hẹn lại ngày trả hồ sơ {dossier.code}.")

        title = f"Hẹn lại ngày trả kết quả hồ sơ {dossier.code}"
        return self.action_view(request, dossier, form=form, title=title, run=run, log_action=AccessAction.CHANGE)

    def slip_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        dossier = self.action_object(request, object_id, change=False, perm="dossiers.print_slip")
        link = lookup_link(dossier.code)
        services.access_log_record(request=request, action=AccessAction.PRINT, dossier=dossier)
        return TemplateResponse(
            request,
            "admin/dossiers/dossier/slip.html",
            {
                "dossier": dossier,
                "link": link,
                "qr_svg": segno.make(link, error="m").svg_inline(scale=4, omitsize=False),
                "site_name": settings.SITE_NAME,
                "printed_at": timezone.localtime(),
            },
        )


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Days the law fixes are written each year by themselves (loại "Theo Bộ luật Lao động"); officers add the
    government's yearly nghỉ bù / làm bù days with the document they come from."""

    list_display = ["date", "weekday", "name", "is_working_day", "kind", "source"]
    list_filter = ["kind", "is_working_day"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
    fields = ["date", "name", "is_working_day", "kind", "source"]

    @admin.display(description="thứ")
    def weekday(self, obj: Holiday) -> str:
        return ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"][obj.date.weekday()]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"kind": HolidayKind.DECISION, **super().get_changeform_initial_data(request)}


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    """One row per year: written by itself from the law, ticked by an officer once checked against the
    government's decision for that year."""

    list_display = ["year", "confirmed", "confirmed_by", "confirmed_at", "generated_at", "note"]
    fields = ["year", "generated_at", "confirmed", "confirmed_by", "confirmed_at", "note"]
    readonly_fields = ["year", "generated_at", "confirmed_by", "confirmed_at"]
    actions = ["confirm"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # years are written by migrate and the daily task, never by hand

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: HolidayYear, form: Any, change: bool) -> None:
        if "confirmed" in form.changed_data:
            obj.confirmed_by = request.user if obj.confirmed else None
            obj.confirmed_at = timezone.now() if obj.confirmed else None
        super().save_model(request, obj, form, change)

    @admin.action(description="Xác nhận đã đối chiếu với văn bản của Chính phủ", permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[HolidayYear]) -> None:
        done = queryset.filter(confirmed=False).update(
            confirmed=True, confirmed_by=request.user, confirmed_at=timezone.now()
        )
        self.message_user(request, f"Đã xác nhận lịch nghỉ của {done} năm.", messages.SUCCESS)


@admin.register(DossierAccessLog)
class DossierAccessLogAdmin(AccessLogAdminMixin, admin.ModelAdmin):
    """Read-only. Leaders see the log of their subtree's dossiers and of their subtree's officers."""

    list_display = ["at", "officer_username", "officer_unit", "action", "dossier_code", "dossier_unit", "ip", "detail"]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["dossier_code", "officer_username"]
    list_select_related = ["officer_unit", "dossier_unit"]
    readonly_fields = [f.name for f in DossierAccessLog._meta.fields]
    record_unit_field = "dossier_unit"
