"""The officers' workspace for reports: scoped to the unit subtree, every read and action in the access
log, attachments opened only through the authorised view (never a URL to the file itself)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import date as date_format
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from accounts.admin_scoping import AccessLogAdminMixin, ScopedUnitListFilter, UnitScopedAdminMixin
from accounts.admin_scoping import DeadlineListFilter as BaseDeadlineListFilter
from accounts.selectors import officer_of
from common.admin_actions import DEADLINE_COLOURS, ObjectActionAdminMixin, coloured
from common.crypto import decrypt_text
from common.errors import ApplicationError
from dossiers.workdays import DeadlineState, calendar, deadline_for
from reports import clocks, selectors, workflow
from reports.models import (
    AccessAction,
    ClockUnit,
    Coverage,
    EventType,
    ExtensionMode,
    Report,
    ReportAccessLog,
    ReportEvent,
    ReportKind,
    ReportStatus,
)
from units.models import Unit


class StatusForm(forms.Form):
    new_status = forms.ChoiceField(label="Trạng thái mới")
    note = forms.CharField(
        label="Ghi chú (nội bộ)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc: căn cứ, kết quả xác minh.",
    )

    def __init__(self, *args: Any, report: Report, can_mark_spam: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = workflow.allowed_statuses(report)
        self.fields["new_status"].choices = [  # type: ignore[attr-defined]
            (s.value, s.label) for s in ReportStatus if s in allowed and (can_mark_spam or s != ReportStatus.SPAM)
        ]


class ForwardForm(forms.Form):
    to_unit = forms.ModelChoiceField(label="Chuyển đến đơn vị", queryset=Unit.objects.none())
    note = forms.CharField(label="Lý do chuyển", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any active unit of the province: the competent one may lie outside the officer's subtree.
        self.fields["to_unit"].queryset = (  # type: ignore[attr-defined]
            Unit.objects.filter(is_active=True).exclude(pk=report.unit_id).order_by("path")
        )


DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _decision_day(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=DATE_INPUT, help_text="Để trống: hôm nay. Không được sau hôm nay."
    )


class ExtendForm(forms.Form):
    new_due_date = forms.DateField(label="Hạn mới", widget=DATE_INPUT, required=False)
    reason = forms.CharField(
        label="Lý do gia hạn (căn cứ)", widget=forms.Textarea(attrs={"rows": 3}), help_text="Ví dụ: vụ việc phức tạp."
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        step, limit = workflow.report_extension_next(report)
        field = self.fields["new_due_date"]
        if step is None:
            field.required = True
            field.help_text = "Loại tin này không có giới hạn gia hạn theo luật: chọn ngày sau hạn hiện tại."
        elif limit is None:
            field.help_text = "Đã dùng hết số lần gia hạn theo luật."
        else:
            field.help_text = (
                f"Lần gia hạn này: {clocks.step_text(step)}, tức muộn nhất {limit:%d/%m/%Y}. "
                "Để trống: gia hạn đến ngày muộn nhất đó; có thể chọn ngày sớm hơn."
            )


class AcceptForm(forms.Form):
    accepted_on = _decision_day("Ngày ra quyết định thụ lý")
    note = forms.CharField(label="Ghi chú (nội bộ)", widget=forms.Textarea(attrs={"rows": 3}))


class PauseForm(forms.Form):
    paused_on = _decision_day("Ngày ra quyết định tạm đình chỉ")
    reason = forms.CharField(
        label="Lý do tạm đình chỉ (căn cứ)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ví dụ: chờ kết quả giám định, định giá tài sản, tương trợ tư pháp. Thời hạn ngừng tính từ sau ngày này.",
    )


class ResumeForm(forms.Form):
    resumed_on = _decision_day("Ngày ra quyết định phục hồi giải quyết")
    note = forms.CharField(
        label="Ghi chú (nội bộ)",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Hạn giải quyết lùi thêm đúng bằng thời gian đã tạm đình chỉ.",
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Kết quả")
    decided_on = _decision_day("Ngày ra quyết định, kết luận")
    note = forms.CharField(
        label="Ghi chú (nội bộ)", widget=forms.Textarea(attrs={"rows": 3}), help_text="Số, ngày quyết định; căn cứ."
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in workflow.outcomes_allowed(report)]  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="Trả lời công dân",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Công dân đọc được khi tra cứu bằng mã; người gửi kèm danh tính nhận qua Zalo. Viết dễ hiểu.",
    )


class DeadlineListFilter(BaseDeadlineListFilter):
    title = "hạn giải quyết"
    STATES = (*BaseDeadlineListFilter.STATES, ("paused", "Tạm đình chỉ (thời hạn ngừng tính)"))  # type: ignore[assignment]

    def filter_deadline(self, queryset: QuerySet[Report], *, state: str) -> QuerySet[Report]:
        if state == "paused":
            return queryset.filter(status=ReportStatus.SUSPENDED)
        return selectors.report_filter_deadline(queryset, state=state)


class EventInline(admin.TabularInline):
    model = ReportEvent
    fk_name = "report"
    extra = 0
    can_delete = False
    fields = [
        "occurred_at",
        "type",
        "status",
        "outcome",
        "effective_on",
        "from_unit",
        "to_unit",
        "previous_due_date",
        "due_date",
        "note",
        "reply",
        "actor_label",
    ]
    readonly_fields = fields  # type: ignore[assignment]
    verbose_name_plural = (
        "Diễn biến (chuyển trạng thái, chuyển đơn vị, thụ lý, gia hạn, tạm đình chỉ, phục hồi, kết quả, trả lời)"
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(description="Đánh dấu là tin rác (không xử lý, không gửi tin nhắn)", permissions=["mark_spam"])
def mark_spam(modeladmin: ReportAdmin, request: HttpRequest, queryset: QuerySet[Report]) -> None:
    done, refused = [], []
    for report in queryset:  # already scoped to the officer's subtree by get_queryset
        try:
            workflow.report_status_change(
                report=report,
                new_status=ReportStatus.SPAM,
                note="Đánh dấu tin rác",
                actor=officer_of(request),
            )
        except ApplicationError:
            refused.append(report.code)
        else:
            done.append(report.code)
            workflow.access_log_record(request=request, action=AccessAction.STATUS, report=report, detail="Tin rác")
    if done:
        modeladmin.message_user(request, f"Đã đánh dấu {len(done)} tin rác.", messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request,
            "Không đánh dấu được (đang giải quyết hoặc đã kết thúc): " + ", ".join(refused[:20]),
            messages.WARNING,
        )


@admin.register(Report)
class ReportAdmin(ObjectActionAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "kind", "unit", "status", "received_at", "due_date", "deadline_badge", "is_anonymous"]
    list_filter = ["status", DeadlineListFilter, "kind", ScopedUnitListFilter, "is_anonymous"]
    search_fields = ["code"]
    list_select_related = ["kind", "unit"]
    list_per_page = 50
    date_hierarchy = "received_at"
    inlines = [EventInline]
    actions = [mark_spam]
    change_form_template = "admin/reports/report/change_form.html"
    fieldsets = [
        (
            "Tin báo",
            {
                "fields": [
                    "code",
                    "kind",
                    "unit",
                    "status",
                    "outcome",
                    "received_at",
                    "accepted_on",
                    "paused_on",
                    "due_date",
                    "deadline_badge",
                    "clock_rule",
                    "closed_at",
                ]
            },
        ),
        ("Nội dung", {"fields": ["description", "occurred_at", "vehicle_plate", "place", "attachment_links"]}),
        ("Người gửi", {"fields": ["is_anonymous", "sender"]}),
    ]
    # Nothing is edited in place (every change is an action above the form): every field shown is read-only.
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]  # type: ignore[misc]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        return super().get_queryset(request).select_related("kind", "unit", "area", "citizen")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from citizens only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_mark_spam_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("reports.mark_spam"))

    # --- columns ------------------------------------------------------------------------

    @admin.display(description="hạn")
    def deadline_badge(self, obj: Report) -> str:
        """The clock as an officer needs it: whose deadline, how much is left, or stopped since when."""
        cal = calendar()
        unit = obj.kind.accept_unit if obj.awaits_acceptance else obj.kind.clock_unit
        if obj.is_paused and obj.due_date is not None and obj.paused_on is not None:
            left = clocks.time_left(obj.due_date, today=obj.paused_on, unit=unit, cal=cal)
            return coloured(
                DEADLINE_COLOURS[DeadlineState.CLOSED],
                "Tạm đình chỉ từ {} — thời hạn ngừng tính ({} khi phục hồi)",
                f"{obj.paused_on:%d/%m/%Y}",
                clocks.days_text(left, unit),
            )
        today = timezone.localdate()
        result = deadline_for(appointment_date=obj.due_date, is_open=obj.is_open, today=today, cal=cal)
        if result.state == DeadlineState.NO_DATE:
            return "Không có thời hạn"
        if result.state == DeadlineState.CLOSED:
            return coloured(DEADLINE_COLOURS[result.state], "{}", result.label)
        assert obj.due_date is not None
        which = "thụ lý" if obj.awaits_acceptance else "giải quyết"
        return coloured(
            DEADLINE_COLOURS[result.state],
            "{} (hạn {} {}, {})",
            result.label,
            which,
            f"{obj.due_date:%d/%m/%Y}",
            clocks.days_text(clocks.time_left(obj.due_date, today=today, unit=unit, cal=cal), unit),
        )

    @admin.display(description="quy định thời hạn")
    def clock_rule(self, obj: Report) -> str:
        parts = [clocks.accept_text(obj.kind), clocks.clock_text(obj.kind)]
        return "; ".join(p for p in parts if p).capitalize() or "Không có thời hạn"

    @admin.display(description="nơi xảy ra")
    def place(self, obj: Report) -> str:
        parts = [obj.address, obj.area.name if obj.area else ""]
        if obj.latitude is not None:
            parts.append(f"tọa độ {obj.latitude}, {obj.longitude} ({obj.get_location_source_display()})")
        return "; ".join(p for p in parts if p) or "—"

    @admin.display(description="ảnh/video")
    def attachment_links(self, obj: Report) -> str:
        attachments = list(obj.attachments.all())
        if not attachments:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{} {} ({} KB)</a>',
            (
                (
                    reverse("admin:reports_report_attachment", args=[obj.pk, a.pk]),
                    a.get_media_type_display(),
                    i + 1,
                    a.size // 1024,
                )
                for i, a in enumerate(attachments)
            ),
        )

    @admin.display(description="người gửi")
    def sender(self, obj: Report) -> str:
        if obj.is_anonymous:
            return "Ẩn danh (hệ thống không lưu danh tính)"
        name = decrypt_text(obj.contact_name_encrypted) if obj.contact_name_encrypted else ""
        phone = decrypt_text(obj.contact_phone_encrypted) if obj.contact_phone_encrypted else ""
        zalo = f"Công dân Zalo #{obj.citizen_id}" if obj.citizen_id else "không đăng nhập"
        return " · ".join(p for p in [name, phone, zalo] if p)

    # --- access log on every read ---------------------------------------------------------

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "GET":
            workflow.access_log_record(request=request, action=AccessAction.LIST, detail=request.GET.urlencode())
        return super().changelist_view(request, extra_context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None):
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_view_or_change_permission(request, obj):
                workflow.access_log_record(request=request, action=AccessAction.VIEW, report=obj)
        # Nothing on the page is edited in place: every change is one of the actions above the form.
        no_save = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        obj = self.get_object(request, unquote(object_id))
        actions = self.clock_actions(obj) if obj is not None else []
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), **no_save, "clock_actions": actions}
        )

    def clock_actions(self, obj: Report) -> list[tuple[str, str]]:
        """The clock's actions that apply to the report as it stands (links above the form)."""
        actions: list[tuple[str, str]] = []
        if obj.awaits_acceptance and obj.status in workflow.OPEN_FOR_ACCEPTANCE:
            actions.append(("accept", "Thụ lý"))
        if obj.is_paused:
            actions.append(("resume", "Phục hồi giải quyết"))
        elif obj.kind.allows_pause and obj.is_open and not obj.awaits_acceptance and obj.due_date is not None:
            actions.append(("pause", "Tạm đình chỉ"))
        if workflow.outcomes_allowed(obj):
            actions.append(("outcome", "Ghi kết quả"))
        return [(reverse(f"admin:reports_report_{name}", args=[obj.pk]), label) for name, label in actions]

    # --- extra pages ----------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/status/", wrap(self.status_view), name="reports_report_status"),
            path("<path:object_id>/forward/", wrap(self.forward_view), name="reports_report_forward"),
            path("<path:object_id>/extend/", wrap(self.extend_view), name="reports_report_extend"),
            path("<path:object_id>/accept/", wrap(self.accept_view), name="reports_report_accept"),
            path("<path:object_id>/pause/", wrap(self.pause_view), name="reports_report_pause"),
            path("<path:object_id>/resume/", wrap(self.resume_view), name="reports_report_resume"),
            path("<path:object_id>/outcome/", wrap(self.outcome_view), name="reports_report_outcome"),
            path("<path:object_id>/reply/", wrap(self.reply_view), name="reports_report_reply"),
            path("<path:object_id>/receipt/", wrap(self.receipt_view), name="reports_report_receipt"),
            path(
                "<path:object_id>/attachments/<int:attachment_id>/",
                wrap(self.attachment_view),
                name="reports_report_attachment",
            ),
            *super().get_urls(),
        ]

    action_not_found = "Không tìm thấy tin báo."

    def action_log(self, request: HttpRequest, obj: Report, *, action: str, detail: str = "") -> None:
        workflow.access_log_record(request=request, action=action, report=obj, detail=detail)

    def action_page_read(self, request: HttpRequest, obj: Report) -> None:
        # The page shows the report's text: reading it is logged like the detail page.
        self.action_log(request, obj, action=AccessAction.VIEW)

    def action_message(self, obj: Report, detail: str) -> str:
        return f"Tin {obj.code}: {detail}."

    def action_summary(self, obj: Report) -> str:
        """The report's state and clock, its text and the replies already sent: what the officer acts on."""
        due = f"{obj.due_date:%d/%m/%Y}" if obj.due_date else "không có"
        paused = f" · tạm đình chỉ từ {obj.paused_on:%d/%m/%Y} (thời hạn ngừng tính)" if obj.paused_on else ""
        replies = format_html_join(
            "\n",
            '<div class="form-row"><strong>Đã trả lời lúc {}:</strong> <div style="white-space:pre-wrap">{}</div></div>',
            (
                (date_format(event.occurred_at, "H:i d/m/Y"), event.reply)
                for event in obj.events.filter(type=EventType.REPLY).order_by("occurred_at")
            ),
        )
        return format_html(
            "<p>{} · đơn vị: <strong>{}</strong> · trạng thái: <strong>{}</strong> · hạn{}: {}{}</p>\n"
            '<fieldset class="module" id="report-content"><h2>Nội dung tin (nhận lúc {})</h2>\n'
            '<div class="form-row"><div style="white-space:pre-wrap">{}</div></div>\n{}</fieldset>',
            obj.kind.name,
            obj.unit.name,
            obj.get_status_display(),
            " thụ lý" if obj.awaits_acceptance else "",
            due,
            paused,
            date_format(obj.received_at, "H:i d/m/Y"),
            obj.description,
            replies,
        )

    def status_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id)
        can_spam = request.user.has_perm("reports.mark_spam")
        form = StatusForm(request.POST or None, report=report, can_mark_spam=can_spam)

        def run(data: dict[str, Any]) -> str:
            if data["new_status"] == ReportStatus.SPAM and not can_spam:
                raise PermissionDenied
            event = workflow.report_status_change(
                report=report,
                new_status=data["new_status"],
                note=data["note"],
                actor=officer_of(request),
            )
            return event.get_status_display()

        title = f"Chuyển trạng thái tin {report.code}"
        return self.action_view(request, report, form=form, title=title, run=run, log_action=AccessAction.STATUS)

    def forward_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id, perm="reports.forward_report")
        form = ForwardForm(request.POST or None, report=report)

        def run(data: dict[str, Any]) -> str:
            workflow.report_forward(
                report=report, to_unit=data["to_unit"], note=data["note"], actor=officer_of(request)
            )
            return f"chuyển đến {data['to_unit'].name}"

        title = f"Chuyển tin {report.code} sang đơn vị khác"
        return self.action_view(request, report, form=form, title=title, run=run, log_action=AccessAction.FORWARD)

    def extend_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id)
        form = ExtendForm(request.POST or None, report=report)

        def run(data: dict[str, Any]) -> str:
            workflow.report_deadline_extend(
                report=report,
                new_due_date=data["new_due_date"],
                reason=data["reason"],
                actor=officer_of(request),
            )
            return f"gia hạn đến {report.due_date:%d/%m/%Y}"

        title = f"Gia hạn giải quyết tin {report.code}"
        return self.action_view(request, report, form=form, title=title, run=run, log_action=AccessAction.EXTEND)

    def accept_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id)
        form = AcceptForm(request.POST or None)

        def run(data: dict[str, Any]) -> str:
            workflow.report_accept(
                report=report,
                accepted_on=data["accepted_on"],
                note=data["note"],
                actor=officer_of(request),
            )
            due = f", hạn giải quyết {report.due_date:%d/%m/%Y}" if report.due_date else ""
            return f"đã thụ lý ngày {report.accepted_on:%d/%m/%Y}{due}"

        title = f"Thụ lý tin {report.code}"
        return self.action_view(request, report, form=form, title=title, run=run, log_action=AccessAction.ACCEPT)

    def pause_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id)
        form = PauseForm(request.POST or None)

        def run(data: dict[str, Any]) -> str:
            workflow.report_pause(
                report=report, paused_on=data["paused_on"], reason=data["reason"], actor=officer_of(request)
            )
            return f"tạm đình chỉ từ {report.paused_on:%d/%m/%Y}, thời hạn ngừng tính"

        title = f"Tạm đình chỉ giải quyết tin {report.code}"
        return self.action_view(request, report, form=form, title=title, run=run, log_action=AccessAction.PAUSE)

    def resume_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id)
        form = ResumeForm(request.POST or None)

        def run(data: dict[str, Any]) -> str:
            workflow.report_resume(
                report=report, resumed_on=data["resumed_on"], note=data["note"], actor=officer_of(request)
            )
            due = f", hạn mới {report.due_date:%d/%m/%Y}" if report.due_date else ""
            return f"đã phục hồi giải quyết{due}"

        title = f"Phục hồi giải quyết tin {report.code}"
        return self.action_view(request, report, form=form, title=title, run=run, log_action=AccessAction.RESUME)

    def outcome_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id)
        form = OutcomeForm(request.POST or None, report=report)

        def run(data: dict[str, Any]) -> str:
            event = workflow.report_outcome(
                report=report,
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                note=data["note"],
                actor=officer_of(request),
            )
            return event.get_outcome_display()

        title = f"Ghi kết quả giải quyết tin {report.code}"
        return self.action_view(request, report, form=form, title=title, run=run, log_action=AccessAction.OUTCOME)

    def reply_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id)
        form = ReplyForm(request.POST or None)

        def run(data: dict[str, Any]) -> str:
            workflow.report_reply(report=report, reply=data["reply"], actor=officer_of(request))
            return "đã gửi trả lời"

        title = f"Trả lời công dân về tin {report.code}"
        return self.action_view(request, report, form=form, title=title, run=run, log_action=AccessAction.REPLY)

    def receipt_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        report = self.action_object(request, object_id, change=False, perm="reports.print_receipt")
        workflow.access_log_record(request=request, action=AccessAction.PRINT, report=report)
        return TemplateResponse(
            request,
            "admin/reports/report/receipt.html",
            {
                "report": report,
                "place": self.place(report),
                "attachments": list(report.attachments.all()),
                "site_name": settings.SITE_NAME,
                "printed_at": timezone.localtime(),
                "officer": request.user,
            },
        )

    def attachment_view(self, request: HttpRequest, object_id: str, attachment_id: int) -> HttpResponse:
        """Stream one attachment after the unit-scope check; every opening is written to the access log."""
        if not request.user.has_perm("reports.view_attachment"):
            raise PermissionDenied
        attachment = selectors.attachment_for_officer(officer=officer_of(request), attachment_id=attachment_id)
        if attachment is None or str(attachment.report_id) != unquote(object_id):
            raise Http404("Không tìm thấy tệp.")
        workflow.access_log_record(
            request=request, action=AccessAction.ATTACHMENT, report=attachment.report, attachment=attachment
        )
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
        response["Content-Disposition"] = (
            f'inline; filename="{attachment.report.code}-{attachment.pk}.{attachment.file.name.rsplit(".", 1)[-1]}"'  # type: ignore[union-attr]
        )
        response["Cache-Control"] = "no-store, private"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
        return response  # type: ignore[return-value]


STEP_LINE = re.compile(r"^(tổng cộng|thêm)\s+(\d{1,3})\s+(ngày làm việc|ngày|tháng)$")
STEP_MODES = {"tổng cộng": ExtensionMode.UNTIL, "thêm": ExtensionMode.ADD}
STEP_UNITS = {"ngày làm việc": ClockUnit.WORKING, "ngày": ClockUnit.CALENDAR, "tháng": ClockUnit.MONTHS}


def steps_as_lines(steps: list[dict[str, Any]]) -> str:
    modes = {v: k for k, v in STEP_MODES.items()}
    units = {v: k for k, v in STEP_UNITS.items()}
    return "\n".join(f"{modes[s['mode']]} {s['amount']} {units[s['unit']]}" for s in steps)


class StepsField(forms.CharField):
    """The kind's extension steps written as an officer says them, one per line: "tổng cộng 2 tháng" (the
    whole clock from its start may reach this), "thêm 30 ngày" (this much on top of the current deadline)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return steps_as_lines(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[dict[str, Any]]:  # type: ignore[override]
        steps = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            text = " ".join(line.lower().split())
            if not text:
                continue
            match = STEP_LINE.match(text)
            if match is None or int(match[2]) == 0:
                raise forms.ValidationError(
                    f"Dòng {number} không hợp lệ: viết «tổng cộng 2 tháng» hoặc «thêm 30 ngày» "
                    "(đơn vị: ngày, ngày làm việc, tháng)."
                )
            steps.append({"amount": int(match[2]), "unit": STEP_UNITS[match[3]], "mode": STEP_MODES[match[1]]})
        return steps


class ReportKindForm(forms.ModelForm):
    extension_steps = StepsField(
        label="Các bước gia hạn",
        required=False,
        help_text=(
            "Mỗi dòng một lần gia hạn, theo thứ tự. «tổng cộng 2 tháng»: cả thời hạn, tính từ ngày bắt đầu, không quá "
            "2 tháng; «thêm 30 ngày»: cộng thêm không quá 30 ngày vào hạn hiện tại. Đơn vị: ngày, ngày làm việc, "
            "tháng. Tố giác tội phạm: «tổng cộng 2 tháng», rồi «tổng cộng 4 tháng». Để trống: gia hạn tự do đến "
            "ngày cán bộ chọn."
        ),
    )

    class Meta:
        model = ReportKind
        fields = [
            "code",
            "name",
            "description",
            "legal_basis",
            "legal_track",
            "accept_amount",
            "accept_unit",
            "clock_amount",
            "clock_unit",
            "clock_start",
            "extension_steps",
            "allows_pause",
            "allows_anonymous",
            "asks_occurred_at",
            "asks_location",
            "requires_location",
            "asks_vehicle_plate",
            "requires_media",
            "order",
            "active",
        ]


@admin.register(ReportKind)
class ReportKindAdmin(admin.ModelAdmin):
    form = ReportKindForm
    list_display = [
        "name",
        "code",
        "legal_track",
        "accept_text",
        "clock_text",
        "allows_pause",
        "allows_anonymous",
        "active",
        "order",
    ]
    list_editable = ["order", "active"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:  # type: ignore[override]
        fields = list(super().get_fields(request, obj))
        if not self.has_change_permission(request, obj):  # read-only page: the steps in words, not as stored
            fields = ["extension_steps_text" if f == "extension_steps" else f for f in fields]
        return fields  # type: ignore[return-value]

    @admin.display(description="các bước gia hạn")
    def extension_steps_text(self, obj: ReportKind) -> str:
        return steps_as_lines(obj.extension_steps or []).replace("\n", "; ") or "Gia hạn tự do đến ngày cán bộ chọn"

    @admin.display(description="thụ lý")
    def accept_text(self, obj: ReportKind) -> str:
        return clocks.accept_text(obj) or "—"

    @admin.display(description="thời hạn giải quyết")
    def clock_text(self, obj: ReportKind) -> str:
        return clocks.clock_text(obj) or "Không có thời hạn"


@admin.register(Coverage)
class CoverageAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "radius_km", "is_reception", "area_count"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "area_names"]

    @admin.display(description="số xã/phường")
    def area_count(self, obj: Coverage) -> int:
        return len([line for line in obj.area_names.splitlines() if line.strip()])


@admin.register(ReportAccessLog)
class ReportAccessLogAdmin(AccessLogAdminMixin, admin.ModelAdmin):
    """Read-only. Leaders see the log of their subtree's reports and of their subtree's officers."""

    list_display = [
        "at",
        "officer_username",
        "officer_unit",
        "action",
        "report_code",
        "report_unit",
        "attachment",
        "ip",
    ]
    list_filter = ["action", ("at", admin.DateFieldListFilter)]
    search_fields = ["report_code", "officer_username"]
    list_select_related = ["officer_unit", "report_unit", "attachment"]
    readonly_fields = [f.name for f in ReportAccessLog._meta.fields]
    record_unit_field = "report_unit"
