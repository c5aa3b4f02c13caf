"""Officers are Django users attached to a unit; what they may do comes from role groups."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name="đơn vị công tác",
        help_text="Cán bộ chỉ thấy dữ liệu của đơn vị này và các đơn vị cấp dưới.",
    )
    position = models.CharField("chức vụ", max_length=120, blank=True)
    phone = models.CharField("điện thoại công vụ", max_length=30, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username
