from __future__ import annotations

from django.db import models


class OfficialAccount(models.Model):
    """One Zalo Official Account: the province's (exactly one, `is_province`) or a unit's. Each holds its own
    access/refresh token pair (encrypted at rest) and refreshes it on its own: the refresh token works only
    once, so every refresh of this OA happens under this row's lock (single flight), and one OA's failed
    refresh never touches another's row."""

    name = models.CharField("tên OA", max_length=200, default="OA Công an tỉnh")
    oa_id = models.CharField(
        "mã OA (oa_id)",
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Mã OA do Zalo cấp; sự kiện Zalo gửi về được chuyển tới OA có mã này. Để trống: điền khi cấp quyền.",
    )
    is_province = models.BooleanField("OA cấp tỉnh", default=False)
    unit = models.OneToOneField(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="official_account",
        verbose_name="đơn vị",
        help_text="Đơn vị sở hữu OA (để trống với OA cấp tỉnh).",
    )
    url = models.URLField("đường dẫn OA", blank=True, help_text="Ví dụ https://zalo.me/<mã OA>")
    broadcast_monthly_quota = models.PositiveIntegerField(
        "hạn mức tin truyền thông mỗi tháng",
        null=True,
        blank=True,
        help_text="Số tin truyền thông OA được gửi trong tháng theo gói của Zalo; để trống: dùng cấu hình chung.",
    )
    access_token_encrypted = models.TextField("mã truy cập (đã mã hóa)", blank=True)
    refresh_token_encrypted = models.TextField("mã làm mới (đã mã hóa)", blank=True)
    expires_at = models.DateTimeField("hết hạn lúc", null=True, blank=True)
    refreshed_at = models.DateTimeField("làm mới lần cuối", null=True, blank=True)
    last_error = models.CharField("lỗi gần nhất", max_length=300, blank=True)
    needs_authorization = models.BooleanField(
        "cần cấp quyền lại", default=True, help_text="Bật khi chưa có mã hoặc mã làm mới bị Zalo từ chối."
    )

    class Meta:
        ordering = ["-is_province", "name"]
        verbose_name = "Zalo OA"
        verbose_name_plural = "Zalo OA (mã truy cập, người quan tâm)"
        constraints = [
            models.UniqueConstraint(
                fields=["is_province"], condition=models.Q(is_province=True), name="zalo_one_province_oa"
            ),
            models.UniqueConstraint(fields=["oa_id"], condition=~models.Q(oa_id=""), name="zalo_oa_id_unique"),
            models.CheckConstraint(
                condition=models.Q(is_province=True, unit__isnull=True)
                | models.Q(is_province=False, unit__isnull=False),
                name="zalo_oa_province_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OAFollower(models.Model):
    """A Zalo user following one OA, from that OA's follow/unfollow webhook events. `follower_id` is the user's
    id for this OA (what OA messages are addressed to); `zalo_user_id` is the same user's id for our Mini App
    (`user_id_by_app`), which links the follower to a citizen once they have opened the Mini App."""

    oa = models.ForeignKey(OfficialAccount, on_delete=models.CASCADE, related_name="followers", verbose_name="OA")
    follower_id = models.CharField("id người quan tâm (theo OA)", max_length=64)
    zalo_user_id = models.CharField("id người dùng Mini App", max_length=64, blank=True, db_index=True)
    following = models.BooleanField("đang quan tâm", default=True)
    followed_at = models.DateTimeField("quan tâm lúc", null=True, blank=True)
    unfollowed_at = models.DateTimeField("bỏ quan tâm lúc", null=True, blank=True)

    class Meta:
        verbose_name = "người quan tâm OA"
        verbose_name_plural = "người quan tâm OA"
        constraints = [models.UniqueConstraint(fields=["oa", "follower_id"], name="zalo_follower_once_per_oa")]
        indexes = [models.Index(fields=["oa", "following"])]

    def __str__(self) -> str:
        return f"Người quan tâm #{self.pk} của {self.oa_id}"


class WebhookEvent(models.Model):
    """Every Zalo webhook event, stored once (duplicate deliveries are no-ops), processed by a task."""

    dedup_key = models.CharField("mã chống trùng", max_length=200, unique=True)
    event_name = models.CharField("loại sự kiện", max_length=80, db_index=True)
    payload = models.JSONField("nội dung nhận được")
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True)
    processed_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    error = models.CharField("lỗi", max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "sự kiện Zalo gửi về"
        verbose_name_plural = "sự kiện Zalo gửi về"

    def __str__(self) -> str:
        return f"{self.event_name} {self.received_at:%d/%m %H:%M}"
