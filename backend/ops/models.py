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


class AlertRecipient(models.Model):
    """An IT officer's own Zalo, reached through the OA: enrolled by sending the status page's code to the OA."""

    follower_id = models.CharField("mã người theo dõi OA", max_length=64, unique=True)
    user = models.ForeignKey(
        "accounts.User", verbose_name="cán bộ", on_delete=models.CASCADE, related_name="alert_recipients"
    )
    created_at = models.DateTimeField("đăng ký lúc", auto_now_add=True)
    last_sent = models.DateTimeField("gửi lần cuối", null=True, blank=True)
    last_error = models.CharField("lỗi lần cuối", max_length=300, blank=True)

    class Meta:
        verbose_name = "người nhận cảnh báo qua Zalo"
        verbose_name_plural = "người nhận cảnh báo qua Zalo"

    def __str__(self) -> str:
        return f"{self.user} (Zalo)"


class AlertEnrolment(models.Model):
    """A one-time code shown to an officer on the status page; sending it to the OA enrols their Zalo."""

    user = models.OneToOneField("accounts.User", verbose_name="cán bộ", on_delete=models.CASCADE)
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField("hết hạn")

    class Meta:
        verbose_name = "mã đăng ký nhận cảnh báo"
        verbose_name_plural = "mã đăng ký nhận cảnh báo"

    def __str__(self) -> str:
        return f"mã của {self.user}"
