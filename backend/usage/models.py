"""Usage figures without personal data (docs/usage.md).

`UsageEvent` rows are raw events, kept USAGE_RAW_DAYS days; `UsageDaily` rows are the per-day counts the
dashboard reads, kept. Neither holds a citizen, a device id, an address or a dossier code: a visit's `key` is a
hash under a salt that exists only for that day (recording.py), blanked once the day is counted.
"""

from __future__ import annotations

from django.db import models

from units.models import Unit


class Kind(models.TextChoices):
    VISIT = "visit", "Lượt mở Mini App"
    VISITORS = "visitors", "Người dùng khác nhau trong ngày"
    PAGE_VIEW = "page_view", "Lượt xem trang"
    SEARCH = "search", "Lượt tìm kiếm"
    SEARCH_EMPTY = "search_empty", "Tìm kiếm không có kết quả"
    GUIDE_READ = "guide_read", "Lượt đọc hướng dẫn thủ tục"
    LOOKUP = "lookup", "Lượt tra cứu hồ sơ"
    REPORT = "report", "Tin báo, phản ánh gửi đến"
    BROADCAST_SENT = "broadcast_sent", "Tin quảng bá đã gửi"
    BROADCAST_OPENED = "broadcast_opened", "Tin quảng bá đã xem"
    NOTIFICATION_OPENED = "notification_opened", "Thông báo hồ sơ đã xem"


class UsageEvent(models.Model):
    # Raw events are read only by day (the daily count, the purge): the (day, kind) index serves both, and each
    # further index would cost every recorded request's share of a flush.
    day = models.DateField("ngày")
    occurred_at = models.DateTimeField("lúc")
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)
    key = models.CharField("chi tiết", max_length=200, blank=True)
    # No database constraint: events are written in bulk from a buffer, and a unit id that does not exist
    # (a stale page) must not lose the whole batch; the dashboard joins units when it shows them.
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = "sự kiện sử dụng"
        verbose_name_plural = "sự kiện sử dụng"
        indexes = [models.Index(fields=["day", "kind"])]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"


class UsageDaily(models.Model):
    day = models.DateField("ngày")
    kind = models.CharField("loại", max_length=24, choices=Kind.choices)
    key = models.CharField("chi tiết", max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    count = models.PositiveIntegerField("số lượng")

    class Meta:
        verbose_name = "số liệu sử dụng theo ngày"
        verbose_name_plural = "số liệu sử dụng"
        indexes = [models.Index(fields=["kind", "day"]), models.Index(fields=["day"])]
        permissions = [("view_usage_dashboard", "Xem số liệu sử dụng và xuất báo cáo")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}: {self.count}"
