from __future__ import annotations

from news.models import Article, Category
from publishing.models import PublishState
from tests.procedures.factories import ArticleFactory


def test_scripts_and_unknown_tags_are_removed_from_article_bodies(db):
    article = ArticleFactory(
        body='<p onclick="x()">Cảnh báo<script>alert(1)</script><img src=x onerror=y></p>'
        '<a href="javascript:alert(1)">xấu</a><a href="https://bocongan.gov.vn">tốt</a>'
    )
    article.refresh_from_db()
    assert "script" not in article.body and "onclick" not in article.body and "<img" not in article.body
    assert "javascript:" not in article.body
    assert 'href="https://bocongan.gov.vn"' in article.body and "<p>Cảnh báo" in article.body


def test_only_published_articles_are_listed_pinned_first(api, db):
    ArticleFactory(title="Tin thường", category=Category.NEWS)
    ArticleFactory(title="Cảnh báo ghim", category=Category.FRAUD_ALERT, pinned=True)
    draft = ArticleFactory(title="Bản nháp", state=PublishState.DRAFT)
    titles = [a["title"] for a in api.get("/api/v1/articles/").json()["results"]]
    assert titles == ["Cảnh báo ghim", "Tin thường"]
    assert api.get(f"/api/v1/articles/{draft.pk}/").status_code == 404


def test_articles_filter_by_category_and_pinned(api, db):
    ArticleFactory(title="A", category=Category.FRAUD_ALERT, pinned=True)
    ArticleFactory(title="B", category=Category.NOTICE)
    assert [a["title"] for a in api.get("/api/v1/articles/", {"category": "canh_bao"}).json()["results"]] == ["A"]
    assert [a["title"] for a in api.get("/api/v1/articles/", {"pinned": "true"}).json()["results"]] == ["A"]
    assert api.get("/api/v1/articles/", {"category": "khac"}).status_code == 400


def test_article_detail_has_the_body(api, db):
    article = ArticleFactory(body="<p>Nội dung <strong>quan trọng</strong></p>")
    body = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert body["body"] == "<p>Nội dung <strong>quan trọng</strong></p>"
    assert Article.objects.count() == 1


def test_covers_and_links_to_this_sites_files_are_absolute_for_the_zalo_webview(api, db, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_BASE_URL = ""
    article = ArticleFactory(
        title="Có ảnh",
        body='<p><a href="/media/forms/mau.docx">Tải mẫu</a> <a href="https://bocongan.gov.vn/x">Bộ</a></p>',
    )
    article.cover.save("anh.png", ContentFile(b"\x89PNG demo"))
    listed = api.get("/api/v1/articles/").json()["results"][0]
    assert listed["cover_url"] == "http://testserver/media/articles/anh.png"
    detail = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["cover_url"] == "http://testserver/media/articles/anh.png"
    assert 'href="http://testserver/media/forms/mau.docx"' in detail["body"]
    assert 'href="https://bocongan.gov.vn/x"' in detail["body"]
    settings.PUBLIC_BASE_URL = "https://dichvucong.congan.example.vn"
    assert api.get("/api/v1/articles/").json()["results"][0]["cover_url"].startswith("https://dichvucong.congan")
