"""Admin pieces shared by every publishable model: state badge, workflow actions, read-only rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from accounts.selectors import officer_of, scope_to_officer, unit_list_for_officer
from common.errors import ApplicationError
from publishing import services
from publishing.models import ChangeState, Publishable, PublishState

# While content is published, in review or approved by its unit, nobody edits its child rows (a procedure's
# steps, cases, fees) in place: the change would reach citizens unreviewed. "Mở lại để sửa" first.
LOCKED_STATES = (PublishState.PUBLISHED, PublishState.IN_REVIEW, PublishState.UNIT_APPROVED)
PROPOSED_MESSAGE = (
    "Đã lưu thay đổi và gửi duyệt: {}. Người dân vẫn thấy bản đang đăng cho đến khi một người duyệt khác duyệt "
    "thay đổi này."
)

# Set by the workflow only, never typed in a form.
WORKFLOW_FIELDS = [
    "state",
    "pending_summary",
    "last_edited_by",
    "last_edited_at",
    "submitted_by",
    "submitted_at",
    "unit_approved_by",
    "unit_approved_at",
    "approved_by",
    "approved_at",
    "published_at",
    "review_trail",
]
# The fields shown in the "Duyệt" part of every publishable model's form.
REVIEW_FIELDS = ["owner_unit", "state", "pending_summary", "review_note", *WORKFLOW_FIELDS[2:]]
_COLOURS = {
    PublishState.DRAFT: "#6b7280",
    PublishState.IN_REVIEW: "#b45309",
    PublishState.UNIT_APPROVED: "#1d4ed8",
    PublishState.PUBLISHED: "#15803d",
    PublishState.ARCHIVED: "#374151",
}


def _run(
    admin_obj: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    service: Callable[..., Any],
    done: str,
    **kwargs: Any,
) -> None:
    moved, refused = 0, []
    for item in queryset:
        try:
            service(item=item, user=request.user, **kwargs)
            moved += 1
        except ApplicationError as exc:
            refused.append(f"{item}: {exc.message}")
    if moved:
        admin_obj.message_user(request, f"{done}: {moved} mục.", messages.SUCCESS)
    for line in refused:
        admin_obj.message_user(request, line, messages.ERROR)


@admin.action(description="Gửi duyệt")
def submit_for_review(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.content_submit, "Đã gửi duyệt")


@admin.action(description="Duyệt và đăng")
def publish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.content_publish, "Đã đăng")


@admin.action(description="Trả lại bản nháp (ghi chú ở ô 'ghi chú duyệt')")
def return_to_draft(modeladmin, request, queryset):
    for item in queryset:
        try:
            services.content_return(item=item, user=request.user, note=item.review_note or "Cần chỉnh sửa.")
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{item}: {exc.message}", messages.ERROR)


@admin.action(description="Lưu trữ (gỡ khỏi Mini App)")
def archive(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.content_archive, "Đã lưu trữ")


@admin.action(description="Mở lại để sửa (gỡ khỏi Mini App)")
def reopen(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.content_reopen, "Đã chuyển về bản nháp")


if TYPE_CHECKING:  # the checker sees the admin methods the mixin calls; at run time it is a plain mixin
    from django.contrib.admin import ModelAdmin

    _AdminBase = ModelAdmin
else:
    _AdminBase = object


class AwaitingReviewFilter(admin.SimpleListFilter):
    """What an approver looks for: new content in review, and changes waiting beside published content."""

    title = "chờ duyệt"
    parameter_name = "awaiting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("new", "Nội dung mới chờ duyệt"), ("change", "Thay đổi của nội dung đã đăng chờ duyệt")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "new":
            return queryset.filter(state__in=[PublishState.IN_REVIEW, PublishState.UNIT_APPROVED])
        if self.value() == "change":
            return queryset.filter(
                state=PublishState.PUBLISHED, pending_state__in=[ChangeState.IN_REVIEW, ChangeState.UNIT_APPROVED]
            )
        return queryset


def _never(request: HttpRequest, obj: Any = None) -> bool:
    return False


class PublishableAdminMixin(_AdminBase):
    """The workflow's rules in the admin, for every publishable model (publishing/services.py decides):

    - the list and every object URL show only content of the officer's unit subtree (`owner_unit`);
    - drafts are edited in place by the unit's editors; content in review only by its approvers;
    - an edit of published content is kept beside it as a change in review (citizens keep the approved text);
      its child rows and files stay as published until the change is approved or the item reopened;
    - the "Duyệt" block shows who wrote, submitted and approved (each level), and when.
    """

    actions = [submit_for_review, publish, return_to_draft, archive, reopen]

    @admin.display(description="trạng thái", ordering="state")
    def state_badge(self, obj: Publishable) -> str:
        label = obj.get_state_display()
        if obj.state == PublishState.PUBLISHED and obj.pending_state:
            label = f"{label} · {obj.get_pending_state_display()}"
        return format_html(
            '<strong style="color:{}">{}</strong>',
            _COLOURS.get(obj.state, "#000"),  # type: ignore[call-overload]
            label,
        )

    @admin.display(description="thay đổi chờ duyệt")
    def pending_summary(self, obj: Publishable | None) -> str:
        if obj is None or not obj.pending_changes:
            return "Không có"
        names = []
        for name in obj.pending_changes:
            try:
                names.append(str(getattr(obj._meta.get_field(name), "verbose_name", name)))
            except Exception:  # a field removed since the change was written
                names.append(name)
        state = obj.get_pending_state_display() if obj.pending_state else "Bị trả lại, chưa gửi duyệt lại"
        return f"{state}: {', '.join(names)}. Người dân vẫn thấy bản đang đăng."

    @admin.display(description="quá trình duyệt")
    def review_trail(self, obj: Publishable | None) -> str:
        if obj is None or obj.pk is None:
            return "—"
        rows = [
            (
                timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M"),
                event.get_action_display(),
                event.officer_label or "—",
                event.officer_unit.name if event.officer_unit else "—",
                event.note,
            )
            for event in services.review_events_for(item=obj)
        ]
        if not rows:
            return "Chưa có bước nào được ghi (nội dung có từ trước khi ghi quá trình duyệt; xem «Lịch sử»)."
        return format_html(
            '<table class="review-trail"><thead><tr><th>lúc</th><th>bước</th><th>cán bộ</th><th>đơn vị</th>'
            "<th>ghi chú</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def get_list_filter(self, request: HttpRequest) -> Any:
        return [*super().get_list_filter(request), AwaitingReviewFilter]

    # --- Scope ---------------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return scope_to_officer(queryset, officer=officer_of(request), unit_field="owner_unit")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "owner_unit":
            kwargs["queryset"] = unit_list_for_officer(officer=officer_of(request)).select_related("kind")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj)) + WORKFLOW_FIELDS
        if obj is None or not services.can_publish(user=request.user, item=obj):
            readonly.append("review_note")  # only an approver writes the review note
        if obj is not None and obj.state != PublishState.DRAFT:
            readonly.append("owner_unit")  # moves with a draft only, never under a reviewer's feet
        if obj is not None and obj.state == PublishState.PUBLISHED:
            # A pending change keeps values as JSON; a new file would reach the public storage unreviewed.
            readonly += [f.name for f in obj._meta.concrete_fields if isinstance(f, models.FileField)]
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        if obj.state in (PublishState.IN_REVIEW, PublishState.UNIT_APPROVED):
            return services.can_publish(user=request.user, item=obj)
        return services.can_edit(user=request.user, item=obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None:
            return obj.state == PublishState.DRAFT and services.can_edit(user=request.user, item=obj)
        return allowed

    def has_revert_permission(self, request: HttpRequest, obj: Any) -> bool:
        """Going back to an old version (simple-history) is an edit of a draft; published and in-review
        content changes only through the workflow, whoever asks (accounts.admin_scoping.can_revert)."""
        return obj.state == PublishState.DRAFT and self.has_change_permission(request, obj)

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> Any:
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and obj.state in LOCKED_STATES:
            for inline in inlines:  # fresh instances per request: shown, not editable
                for name in ("has_add_permission", "has_change_permission", "has_delete_permission"):
                    setattr(inline, name, _never)
        return inlines

    # --- A published item's form shows, and saves into, its pending change --------------------

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, change=change, **kwargs)
        pending = dict(obj.pending_changes or {}) if obj is not None and obj.state == PublishState.PUBLISHED else {}
        if not pending:
            return form_class

        class PendingChangeForm(form_class):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **form_kwargs: Any) -> None:
                super().__init__(*args, **form_kwargs)
                for name, value in pending.items():
                    if name in self.fields:
                        self.initial[name] = value

        return PendingChangeForm

    def _proposed_values(self, form: Any, obj: Publishable) -> dict[str, Any]:
        names = {f.name for f in obj._meta.concrete_fields if not isinstance(f, models.FileField)}
        names |= {f.name for f in obj._meta.many_to_many}
        names -= {"owner_unit", "review_note", "pending_changes", "pending_state"}
        return {name: value for name, value in form.cleaned_data.items() if name in names}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        live = type(obj).objects.filter(pk=obj.pk).first() if change else None
        if live is not None and live.state == PublishState.PUBLISHED:
            request._publishing_proposal = live  # type: ignore[attr-defined]
            try:
                changes = services.changes_against(item=live, values=self._proposed_values(form, obj))
                services.content_propose_change(item=live, user=request.user, changes=changes)
            except ApplicationError as exc:
                request._publishing_refusal = exc.message  # type: ignore[attr-defined]
            return  # the published columns stay as approved
        if not change and obj.owner_unit_id is None:
            obj.owner_unit_id = getattr(request.user, "unit_id", None)
        if not change or form.has_changed():
            services.content_mark_edited(item=obj, user=request.user)
        super().save_model(request, obj, form, change)
        if not change or form.has_changed():
            services.content_record_edit(item=obj, user=request.user, created=not change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if getattr(request, "_publishing_proposal", None) is not None:
            # Many-to-many values went into the pending change; child rows are locked (nothing saved).
            for formset in formsets:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_related(request, form, formsets, change)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if getattr(request, "_publishing_proposal", None) is not None:
            return None  # nothing changed on the item itself; the review trail has the proposal
        return super().log_change(request, obj, message)

    # "Lưu và gửi duyệt" on the edit page itself (templates/admin/submit_line.html), not only in the list's
    # action menu: an editor finishing a draft sends it for review in the same click.
    def render_change_form(self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        obj = kwargs.get("obj")
        context["show_submit_review"] = (obj is None or obj.state == PublishState.DRAFT) and (
            self.has_add_permission(request) if obj is None else self.has_change_permission(request, obj)
        )
        if obj is not None and obj.state == PublishState.PUBLISHED and request.method == "GET":
            self.message_user(
                request,
                "Nội dung đang đăng. Sửa rồi bấm «Lưu»: thay đổi được gửi duyệt, người dân vẫn thấy bản đang đăng "
                "cho đến khi một người duyệt khác duyệt thay đổi.",
                messages.INFO,
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def _submit_after_save(self, request: HttpRequest, obj: Publishable) -> None:
        if "_submit_review" not in request.POST:
            return
        try:
            services.content_submit(item=obj, user=request.user)
        except ApplicationError as exc:
            self.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
        else:
            self.message_user(request, f"Đã lưu và gửi duyệt: {obj}.", messages.SUCCESS)

    def response_add(self, request: HttpRequest, obj: Any, *args: Any, **kwargs: Any) -> Any:
        self._submit_after_save(request, obj)
        return super().response_add(request, obj, *args, **kwargs)

    def response_change(self, request: HttpRequest, obj: Any) -> Any:
        live = getattr(request, "_publishing_proposal", None)
        if live is not None:
            refusal = getattr(request, "_publishing_refusal", "")
            if refusal:
                self.message_user(request, f"{live}: {refusal}", messages.WARNING)
            else:
                self.message_user(request, PROPOSED_MESSAGE.format(live), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        self._submit_after_save(request, obj)
        return super().response_change(request, obj)


class PublishableChildAdminMixin(_AdminBase):
    """Rows shown as part of a publishable item (a procedure's cases): editable like their parent.

    `publishable_parent` names the ForeignKey to the parent. They are seen within the parent's unit scope,
    changed only while the parent is a draft (published content changes through review: reopen it first),
    and attached only to drafts.
    """

    publishable_parent = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        return scope_to_officer(
            queryset, officer=officer_of(request), unit_field=f"{self.publishable_parent}__owner_unit"
        )

    def _parent_open(self, request: HttpRequest, obj: Any) -> bool:
        parent = getattr(obj, self.publishable_parent)
        return parent.state not in LOCKED_STATES and services.can_edit(user=request.user, item=parent)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._parent_open(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._parent_open(request, obj))

    def has_revert_permission(self, request: HttpRequest, obj: Any) -> bool:
        parent = getattr(obj, self.publishable_parent)
        return parent.state == PublishState.DRAFT and self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == self.publishable_parent:
            parents = db_field.related_model.objects.filter(state=PublishState.DRAFT)
            kwargs["queryset"] = scope_to_officer(parents, officer=officer_of(request), unit_field="owner_unit")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
