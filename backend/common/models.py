from __future__ import annotations

from django.conf import settings
from django.db import models


def officer_link(verbose_name: str) -> models.ForeignKey:
    """An optional link to the officer who did something (kept as null when the account is deleted; the
    rows that need a name keep their own label as well)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True
