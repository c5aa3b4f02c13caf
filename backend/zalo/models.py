from __future__ import annotations

from django.db import models


class OAToken(models.Model):
    """The one OA access/refresh token pair (encrypted at rest). The refresh token works only once,
    so every refresh happens under this row's lock (single flight)."""

    access_token_encrypted = models.TextField("mã truy cập (đã mã hóa)", blank=True)
    refresh_token_encrypted = models.TextField("mã làm mới (đã mã hóa)", blank=True)
    expires_at = models.DateTimeField("hết hạn lúc", null=True, blank=True)
    refreshed_at = models.DateTimeField("làm mới lần cuối", null=True, blank=True)
    last_error = models.CharField("lỗi gần nhất", max_length=300, blank=True)
    needs_authorization = models.BooleanField(
        "cần cấp quyền lại", default=True, help_text="Bật khi chưa có mã hoặc mã làm mới bị Zalo từ chối."
    )

    class Meta:
        verbose_name = "mã truy cập Zalo OA"
        verbose_name_plural = "mã truy cập Zalo OA"

    def __str__(self) -> str:
        return (
            f"Mã truy cập Zalo OA (hết hạn {self.expires_at:%d/%m/%Y %H:%M})"
            if self.expires_at
            else "Mã truy cập Zalo OA (chưa có)"
        )


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
