"""What the inbox keeps: the apology letters it wrote, officers' linked Zalo accounts and the leaders' digests.

The items of the page themselves are never stored: each source reads them from its own app (sources.py)."""

from __future__ import annotations

from django.db import models

from common.models import officer_link


class Apology(models.Model):
    """One "phiếu xin lỗi và hẹn lại ngày trả kết quả" sent for a late dossier (docs/inbox.md).

    Unique per (dossier, new date): a second submit of the same form finds this row and changes nothing."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="apologies", verbose_name="hồ sơ"
    )
    event = models.ForeignKey(
        "dossiers.DossierEvent", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="diễn biến"
    )
    previous_date = models.DateField("ngày hẹn cũ", null=True, blank=True)
    new_date = models.DateField("ngày hẹn mới")
    reason = models.TextField("lý do chậm trễ")
    text = models.TextField("nội dung phiếu xin lỗi")
    officer = officer_link("cán bộ gửi")
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "new_date"], name="inbox_apology_once_per_date")]
        verbose_name = "phiếu xin lỗi, hẹn lại"
        verbose_name_plural = "phiếu xin lỗi, hẹn lại"

    def __str__(self) -> str:
        return f"Xin lỗi, hẹn lại ngày {self.new_date:%d/%m/%Y}"


class OfficerZalo(models.Model):
    """An officer's own Zalo, as the province's OA knows them (their follower id): the leader's digest goes there."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="inbox_zalo", verbose_name="cán bộ"
    )
    follower_id = models.CharField(
        "mã người quan tâm OA",
        max_length=64,
        unique=True,
        help_text="Do Zalo cấp khi cán bộ gửi mã liên kết tới OA; nhập tay chỉ khi đã đối chiếu với Zalo.",
    )
    linked_at = models.DateTimeField("liên kết lúc", auto_now=True)
    last_error = models.CharField("lỗi gửi gần nhất", max_length=300, blank=True)

    class Meta:
        verbose_name = "Zalo của cán bộ"
        verbose_name_plural = "Zalo của cán bộ"

    def __str__(self) -> str:
        return f"Zalo của {self.user}"


class ZaloLinkCode(models.Model):
    """A one-time code shown to an officer; sending it to the OA from their Zalo links that Zalo (zalo_link.py)."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="cán bộ")
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField("hết hạn")

    class Meta:
        verbose_name = "mã liên kết Zalo"
        verbose_name_plural = "mã liên kết Zalo"

    def __str__(self) -> str:
        return f"mã của {self.user}"


class DigestChannel(models.TextChoices):
    ZALO = "zalo", "Zalo (tin nhắn OA)"
    EMAIL = "email", "Thư điện tử"
    NONE = "", "Chưa gửi"


class DigestState(models.TextChoices):
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Không gửi được"


class DigestDelivery(models.Model):
    """One leader's digest of one day: claimed before sending, so a second run of the task sends nothing."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="inbox_digests", verbose_name="lãnh đạo"
    )
    day = models.DateField("ngày")
    state = models.CharField("trạng thái", max_length=10, choices=DigestState.choices, default=DigestState.SENDING)
    channel = models.CharField("kênh", max_length=10, choices=DigestChannel.choices, blank=True)
    body = models.TextField("nội dung", blank=True)
    reason = models.CharField("lý do", max_length=300, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="inbox_digest_once_a_day")]
        verbose_name = "bản tin việc cần làm gửi lãnh đạo"
        verbose_name_plural = "bản tin việc cần làm gửi lãnh đạo"

    def __str__(self) -> str:
        return f"{self.user} {self.day:%d/%m/%Y}"
