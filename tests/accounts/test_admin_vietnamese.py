"""No English reaches an officer: every admin page each role opens, read as the officer reads it.

For every role (and the superuser the province's system administrator signs in as) the walk opens the index,
every app index, and of every model the role may see: the list, the add form, one row's change form and its
history. The visible text (tags, scripts and styles stripped; title, aria-label, placeholder and button values
kept) must hold no English word (tests/english.py). The 403, 404 and CSRF pages are read the same way.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client

from tests.accounts.test_admin_url_walk import world  # noqa: F401  (the fixture: a row behind every page)
from tests.english import english_in_html, visible_text

pytestmark = pytest.mark.slow


def _pages(user: Any) -> list[str]:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    pages = ["/admin/"]
    for label in sorted({m._meta.app_label for m in admin.site._registry}):
        pages.append(f"/admin/{label}/")
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label):
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages += [base, base + "add/"]
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None:
            pages += [f"{base}{obj.pk}/change/", f"{base}{obj.pk}/history/"]
    return pages


def _read(client: Client, pages: list[str]) -> tuple[int, list[str]]:
    opened, problems = 0, []
    for path in pages:
        response = client.get(path)
        if response.status_code != 200 or response.streaming or "html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        html = response.content.decode()
        problems += [f"{path}: {word!r} in {text!r}" for word, text in english_in_html(html, allowed=DATA_NAMES)]
    return opened, problems


# Names the system or Zalo gives and an officer reads as they are: the background processes on the status
# pages ("worker", "beat") and the event names Zalo sends ("follow").
DATA_NAMES = frozenset({"worker", "beat", "follow"})


@pytest.mark.parametrize("role", ["officer_a", "leader_a", "editor", "provincial_admin"])
def test_no_english_word_on_any_admin_page_a_role_opens(role, world, provincial_admin):  # noqa: F811
    from django.contrib.auth import get_user_model

    from sync.models import QuarantinedRecord

    user = world.get(role) or provincial_admin
    # The fixtures' usernames are English ("editor", "root"): data, not wording; so is the walk's made-up reason.
    for other in get_user_model().objects.all():
        other.username = f"can.bo.{other.pk}"
        other.save(update_fields=["username"])
    QuarantinedRecord.objects.update(reason="missing")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    opened, problems = _read(client, _pages(user))
    assert opened > 3, "the role opened no page"
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_error_pages_an_officer_meets_are_vietnamese(officer_a):
    client = Client(raise_request_exception=False)
    client.force_login(officer_a)
    forbidden = client.get("/admin/auth/group/add/")
    missing = client.get("/admin/khong-co-trang-nay/")
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(officer_a)
    refused = csrf.post("/admin/logout/")
    assert (forbidden.status_code, missing.status_code, refused.status_code) == (403, 404, 403)
    for response in (forbidden, missing, refused):
        html = response.content.decode()
        assert english_in_html(html) == [], visible_text(html)
    assert "Không có quyền" in forbidden.content.decode()


def test_the_detector_finds_the_english_officers_reported():
    from tests.english import english_words

    assert english_words("Show counts") == ["Show", "counts"]
    assert english_words("Toggle theme (current theme: auto)")
    assert english_words("Skip to main content")
    assert english_words("403 Forbidden") == ["Forbidden"]
    assert english_words("Zalo user id") == ["user"]
    assert english_words("Lịch sử thay đổi · Đăng ký thường trú · mã QR · HS-DEMO-0001 · nhanh, theo dõi") == []


def test_a_refused_admin_page_logs_one_line_without_a_traceback(officer_a, caplog):
    import logging

    client = Client(raise_request_exception=False)
    client.force_login(officer_a)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/admin/auth/group/add/").status_code == 403
    lines = [r for r in caplog.records if r.name == "django.request"]
    assert lines and "Forbidden" in lines[0].getMessage()
    assert all(r.exc_info is None and not r.exc_text for r in lines), "a 403 wrote a traceback"
