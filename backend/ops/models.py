from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """Last time a periodic task ran: proves beat scheduled it and a worker executed it."""

    name = models.CharField("tên", max_length=80, unique=True)
    last_seen = models.DateTimeField("lần cuối")
    worker = models.CharField("tiến trình xử lý nền", max_length=200, blank=True)

    class Meta:
        verbose_name = "nhịp hoạt động"
        verbose_name_plural = "nhịp hoạt động"

    def __str__(self) -> str:
        return self.name


class AlertState(models.Model):
    """A problem the IT officers were told about, and when: so beat and cron never mail it twice."""

    name = models.CharField("vấn đề", max_length=200, unique=True)
    detail = models.TextField("chi tiết", blank=True)
    first_seen = models.DateTimeField("thấy lần đầu")
    last_sent = models.DateTimeField("báo lần cuối")

    class Meta:
        verbose_name = "cảnh báo đang mở"
        verbose_name_plural = "cảnh báo đang mở"

    def __str__(self) -> str:
        return self.name
