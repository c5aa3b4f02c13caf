"""Broadcasts (tin truyền thông): a warning or notice an editor writes for one OA's followers, optionally only
those in one commune/ward, sent at a scheduled time after approval (the publishing workflow). One row per
recipient records the outcome; a recipient is sent to at most once, even across worker restarts."""

from __future__ import annotations

from django.db import models

from common.models import officer_link
from publishing.models import Publishable


class BroadcastKind(models.TextChoices):
    FRAUD_ALERT = "fraud_alert", "Cảnh báo lừa đảo"
    PATROL = "patrol_schedule", "Lịch tuần tra, kiểm soát"
    SERVICE = "service_announcement", "Thông báo dịch vụ công"


class SendState(models.TextChoices):
    WAITING = "waiting", "Chờ đến giờ gửi"
    SENDING = "sending", "Đang gửi"
    STOPPED = "stopped", "Đã dừng"
    DONE = "done", "Đã gửi xong"


class Broadcast(Publishable):
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="broadcasts",
        verbose_name="đơn vị soạn",
        help_text="Cán bộ chỉ thấy tin của đơn vị mình và đơn vị cấp dưới.",
    )
    oa = models.ForeignKey(
        "zalo.OfficialAccount", on_delete=models.PROTECT, related_name="broadcasts", verbose_name="gửi từ OA"
    )
    kind = models.CharField("loại tin", max_length=30, choices=BroadcastKind.choices)
    title = models.CharField("tiêu đề", max_length=100)
    body = models.TextField("nội dung", max_length=1000)
    article = models.ForeignKey(
        "news.Article",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bài viết kèm theo",
        help_text="Nút trong tin mở bài viết này trong Mini App (bài phải đã đăng).",
    )
    area = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chỉ gửi người ở phường/xã",
        help_text=(
            "Để trống: mọi người quan tâm OA. Chọn một phường/xã: chỉ người đã có hồ sơ hoặc tin báo do công an "
            "phường/xã đó (hay đơn vị cấp dưới của nó) xử lý."
        ),
    )
    scheduled_at = models.DateTimeField("gửi lúc")
    send_state = models.CharField("tình trạng gửi", max_length=20, choices=SendState.choices, default=SendState.WAITING)
    send_note = models.CharField("ghi chú gửi", max_length=300, blank=True)
    created_by = officer_link("người soạn")
    started_at = models.DateTimeField("bắt đầu gửi lúc", null=True, blank=True)
    finished_at = models.DateTimeField("gửi xong lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        verbose_name = "tin truyền thông"
        verbose_name_plural = "tin truyền thông (cảnh báo, thông báo)"
        permissions = [("publish_broadcast", "Duyệt tin truyền thông"), ("send_broadcast", "Dừng, gửi tiếp tin")]
        indexes = [models.Index(fields=["state", "send_state", "scheduled_at"])]

    def save(self, *args, **kwargs) -> None:
        # The approval workflow (publishing) scopes content by its owning unit: a broadcast belongs to the unit
        # that wrote it, so its own unit's approvers (or those above) approve it — not the province's alone.
        if self.owner_unit_id is None and self.unit_id is not None:
            self.owner_unit_id = self.unit_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "owner_unit"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title


class RecipientState(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    SEEN = "seen", "Đã xem"
    FAILED = "failed", "Thất bại"
    SKIPPED = "skipped", "Bỏ qua"
    UNKNOWN = "unknown", "Không rõ (không gửi lại)"


class BroadcastRecipient(models.Model):
    broadcast = models.ForeignKey(Broadcast, on_delete=models.CASCADE, related_name="recipients")
    follower = models.ForeignKey(
        "zalo.OAFollower", on_delete=models.CASCADE, related_name="broadcasts", verbose_name="người quan tâm"
    )
    state = models.CharField("kết quả", max_length=20, choices=RecipientState.choices, default=RecipientState.PENDING)
    code = models.IntegerField("mã lỗi Zalo", null=True, blank=True)
    detail = models.CharField("chi tiết", max_length=300, blank=True)
    message_id = models.CharField("mã tin của Zalo", max_length=100, blank=True, db_index=True)
    claimed_at = models.DateTimeField("bắt đầu gửi lúc", null=True, blank=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    seen_at = models.DateTimeField("xem lúc", null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "người nhận"
        verbose_name_plural = "người nhận"
        constraints = [models.UniqueConstraint(fields=["broadcast", "follower"], name="broadcast_recipient_once")]
        indexes = [models.Index(fields=["broadcast", "state"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_state_display()}"
