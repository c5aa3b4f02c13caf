from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """Last time a periodic task ran: proves beat scheduled it and a worker executed it."""

    name = models.CharField("tên", max_length=80, unique=True)
    last_seen = models.DateTimeField("lần cuối")
    worker = models.CharField("worker", max_length=200, blank=True)

    class Meta:
        verbose_name = "nhịp hoạt động"
        verbose_name_plural = "nhịp hoạt động"

    def __str__(self) -> str:
        return self.name
