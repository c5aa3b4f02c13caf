from __future__ import annotations

import nh3
from django.db import models
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from publishing.models import Publishable

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h2", "h3", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def sanitize_html(html: str) -> str:
    """Keep only simple formatting; links get rel="noopener noreferrer"."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "tel"})


class Category:
    """Slugs of the three categories every installation starts with (migration 0002); editors add more."""

    NEWS = "tin_tuc"
    FRAUD_ALERT = "canh_bao"
    NOTICE = "thong_bao"


class NewsCategory(models.Model):
    """A news category (chuyên mục): data, so a province runs as many as it needs, in the order it chooses."""

    name = models.CharField("tên chuyên mục", max_length=100)
    slug = models.SlugField(
        "mã chuyên mục",
        max_length=20,
        unique=True,
        help_text="Chữ thường không dấu, nối bằng gạch dưới hoặc gạch ngang (ví dụ: canh_bao). Không đổi sau khi đã có bài viết.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Số nhỏ đứng trước trong Mini App.")
    is_active = models.BooleanField("đang dùng", default=True, help_text="Bỏ chọn để ẩn chuyên mục khỏi Mini App.")
    is_alert = models.BooleanField(
        "hiển thị như cảnh báo", default=False, help_text="Bài của chuyên mục này có viền đỏ cảnh báo trong Mini App."
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "chuyên mục tin"
        verbose_name_plural = "chuyên mục tin"

    def __str__(self) -> str:
        return self.name


class Article(Publishable, TimeStampedModel):
    title = models.CharField("tiêu đề", max_length=300)
    summary = models.TextField("tóm tắt", blank=True)
    body = models.TextField(
        "nội dung", help_text="Chỉ giữ định dạng đơn giản: đoạn, danh sách, đậm, nghiêng, liên kết."
    )
    cover = models.ImageField("ảnh bìa", upload_to="articles/", blank=True)
    # The column keeps the slug it always held ("tin_tuc"…): a key to NewsCategory.slug, not to its id.
    category = models.ForeignKey(
        NewsCategory,
        on_delete=models.PROTECT,
        to_field="slug",
        db_column="category",
        related_name="articles",
        verbose_name="chuyên mục",
    )
    pinned = models.BooleanField("ghim lên trang chủ", default=False, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        verbose_name = "bài viết"
        verbose_name_plural = "tin tức, cảnh báo, thông báo"
        permissions = [("publish_article", "Duyệt và đăng bài viết")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)
