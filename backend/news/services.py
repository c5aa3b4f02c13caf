from __future__ import annotations

from news.defaults import DEFAULT_CATEGORIES
from news.models import NewsCategory


def news_category_defaults_ensure() -> list[NewsCategory]:
    """The starting categories, created if missing (an editor's later changes to them are kept)."""
    return [
        NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name, "order": order, "is_alert": is_alert})[0]
        for slug, name, order, is_alert in DEFAULT_CATEGORIES
    ]
