"""Units (đơn vị): a tree whose levels are data.

The 2025 reorganisation removed district police and merged provinces; it may change again,
so a unit's level is a row in UnitKind and the hierarchy is a plain parent link plus a
materialised path that makes any subtree one indexed `LIKE 'path%'` query.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from common.search_columns import unit_columns


class UnitKind(models.Model):
    code = models.SlugField("mã loại", max_length=40, unique=True)
    name = models.CharField("tên loại", max_length=120)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "loại đơn vị"
        verbose_name_plural = "loại đơn vị"

    def __str__(self) -> str:
        return self.name


class Unit(TimeStampedModel):
    code = models.CharField("mã định danh", max_length=50, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    name_search = models.CharField("tên (để tìm kiếm)", max_length=255, editable=False, db_index=True)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name="loại đơn vị")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="đơn vị cấp trên"
    )
    # "1/5/23/": ids from the root down, each followed by "/". Maintained by save().
    path = models.CharField("vị trí trong cây đơn vị", max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField("cấp", editable=False, default=0)
    address = models.CharField("địa chỉ", max_length=500, blank=True)
    working_hours = models.TextField("giờ làm việc", blank=True)
    latitude = models.DecimalField("vĩ độ", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("kinh độ", max_digits=9, decimal_places=6, null=True, blank=True)
    zalo_oa_url = models.URLField("liên kết Zalo OA", blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)
    display_order = models.IntegerField("thứ tự hiển thị", default=0)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["name_search", "path", "depth"])

    class Meta:
        ordering = ["path"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        indexes = [models.Index(fields=["parent", "display_order"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.pk:
            parent = self.parent
            if parent.pk == self.pk or (self.path and parent.path.startswith(self.path)):  # type: ignore[union-attr]
                raise ValidationError(
                    {"parent": "Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới của nó làm cấp trên."}
                )
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})

    def save(self, *args, **kwargs) -> None:
        self.name_search = unit_columns(self)["name_search"]
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            parent_path = self.parent.path if self.parent_id else ""  # type: ignore[union-attr]
            new_path = f"{parent_path}{self.pk}/"
            if new_path != old_path:
                new_depth = new_path.count("/") - 1
                if old_path:
                    # Move: rewrite the whole subtree (descendants included) in one UPDATE.
                    delta = new_depth - (old_path.count("/") - 1)
                    Unit.objects.filter(path__startswith=old_path).update(
                        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)), depth=F("depth") + delta
                    )
                else:
                    Unit.objects.filter(pk=self.pk).update(path=new_path, depth=new_depth)
                self.path, self.depth = new_path, new_depth

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.split("/") if part][:-1]


class UnitAlias(models.Model):
    """Old codes of a unit, so historic dossiers and contacts still resolve after a reorganisation."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name="đơn vị")
    code = models.CharField("mã cũ", max_length=50, unique=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "mã cũ của đơn vị"
        verbose_name_plural = "mã cũ của đơn vị"

    def __str__(self) -> str:
        return self.code


class PhoneLabel(models.TextChoices):
    DUTY = "truc_ban", "Trực ban"
    HOTLINE = "duong_day_nong", "Đường dây nóng"
    RECEPTION = "tiep_dan", "Tiếp công dân"
    OTHER = "khac", "Khác"


class UnitPhone(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="phones", verbose_name="đơn vị")
    label = models.CharField("loại số", max_length=20, choices=PhoneLabel.choices, default=PhoneLabel.DUTY)
    number = models.CharField("số điện thoại", max_length=30)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "số điện thoại"
        verbose_name_plural = "số điện thoại"

    def __str__(self) -> str:
        return f"{self.get_label_display()}: {self.number}"
