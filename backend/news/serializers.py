from __future__ import annotations

import re

from rest_framework import serializers

from common.public_url import absolute_url, file_url
from news.models import Article, NewsCategory


class NewsCategoryOutput(serializers.ModelSerializer):
    class Meta:
        model = NewsCategory
        fields = ["slug", "name", "is_alert"]


class ArticleListOutput(serializers.ModelSerializer):
    category = serializers.CharField(source="category_id", help_text="Mã chuyên mục")
    category_display = serializers.CharField(source="category.name")
    category_alert = serializers.BooleanField(source="category.is_alert", help_text="Hiển thị như cảnh báo")
    cover_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "summary",
            "category",
            "category_display",
            "category_alert",
            "pinned",
            "published_at",
            "cover_url",
        ]

    def get_cover_url(self, obj: Article) -> str:
        """Absolute: the Mini App shows it from Zalo's host (common/public_url.py)."""
        return file_url(obj.cover, self.context.get("request"))


# A link in an article's body to a file of this site (href="/media/…"): made absolute like the cover.
_SITE_LINK = re.compile(r'href="(/[^"/][^"]*)"')


class ArticleDetailOutput(ArticleListOutput):
    class Meta(ArticleListOutput.Meta):
        fields = ArticleListOutput.Meta.fields + ["body"]

    def to_representation(self, instance: Article) -> dict:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if 'href="/' in data["body"]:
            data["body"] = _SITE_LINK.sub(lambda m: f'href="{absolute_url(m.group(1), request)}"', data["body"])
        return data
