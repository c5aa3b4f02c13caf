from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from news.models import Article
from publishing.admin import REVIEW_FIELDS, PublishableAdminMixin


@admin.register(Article)
class ArticleAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "category", "pinned", "state_badge", "published_at"]
    list_filter = ["state", "category", "pinned"]
    search_fields = ["title", "summary"]
    fields = [  # type: ignore[assignment]
        "title",
        "summary",
        "body",
        "cover",
        "category",
        "pinned",
    ] + REVIEW_FIELDS
