from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức và cảnh báo"

    def ready(self) -> None:
        from common.cache import invalidate_on_change
        from news.models import Article, NewsCategory

        invalidate_on_change("news", [Article, NewsCategory])
