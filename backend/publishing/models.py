"""The approval workflow every piece of public content goes through (Thông tư 45/2023/TT-BCA).

draft → in review → published (→ archived); editors write and submit, approvers publish or send back
with a note; who approved and when is recorded, and django-simple-history keeps every change.
Citizens only ever see published rows (`Publishable.objects.published()`).
"""

from __future__ import annotations

from django.db import models

from common.models import officer_link


class PublishState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    IN_REVIEW = "in_review", "Chờ duyệt"
    PUBLISHED = "published", "Đã đăng"
    ARCHIVED = "archived", "Lưu trữ"


class PublishableQuerySet(models.QuerySet):
    def published(self) -> PublishableQuerySet:
        return self.filter(state=PublishState.PUBLISHED)


class Publishable(models.Model):
    state = models.CharField("trạng thái", max_length=20, choices=PublishState.choices, default=PublishState.DRAFT)
    submitted_by = officer_link("người gửi duyệt")
    submitted_at = models.DateTimeField("gửi duyệt lúc", null=True, blank=True)
    approved_by = officer_link("người duyệt")
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    published_at = models.DateTimeField("đăng lần đầu lúc", null=True, blank=True, db_index=True)
    review_note = models.TextField("ghi chú duyệt", blank=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.state == PublishState.PUBLISHED
