from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from news.models import Article, NewsCategory
from publishing.admin import REVIEW_FIELDS, PublishableAdminMixin


@admin.register(Article)
class ArticleAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "category", "pinned", "state_badge", "published_at"]
    list_select_related = ["category"]
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

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, str | list[str]]:
        # A new article starts in the first category in use (the editors' order), so the form never opens empty.
        initial = super().get_changeform_initial_data(request)
        if "category" not in initial:
            first = NewsCategory.objects.filter(is_active=True).order_by("order", "name").values_list("slug", flat=True)
            if slug := first.first():
                initial["category"] = slug
        return initial


@admin.register(NewsCategory)
class NewsCategoryAdmin(admin.ModelAdmin):
    """Editors add, rename, hide and order the categories; the Mini App shows them in this order."""

    list_display = ["name", "slug", "order", "is_active", "is_alert"]
    list_editable = ["order", "is_active"]
    list_display_links = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def get_readonly_fields(self, request: HttpRequest, obj: NewsCategory | None = None) -> list[str]:
        # The slug is the key articles keep: fixed once a category has articles.
        if obj is not None and obj.articles.exists():
            return ["slug"]
        return []
