from __future__ import annotations

from rest_framework import serializers

from news.models import Article


class ArticleListOutput(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display")
    cover_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "title", "summary", "category", "category_display", "pinned", "published_at", "cover_url"]

    def get_cover_url(self, obj: Article) -> str:
        return obj.cover.url if obj.cover else ""


class ArticleDetailOutput(ArticleListOutput):
    class Meta(ArticleListOutput.Meta):
        fields = ArticleListOutput.Meta.fields + ["body"]
