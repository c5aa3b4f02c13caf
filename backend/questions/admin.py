"""The officers' side of "Hỏi cán bộ": the unit subtree's conversations, the thread, answer, close, mark spam, and
a handbook draft from a good answer. What is shown of the citizen depends on the role (the phone only with
`questions.view_citizen_phone`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import date as date_format
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from accounts.admin_scoping import ScopedUnitListFilter, UnitScopedAdminMixin
from accounts.selectors import officer_of
from common.admin_actions import ActionDone, ObjectActionAdminMixin
from common.crypto import decrypt_text
from common.errors import ApplicationError
from questions import services
from questions.models import Author, Question, QuestionStatus


class AnswerForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"] = forms.CharField(
            label="Trả lời công dân",
            max_length=settings.QUESTIONS_MAX_CHARS,
            widget=forms.Textarea(attrs={"rows": 8}),
            help_text="Công dân đọc câu trả lời trong Mini App và nhận qua Zalo. Viết dễ hiểu, không dùng từ viết tắt.",
        )


class ConfirmForm(forms.Form):
    """Close, spam and the handbook draft ask for nothing but a confirmation."""


def _close_many(modeladmin: QuestionAdmin, request: HttpRequest, queryset: QuerySet[Question], *, spam: bool) -> None:
    done = refused = 0
    for question in queryset:  # scoped to the officer's subtree by get_queryset
        try:
            services.question_close(question=question, officer=officer_of(request), spam=spam)
        except ApplicationError:
            refused += 1
        else:
            done += 1
    verb = "đánh dấu tin rác" if spam else "đóng"
    if done:
        modeladmin.message_user(request, f"Đã {verb} {done} câu hỏi.", messages.SUCCESS)
    if refused:
        modeladmin.message_user(request, f"{refused} câu hỏi đã đóng từ trước.", messages.WARNING)


@admin.action(description="Đánh dấu là tin rác (không trả lời)", permissions=["mark_spam"])
def mark_spam(modeladmin: QuestionAdmin, request: HttpRequest, queryset: QuerySet[Question]) -> None:
    _close_many(modeladmin, request, queryset, spam=True)


@admin.action(description="Đóng câu hỏi đã chọn", permissions=["change"])
def close_questions(modeladmin: QuestionAdmin, request: HttpRequest, queryset: QuerySet[Question]) -> None:
    _close_many(modeladmin, request, queryset, spam=False)


class WaitingFilter(admin.SimpleListFilter):
    title = "việc cần làm"
    parameter_name = "waiting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Chờ trả lời")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        if self.value() == "yes":
            return queryset.filter(status=QuestionStatus.OPEN).order_by("waiting_since", "id")
        return queryset


@admin.register(Question)
class QuestionAdmin(ObjectActionAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "subject", "unit", "status", "source", "waiting_since", "last_message_at"]
    list_display_links = ["__str__", "subject"]
    list_filter = [WaitingFilter, "status", "source", ScopedUnitListFilter]
    list_select_related = ["unit"]
    list_per_page = 50
    search_fields = ["subject"]
    actions = [close_questions, mark_spam]
    change_form_template = "admin/questions/question/change_form.html"
    fieldsets = [
        ("Câu hỏi", {"fields": ["unit", "status", "source", "procedure", "dossier_code", "created_at", "faq_link"]}),
        ("Công dân", {"fields": ["citizen_shown"]}),
        ("Trao đổi", {"fields": ["thread"]}),
    ]
    # Nothing is edited in place (every change is an action above the form).
    readonly_fields = [
        *("unit", "status", "source", "procedure", "dossier_code", "created_at", "faq_link"),
        *("citizen_shown", "citizen_with_phone", "thread"),
    ]
    action_not_found = "Không tìm thấy câu hỏi."

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).select_related("unit", "procedure", "dossier", "citizen", "faq")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # questions come from citizens only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_mark_spam_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("questions.mark_spam_question"))

    # --- what is shown ------------------------------------------------------------------

    @admin.display(description="hồ sơ")
    def dossier_code(self, obj: Question) -> str:
        return obj.dossier.code if obj.dossier else "—"

    @admin.display(description="mục cẩm nang")
    def faq_link(self, obj: Question) -> str:
        if obj.faq is None:
            return "—"
        url = reverse("admin:procedures_faq_change", args=[obj.faq.pk])
        return format_html('<a href="{}">{} ({})</a>', url, obj.faq.question[:80], obj.faq.get_state_display())

    def get_fieldsets(self, request: HttpRequest, obj: Question | None = None) -> Any:
        """The citizen's phone only for a role that may see it (questions.view_citizen_phone)."""
        if not request.user.has_perm("questions.view_citizen_phone"):
            return self.fieldsets
        return [(title, {"fields": ["citizen_with_phone"]}) if title == "Công dân" else (title, options)
                for title, options in self.fieldsets]  # fmt: skip

    def _citizen(self, obj: Question, *, with_phone: bool) -> str:
        citizen = obj.citizen
        parts = [citizen.display_name or "(không có tên Zalo)", f"Công dân Zalo #{citizen.pk}"]
        if citizen.phone_encrypted:
            if with_phone:
                parts.append(f"điện thoại {decrypt_text(citizen.phone_encrypted)}")
            else:
                parts.append("đã xác minh số điện thoại (vai trò của bạn không xem được số)")
        return " · ".join(parts)

    @admin.display(description="công dân")
    def citizen_shown(self, obj: Question) -> str:
        return self._citizen(obj, with_phone=False)

    @admin.display(description="công dân")
    def citizen_with_phone(self, obj: Question) -> str:
        return self._citizen(obj, with_phone=True)

    @admin.display(description="tin nhắn")
    def thread(self, obj: Question) -> str:
        return format_html_join(
            "\n",
            '<div class="question-message" style="margin:0 0 12px;padding:8px 12px;border-left:4px solid {}">'
            '<strong>{}</strong> · {}<div style="white-space:pre-wrap;margin-top:4px">{}</div></div>',
            (
                (
                    "#2563eb" if m.author == Author.OFFICER else "#9ca3af",
                    m.officer_label if m.author == Author.OFFICER else "Công dân",
                    date_format(m.created_at, "H:i d/m/Y"),
                    m.text,
                )
                for m in obj.messages.all()
            ),
        )

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None):
        no_save = {"show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False}
        obj = self.get_object(request, unquote(object_id))
        context = {
            **(extra_context or {}),
            **no_save,
            "question_open": obj is not None and not obj.is_closed,
            "can_answer": request.user.has_perm("questions.answer_question"),
            "can_mark_spam": self.has_mark_spam_permission(request),
        }
        return super().change_view(request, object_id, form_url, context)

    # --- pages that act on one question -------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/answer/", wrap(self.answer_view), name="questions_question_answer"),
            path("<path:object_id>/close/", wrap(self.close_view), name="questions_question_close"),
            path("<path:object_id>/spam/", wrap(self.spam_view), name="questions_question_spam"),
            path("<path:object_id>/faq/", wrap(self.faq_view), name="questions_question_faq"),
            *super().get_urls(),
        ]

    def action_summary(self, obj: Question) -> str:
        return format_html(
            "<p>{} · đơn vị: <strong>{}</strong> · trạng thái: <strong>{}</strong></p>"
            '<fieldset class="module"><h2>Trao đổi</h2><div class="form-row">{}</div></fieldset>',
            obj.subject,
            obj.unit.name,
            obj.get_status_display(),
            self.thread(obj),
        )

    def action_message(self, obj: Question, detail: str) -> str:
        return f"{obj}: {detail}."

    def _confirm(self, request: HttpRequest) -> ConfirmForm:
        # A form without fields: bound on POST even though the POST is empty.
        return ConfirmForm(request.POST if request.method == "POST" else None)

    def answer_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        question = self.action_object(request, object_id, perm="questions.answer_question")
        form = AnswerForm(request.POST or None)

        def run(data: dict[str, Any]) -> str:
            services.question_answer(question=question, officer=officer_of(request), text=data["text"])
            return "đã gửi câu trả lời cho công dân"

        return self.action_view(
            request, question, form=form, title=f"Trả lời {question}", run=run, submit_label="Gửi trả lời"
        )

    def close_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        question = self.action_object(request, object_id)

        def run(data: dict[str, Any]) -> str:
            services.question_close(question=question, officer=officer_of(request))
            return "đã đóng"

        return self.action_view(
            request, question, form=self._confirm(request), title=f"Đóng {question}", run=run,
            submit_label="Đóng câu hỏi",
        )  # fmt: skip

    def spam_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        question = self.action_object(request, object_id, perm="questions.mark_spam_question")

        def run(data: dict[str, Any]) -> str:
            services.question_close(question=question, officer=officer_of(request), spam=True)
            return "đã đánh dấu tin rác"

        return self.action_view(
            request, question, form=self._confirm(request), title=f"Đánh dấu {question} là tin rác",
            run=run, submit_label="Đánh dấu tin rác",
        )  # fmt: skip

    def faq_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        question = self.action_object(request, object_id, perm="questions.answer_question")

        def run(data: dict[str, Any]) -> ActionDone:
            faq = services.question_faq_draft(question=question, officer=officer_of(request))
            return ActionDone(
                detail="đã tạo bản nháp cẩm nang",
                message=(
                    f"Đã tạo bản nháp cẩm nang từ {question}. Biên tập viên sửa lại (bỏ thông tin cá nhân) và gửi "
                    "duyệt; mục chỉ hiện trong Mini App sau khi được duyệt."
                ),
                redirect_to=self.action_change_url(question) if faq.pk else "",
            )

        return self.action_view(
            request, question, form=self._confirm(request),
            title=f"Tạo mục cẩm nang từ câu trả lời cho {question}", run=run, submit_label="Tạo bản nháp cẩm nang",
        )  # fmt: skip
