"""The approval workflow every piece of public content goes through (Thông tư 45/2023/TT-BCA; docs/guides.md).

draft → in review [→ approved by the unit, when PUBLISHING_TWO_LEVEL] → published (→ archived). Editors write and
submit, approvers publish or send back with a note. Nobody approves what they submitted or last edited. A change to
published content is kept beside it (`pending_changes`) and goes through the same review: citizens keep seeing the
approved text (`Publishable.objects.published()` reads only the live columns) until the change is approved.
Every step is a `ReviewEvent` (who, which unit, when); django-simple-history keeps every version as well.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from common.models import officer_link


class PublishState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    IN_REVIEW = "in_review", "Chờ duyệt"
    UNIT_APPROVED = "unit_approved", "Đơn vị đã duyệt, chờ tỉnh duyệt"
    PUBLISHED = "published", "Đã đăng"
    ARCHIVED = "archived", "Lưu trữ"


# States of a change waiting beside published content ("" = none).
class ChangeState(models.TextChoices):
    NONE = "", "Không có"
    IN_REVIEW = "in_review", "Thay đổi chờ duyệt"
    UNIT_APPROVED = "unit_approved", "Thay đổi đơn vị đã duyệt, chờ tỉnh duyệt"


class PublishableQuerySet(models.QuerySet):
    def published(self) -> PublishableQuerySet:
        return self.filter(state=PublishState.PUBLISHED)


class Publishable(models.Model):
    state = models.CharField("trạng thái", max_length=20, choices=PublishState.choices, default=PublishState.DRAFT)
    owner_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,  # rows written outside the admin (imports, other packages) get the root unit on save
        blank=True,
        related_name="+",
        verbose_name="đơn vị quản lý nội dung",
        help_text="Biên tập viên, người duyệt của đơn vị này (và đơn vị cấp trên) sửa và duyệt nội dung.",
    )
    last_edited_by = officer_link("người sửa gần nhất")
    last_edited_at = models.DateTimeField("sửa gần nhất lúc", null=True, blank=True)
    submitted_by = officer_link("người gửi duyệt")
    submitted_at = models.DateTimeField("gửi duyệt lúc", null=True, blank=True)
    unit_approved_by = officer_link("người duyệt cấp đơn vị")
    unit_approved_at = models.DateTimeField("đơn vị duyệt lúc", null=True, blank=True)
    approved_by = officer_link("người duyệt")
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    published_at = models.DateTimeField("đăng lần đầu lúc", null=True, blank=True, db_index=True)
    review_note = models.TextField("ghi chú duyệt", blank=True)
    pending_changes = models.JSONField(
        "thay đổi chờ duyệt", null=True, blank=True, editable=False, help_text="Giá trị mới của các ô đã sửa."
    )
    pending_state = models.CharField(
        "trạng thái thay đổi", max_length=20, choices=ChangeState.choices, default=ChangeState.NONE, blank=True
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.state == PublishState.PUBLISHED

    def save(self, *args, **kwargs) -> None:
        if self.owner_unit_id is None:
            from units.models import Unit

            root = Unit.objects.filter(parent__isnull=True).order_by("path").values_list("pk", flat=True).first()
            self.owner_unit_id = root
            if root is not None and kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "owner_unit"}
        super().save(*args, **kwargs)


class ReviewAction(models.TextChoices):
    CREATED = "created", "Soạn mới"
    EDITED = "edited", "Sửa bản nháp"
    SUBMITTED = "submitted", "Gửi duyệt"
    CHANGE_SUBMITTED = "change_submitted", "Sửa nội dung đã đăng, gửi duyệt thay đổi"
    UNIT_APPROVED = "unit_approved", "Duyệt cấp đơn vị"
    PUBLISHED = "published", "Duyệt và đăng"
    CHANGE_PUBLISHED = "change_published", "Duyệt và đăng thay đổi"
    RETURNED = "returned", "Trả lại"
    CHANGE_RETURNED = "change_returned", "Trả lại thay đổi (giữ bản đang đăng)"
    ARCHIVED = "archived", "Lưu trữ"
    REOPENED = "reopened", "Mở lại để sửa"


class ReviewEvent(models.Model):
    """One step of the workflow on one item: who did it, in which unit, when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="loại nội dung")
    object_id = models.PositiveBigIntegerField("mã nội dung")
    item = GenericForeignKey("content_type", "object_id")
    action = models.CharField("bước", max_length=20, choices=ReviewAction.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="cán bộ"
    )
    officer_label = models.CharField("cán bộ (tên lúc đó)", max_length=150, blank=True)
    officer_unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="đơn vị của cán bộ"
    )
    note = models.TextField("ghi chú", blank=True)
    at = models.DateTimeField("lúc", db_index=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        verbose_name = "bước duyệt nội dung"
        verbose_name_plural = "quá trình duyệt nội dung"

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.officer_label}"
