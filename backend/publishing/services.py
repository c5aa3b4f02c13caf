"""Guarded transitions of the approval workflow. Permission is checked here, not in the admin."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from common.errors import ApplicationError, ErrorCode
from publishing.models import Publishable, PublishState

CONTENT_BAD_TRANSITION = ErrorCode("content_bad_transition", "Không thể chuyển nội dung sang trạng thái này.", 409)
CONTENT_NOT_ALLOWED = ErrorCode(
    "content_not_allowed", "Bạn không có quyền duyệt nội dung; hãy gửi cho người duyệt.", 403
)


def _perm(item: Publishable, action: str) -> str:
    meta = item._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def can_publish(*, user, item: Publishable) -> bool:
    return bool(user.is_active and user.has_perm(_perm(item, "publish")))


def _require(condition: bool, error: ErrorCode) -> None:
    if not condition:
        raise ApplicationError(error)


def _move(item: Publishable, *, expected: set[str], **changes: object) -> Publishable:
    _require(item.state in expected, CONTENT_BAD_TRANSITION)
    for field, value in changes.items():
        setattr(item, field, value)
    item.save()
    return item


@transaction.atomic
def content_submit(*, item: Publishable, user) -> Publishable:
    _require(user.has_perm(_perm(item, "change")), CONTENT_NOT_ALLOWED)
    return _move(
        item,
        expected={PublishState.DRAFT},
        state=PublishState.IN_REVIEW,
        submitted_by=user,
        submitted_at=timezone.now(),
    )


@transaction.atomic
def content_publish(*, item: Publishable, user) -> Publishable:
    _require(can_publish(user=user, item=item), CONTENT_NOT_ALLOWED)
    now = timezone.now()
    return _move(
        item,
        expected={PublishState.IN_REVIEW},
        state=PublishState.PUBLISHED,
        approved_by=user,
        approved_at=now,
        published_at=item.published_at or now,
        review_note="",
    )


@transaction.atomic
def content_return(*, item: Publishable, user, note: str) -> Publishable:
    _require(can_publish(user=user, item=item), CONTENT_NOT_ALLOWED)
    return _move(item, expected={PublishState.IN_REVIEW}, state=PublishState.DRAFT, review_note=note)


@transaction.atomic
def content_archive(*, item: Publishable, user) -> Publishable:
    _require(can_publish(user=user, item=item), CONTENT_NOT_ALLOWED)
    return _move(item, expected={PublishState.PUBLISHED}, state=PublishState.ARCHIVED)


@transaction.atomic
def content_reopen(*, item: Publishable, user) -> Publishable:
    """Archived or published content goes back to draft for rework (it leaves the public site)."""
    _require(can_publish(user=user, item=item), CONTENT_NOT_ALLOWED)
    return _move(item, expected={PublishState.ARCHIVED, PublishState.PUBLISHED}, state=PublishState.DRAFT)
