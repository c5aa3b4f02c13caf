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


class Category(models.TextChoices):
    NEWS = "tin_tuc", "Tin tức"
    FRAUD_ALERT = "canh_bao", "Cảnh báo lừa đảo"
    NOTICE = "thong_bao", "Thông báo"


class Article(Publishable, TimeStampedModel):
    title = models.CharField("tiêu đề", max_length=300)
    summary = models.TextField("tóm tắt", blank=True)
    body = models.TextField(
        "nội dung", help_text="Chỉ giữ định dạng đơn giản: đoạn, danh sách, đậm, nghiêng, liên kết."
    )
    cover = models.ImageField("ảnh bìa", upload_to="articles/", blank=True)
    category = models.CharField("chuyên mục", max_length=20, choices=Category.choices, default=Category.NEWS)
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
