"""Guarded transitions of the approval workflow. Permission is checked here, not in the admin.

The rules (docs/guides.md, "Quy trình duyệt"), for every model that inherits `Publishable`:
- an officer edits and approves only content of their unit subtree (`owner_unit`); province-wide roles all;
- nobody approves content they submitted or last edited, superusers included unless
  PUBLISHING_SUPERUSER_SELF_APPROVAL; with two levels, the province's approver is not the unit's approver either;
- with PUBLISHING_TWO_LEVEL, content of a unit below the province is approved by an approver of that unit (or a
  unit above it, below the province) first, then by a province-level approver;
- a change to published content waits in `pending_changes` and goes through the same review; citizens keep seeing
  the approved columns until `content_publish` writes the change onto them.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from accounts.selectors import officer_is_province_wide
from common.errors import ApplicationError, ErrorCode
from publishing.models import ChangeState, Publishable, PublishState, ReviewAction, ReviewEvent

CONTENT_BAD_TRANSITION = ErrorCode("content_bad_transition", "Không thể chuyển nội dung sang trạng thái này.", 409)
CONTENT_NOT_ALLOWED = ErrorCode(
    "content_not_allowed", "Bạn không có quyền duyệt nội dung; hãy gửi cho người duyệt.", 403
)
CONTENT_NOT_EDITABLE = ErrorCode("content_not_editable", "Bạn không có quyền sửa nội dung này.", 403)
CONTENT_OTHER_UNIT = ErrorCode(
    "content_other_unit",
    "Nội dung này thuộc đơn vị khác: chỉ cán bộ của đơn vị đó (hoặc cấp trên) được sửa, duyệt.",
    403,
)
CONTENT_SELF_APPROVAL = ErrorCode(
    "content_self_approval",
    "Bạn không thể tự duyệt nội dung do chính mình gửi duyệt hoặc sửa gần nhất. "
    "Theo quy trình duyệt, một người duyệt khác phải duyệt nội dung này.",
    403,
)
CONTENT_SAME_APPROVER = ErrorCode(
    "content_same_approver",
    "Bạn đã duyệt nội dung này ở cấp đơn vị; cấp tỉnh phải do một người duyệt khác duyệt.",
    403,
)
CONTENT_UNIT_FIRST = ErrorCode(
    "content_unit_first",
    "Nội dung của đơn vị cần người duyệt của đơn vị duyệt trước, rồi cấp tỉnh mới duyệt đăng.",
    409,
)
CONTENT_PROVINCE_NEXT = ErrorCode(
    "content_province_next", "Đơn vị đã duyệt nội dung này; bước tiếp theo do người duyệt cấp tỉnh thực hiện.", 403
)
CONTENT_NO_CHANGE = ErrorCode("content_no_change", "Không có thay đổi nào so với bản đang đăng.", 409)


# --- Who may do what ----------------------------------------------------------------------------


def _perm(item: Publishable, action: str) -> str:
    meta = item._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def content_in_scope(*, user, item: Publishable) -> bool:
    """The item's unit lies in the officer's subtree (content with no unit belongs to the province)."""
    if not user.is_active:
        return False
    if officer_is_province_wide(officer=user):
        return True
    unit = getattr(user, "unit", None)
    if unit is None:
        return False
    owner = item.owner_unit if item.owner_unit_id else None
    if owner is None:
        return unit.parent_id is None
    return owner.path.startswith(unit.path)


def can_edit(*, user, item: Publishable) -> bool:
    return bool(user.is_active and user.has_perm(_perm(item, "change")) and content_in_scope(user=user, item=item))


def can_publish(*, user, item: Publishable) -> bool:
    return bool(user.is_active and user.has_perm(_perm(item, "publish")) and content_in_scope(user=user, item=item))


def is_province_approver(*, user) -> bool:
    """Approves at the province level: a province-wide role, or an approver posted at the root unit."""
    if officer_is_province_wide(officer=user):
        return True
    unit = getattr(user, "unit", None)
    return unit is not None and unit.parent_id is None


def _two_levels_for(item: Publishable) -> bool:
    if not settings.PUBLISHING_TWO_LEVEL:
        return False
    owner = item.owner_unit if item.owner_unit_id else None
    return owner is not None and owner.parent_id is not None  # province content has one level only


def is_own_work(*, user, item: Publishable) -> bool:
    if user.is_superuser and settings.PUBLISHING_SUPERUSER_SELF_APPROVAL:
        return False
    return user.pk in {item.submitted_by_id, item.last_edited_by_id}


def _require(condition: bool, error: ErrorCode) -> None:
    if not condition:
        raise ApplicationError(error)


def _require_edit(user, item: Publishable) -> None:
    _require(user.is_active and user.has_perm(_perm(item, "change")), CONTENT_NOT_EDITABLE)
    _require(content_in_scope(user=user, item=item), CONTENT_OTHER_UNIT)


def _require_approver(user, item: Publishable) -> None:
    _require(user.is_active and user.has_perm(_perm(item, "publish")), CONTENT_NOT_ALLOWED)
    _require(content_in_scope(user=user, item=item), CONTENT_OTHER_UNIT)


# --- The record of each step ----------------------------------------------------------------------


def _record(item: Publishable, action: str, user, note: str = "") -> None:
    label = (user.get_full_name() or user.get_username()) if user is not None else ""
    ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        action=action,
        officer=user,
        officer_label=label[:150],
        officer_unit_id=getattr(user, "unit_id", None),
        note=note,
        at=timezone.now(),
    )


def review_events_for(*, item: Publishable):
    return (
        ReviewEvent.objects.filter(content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk)
        .select_related("officer_unit")
        .order_by("at", "id")
    )


# --- Edits ----------------------------------------------------------------------------------------


def content_mark_edited(*, item: Publishable, user) -> None:
    """Before an editor's save of a draft: remember who wrote the text last (they may not approve it)."""
    item.last_edited_by = user
    item.last_edited_at = timezone.now()


def content_record_edit(*, item: Publishable, user, created: bool) -> None:
    _record(item, ReviewAction.CREATED if created else ReviewAction.EDITED, user)


def field_value(field: Any, value: Any) -> Any:
    """A form or model value as JSON, the way `pending_changes` keeps it."""
    if field.many_to_many:
        return sorted(getattr(v, "pk", v) for v in (value or []))
    if field.is_relation:
        # The key the row stores: the target's primary key, or the field a key points at (to_field="slug").
        if isinstance(value, models.Model):
            return getattr(value, field.target_field.attname)
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def changes_against(*, item: Publishable, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from what is published (only the item's own model fields)."""
    changes = {}
    for name, value in values.items():
        field: Any = item._meta.get_field(name)
        new = field_value(field, value)
        if new != field_value(field, field.value_from_object(item)):
            changes[name] = new
    return changes


def _apply_changes(item: Publishable, changes: dict[str, Any]) -> None:
    many: dict[str, Any] = {}
    for name, value in changes.items():
        field: Any = item._meta.get_field(name)
        if field.many_to_many:
            many[name] = value
        elif field.is_relation:
            setattr(item, field.attname, value)
        else:
            setattr(item, name, field.to_python(value))
    item.pending_changes = None
    item.pending_state = ChangeState.NONE
    item.save()
    for name, ids in many.items():
        getattr(item, name).set(ids)


@transaction.atomic
def content_propose_change(*, item: Publishable, user, changes: dict[str, Any]) -> Publishable:
    """An edit of published content: kept beside it and sent for review; the public text does not change."""
    _require_edit(user, item)
    _require(item.state == PublishState.PUBLISHED, CONTENT_BAD_TRANSITION)
    _require(bool(changes), CONTENT_NO_CHANGE)
    now = timezone.now()
    item.pending_changes = changes
    item.pending_state = ChangeState.IN_REVIEW
    item.last_edited_by, item.last_edited_at = user, now
    item.submitted_by, item.submitted_at = user, now
    item.unit_approved_by, item.unit_approved_at = None, None
    item.save(
        update_fields=[
            "pending_changes",
            "pending_state",
            "last_edited_by",
            "last_edited_at",
            "submitted_by",
            "submitted_at",
            "unit_approved_by",
            "unit_approved_at",
        ]
    )
    _record(item, ReviewAction.CHANGE_SUBMITTED, user, note=", ".join(sorted(changes)))
    return item


# --- Transitions ----------------------------------------------------------------------------------


def _move(item: Publishable, *, expected: set[str], **changes: object) -> Publishable:
    _require(item.state in expected, CONTENT_BAD_TRANSITION)
    for field, value in changes.items():
        setattr(item, field, value)
    item.save()
    return item


@transaction.atomic
def content_submit(*, item: Publishable, user) -> Publishable:
    _require_edit(user, item)
    if item.state == PublishState.PUBLISHED:  # a returned change, sent again as it is
        _require(bool(item.pending_changes) and item.pending_state == ChangeState.NONE, CONTENT_BAD_TRANSITION)
        return content_propose_change(item=item, user=user, changes=item.pending_changes or {})
    _move(
        item,
        expected={PublishState.DRAFT},
        state=PublishState.IN_REVIEW,
        submitted_by=user,
        submitted_at=timezone.now(),
        unit_approved_by=None,
        unit_approved_at=None,
    )
    _record(item, ReviewAction.SUBMITTED, user)
    return item


@transaction.atomic
def content_publish(*, item: Publishable, user) -> Publishable:
    """Approve content in review, or the change waiting beside published content (one level or two)."""
    _require_approver(user, item)
    is_change = item.state == PublishState.PUBLISHED and item.pending_state in (
        ChangeState.IN_REVIEW,
        ChangeState.UNIT_APPROVED,
    )
    stage = item.pending_state if is_change else item.state
    _require(stage in (PublishState.IN_REVIEW, PublishState.UNIT_APPROVED), CONTENT_BAD_TRANSITION)
    _require(not is_own_work(user=user, item=item), CONTENT_SELF_APPROVAL)
    now = timezone.now()
    if _two_levels_for(item):
        province = is_province_approver(user=user)
        if stage == PublishState.IN_REVIEW:
            _require(not province, CONTENT_UNIT_FIRST)
            item.unit_approved_by, item.unit_approved_at = user, now
            if is_change:
                item.pending_state = ChangeState.UNIT_APPROVED
            else:
                item.state = PublishState.UNIT_APPROVED
            item.save()
            _record(item, ReviewAction.UNIT_APPROVED, user)
            return item
        _require(province, CONTENT_PROVINCE_NEXT)
        _require(user.pk != item.unit_approved_by_id, CONTENT_SAME_APPROVER)
    item.approved_by, item.approved_at, item.review_note = user, now, ""
    if is_change:
        _apply_changes(item, item.pending_changes or {})
        _record(item, ReviewAction.CHANGE_PUBLISHED, user)
        return item
    item.state = PublishState.PUBLISHED
    item.published_at = item.published_at or now
    item.save()
    _record(item, ReviewAction.PUBLISHED, user)
    return item


@transaction.atomic
def content_return(*, item: Publishable, user, note: str) -> Publishable:
    _require_approver(user, item)
    if item.state == PublishState.PUBLISHED and item.pending_state:
        # The change goes back to its authors; the published text stays online, untouched.
        item.pending_state, item.review_note = ChangeState.NONE, note
        item.unit_approved_by, item.unit_approved_at = None, None
        item.save(update_fields=["pending_state", "review_note", "unit_approved_by", "unit_approved_at"])
        _record(item, ReviewAction.CHANGE_RETURNED, user, note=note)
        return item
    _move(
        item,
        expected={PublishState.IN_REVIEW, PublishState.UNIT_APPROVED},
        state=PublishState.DRAFT,
        review_note=note,
        unit_approved_by=None,
        unit_approved_at=None,
    )
    _record(item, ReviewAction.RETURNED, user, note=note)
    return item


@transaction.atomic
def content_archive(*, item: Publishable, user) -> Publishable:
    _require_approver(user, item)
    _move(item, expected={PublishState.PUBLISHED}, state=PublishState.ARCHIVED)
    _record(item, ReviewAction.ARCHIVED, user)
    return item


@transaction.atomic
def content_reopen(*, item: Publishable, user) -> Publishable:
    """Archived or published content goes back to draft for rework (it leaves the public site); a change that
    was waiting becomes the draft's text."""
    _require_approver(user, item)
    _require(item.state in {PublishState.ARCHIVED, PublishState.PUBLISHED}, CONTENT_BAD_TRANSITION)
    item.state = PublishState.DRAFT
    if item.pending_changes:
        _apply_changes(item, item.pending_changes)
    else:
        item.pending_state = ChangeState.NONE
        item.save()
    _record(item, ReviewAction.REOPENED, user)
    return item
