from __future__ import annotations

from news.models import Article, Category
from publishing.models import PublishState
from tests.procedures.factories import ArticleFactory, news_category


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
    ArticleFactory(title="Tin thường", category=news_category(Category.NEWS))
    ArticleFactory(title="Cảnh báo ghim", category=news_category(Category.FRAUD_ALERT), pinned=True)
    draft = ArticleFactory(title="Bản nháp", state=PublishState.DRAFT)
    titles = [a["title"] for a in api.get("/api/v1/articles/").json()["results"]]
    assert titles == ["Cảnh báo ghim", "Tin thường"]
    assert api.get(f"/api/v1/articles/{draft.pk}/").status_code == 404


def test_articles_filter_by_category_and_pinned(api, db):
    ArticleFactory(title="A", category=news_category(Category.FRAUD_ALERT), pinned=True)
    ArticleFactory(title="B", category=news_category(Category.NOTICE))
    assert [a["title"] for a in api.get("/api/v1/articles/", {"category": "canh_bao"}).json()["results"]] == ["A"]
    assert [a["title"] for a in api.get("/api/v1/articles/", {"pinned": "true"}).json()["results"]] == ["A"]
    assert api.get("/api/v1/articles/", {"category": "khac"}).json()["results"] == []
    assert api.get("/api/v1/articles/", {"category": "không hợp lệ"}).status_code == 400


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


def test_categories_are_listed_in_the_editors_order_without_hidden_ones(api, db):
    from news.models import NewsCategory

    news_category(Category.NEWS)
    NewsCategory.objects.filter(slug=Category.NOTICE).update(order=1)
    NewsCategory.objects.create(slug="giao_thong", name="An toàn giao thông", order=15)
    NewsCategory.objects.create(slug="cu", name="Chuyên mục cũ", order=5, is_active=False)
    body = api.get("/api/v1/articles/categories/").json()
    assert [c["slug"] for c in body] == ["thong_bao", "canh_bao", "giao_thong", "tin_tuc"]
    assert body[1] == {"slug": "canh_bao", "name": "Cảnh báo lừa đảo", "is_alert": True}


def test_an_article_carries_its_categorys_name_and_warning_style(api, db):
    from news.models import NewsCategory

    traffic = NewsCategory.objects.create(slug="giao_thong", name="An toàn giao thông", order=15)
    ArticleFactory(title="Lịch tuần tra", category=traffic)
    ArticleFactory(title="Lừa đảo", category=news_category(Category.FRAUD_ALERT))
    rows = {a["title"]: a for a in api.get("/api/v1/articles/").json()["results"]}
    assert rows["Lịch tuần tra"]["category"] == "giao_thong"
    assert rows["Lịch tuần tra"]["category_display"] == "An toàn giao thông"
    assert rows["Lịch tuần tra"]["category_alert"] is False and rows["Lừa đảo"]["category_alert"] is True
    assert [a["title"] for a in api.get("/api/v1/articles/", {"category": "giao_thong"}).json()["results"]] == [
        "Lịch tuần tra"
    ]
    NewsCategory.objects.create(slug="cu", name="Chuyên mục cũ", is_active=False)
    ArticleFactory(title="Bài cũ", category=NewsCategory.objects.get(slug="cu"))
    assert api.get("/api/v1/articles/", {"category": "cu"}).json()["results"] == []  # a hidden category lists nothing


def test_the_migration_turned_the_three_fixed_categories_into_rows(db):
    from news.models import NewsCategory

    # The test database is built by the migrations: the data migration's rows are there.
    assert list(NewsCategory.objects.values_list("slug", "name", "is_alert")) == [
        ("canh_bao", "Cảnh báo lừa đảo", True),
        ("tin_tuc", "Tin tức", False),
        ("thong_bao", "Thông báo", False),
    ]


def test_the_add_form_opens_in_the_first_category_in_use(client, db, tree):
    """A new article starts in the editors' first active category: the form never opens with nothing chosen (the
    field is required, and a writer who missed it lost the whole draft to "Trường này là bắt buộc")."""
    from accounts import roles
    from news.models import NewsCategory
    from tests.factories import OfficerFactory

    NewsCategory.objects.filter(slug="canh_bao").update(is_active=False)
    NewsCategory.objects.create(slug="giao_thong", name="An toàn giao thông", order=0)
    client.force_login(OfficerFactory(username="editor", unit=tree.province, roles=[roles.CONTENT_EDITOR]))
    page = client.get("/admin/news/article/add/").content.decode()
    assert '<option value="giao_thong" selected>' in page


def test_a_form_with_a_missing_field_says_so_in_vietnamese(client, db, tree):
    from accounts import roles
    from tests.factories import OfficerFactory

    client.force_login(OfficerFactory(username="editor", unit=tree.province, roles=[roles.CONTENT_EDITOR]))
    page = client.post("/admin/news/article/add/", {"title": "", "body": ""}).content.decode()
    assert "Vui lòng sửa các lỗi bên dưới." in page and "Please correct" not in page
