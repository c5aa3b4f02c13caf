"""Admin pieces shared by every publishable model: state badge, workflow actions, read-only rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from common.errors import ApplicationError
from publishing import services
from publishing.models import Publishable, PublishState

WORKFLOW_FIELDS = ["state", "submitted_by", "submitted_at", "approved_by", "approved_at", "published_at"]
# The fields shown in the "Duyệt" part of every publishable model's form.
REVIEW_FIELDS = ["state", "review_note", "submitted_by", "submitted_at", "approved_by", "approved_at", "published_at"]
_COLOURS = {
    PublishState.DRAFT: "#6b7280",
    PublishState.IN_REVIEW: "#b45309",
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


class PublishableAdminMixin(_AdminBase):
    """Editors cannot change published content: an approver reopens it first (and the history shows it)."""

    actions = [submit_for_review, publish, return_to_draft, archive, reopen]

    @admin.display(description="trạng thái", ordering="state")
    def state_badge(self, obj: Publishable) -> str:
        return format_html(
            '<strong style="color:{}">{}</strong>',
            _COLOURS.get(obj.state, "#000"),  # type: ignore[call-overload]
            obj.get_state_display(),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj)) + WORKFLOW_FIELDS
        if obj is None or not services.can_publish(user=request.user, item=obj):
            readonly.append("review_note")  # only an approver writes the review note
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.state in (PublishState.PUBLISHED, PublishState.IN_REVIEW):
            return services.can_publish(user=request.user, item=obj)
        return allowed

    def has_revert_permission(self, request: HttpRequest, obj: Any) -> bool:
        """Going back to an old version (simple-history) is an edit of a draft; published and in-review
        content changes only through the workflow, whoever asks (accounts.admin_scoping.can_revert)."""
        return obj.state == PublishState.DRAFT and self.has_change_permission(request, obj)

    # "Lưu và gửi duyệt" on the edit page itself (templates/admin/submit_line.html), not only in the list's
    # action menu: an editor finishing a draft sends it for review in the same click.
    def render_change_form(self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        obj = kwargs.get("obj")
        context["show_submit_review"] = (obj is None or obj.state == PublishState.DRAFT) and (
            self.has_add_permission(request) if obj is None else self.has_change_permission(request, obj)
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
        self._submit_after_save(request, obj)
        return super().response_change(request, obj)


class PublishableChildAdminMixin(_AdminBase):
    """Rows shown as part of a publishable item (a procedure's cases): editable like their parent.

    `publishable_parent` names the ForeignKey to the parent. Editors change them only while the parent
    is a draft, and attach new ones only to drafts; approvers as the parent's change form allows.
    """

    publishable_parent = ""

    def _parent_open(self, request: HttpRequest, obj: Any) -> bool:
        parent = getattr(obj, self.publishable_parent)
        if parent.state in (PublishState.PUBLISHED, PublishState.IN_REVIEW):
            return services.can_publish(user=request.user, item=parent)
        return True

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
            parents = db_field.related_model.objects.all()
            probe = db_field.related_model(state=PublishState.PUBLISHED)
            if not services.can_publish(user=request.user, item=probe):
                parents = parents.filter(state=PublishState.DRAFT)
            kwargs["queryset"] = parents
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
