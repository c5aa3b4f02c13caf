"""An approver who writes an article cannot approve it (Thông tư 45; docs/guides.md "Quy trình duyệt"): the admin
refuses in Vietnamese, another approver approves, and only then do citizens get it from the public API."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS

TITLE = "Cảnh báo: giả danh công an gọi điện yêu cầu chuyển tiền"


def _sign_in(page: Page, server: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{server}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()


def _run_action(page: Page, server: str, action: str) -> None:
    page.goto(f"{server}/admin/news/article/?q=gi%E1%BA%A3+danh")
    page.get_by_role("row").filter(has_text=TITLE).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


@pytest.fixture
def officers(demo_server: str) -> dict[str, str]:
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import User
    from units.models import Unit

    root = Unit.objects.get(parent__isnull=True)
    password = secrets.token_urlsafe(16)
    cast = {"viet.duyet": [roles.CONTENT_EDITOR, roles.CONTENT_APPROVER], "duyet.khac": [roles.CONTENT_APPROVER]}
    for username, role_names in cast.items():
        user = User.objects.create_user(username=username, password=password, unit=root, is_staff=True)
        user.groups.set(Group.objects.filter(name__in=role_names))
    return {"password": password}


def test_an_approver_cannot_approve_their_own_article_and_another_approver_publishes_it(
    page: Page, demo_server: str, officers: dict[str, str]
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.set_default_timeout(15_000)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    password = officers["password"]

    # The writer, who also holds the approver role, writes the article and sends it for review.
    _sign_in(page, demo_server, "viet.duyet", password)
    page.goto(f"{demo_server}/admin/news/article/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Công an không gọi điện yêu cầu chuyển tiền.")
    page.fill("#id_body", "<p>Không chuyển tiền cho người tự xưng là công an qua điện thoại.</p>")
    page.click("input[name=_submit_review]")
    expect(page.locator(".messagelist")).to_contain_text("Đã lưu và gửi duyệt")

    # They try to approve it themselves: refused, with the reason.
    _run_action(page, demo_server, "publish")
    expect(page.locator(".messagelist")).to_contain_text("Bạn không thể tự duyệt nội dung do chính mình gửi duyệt")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "content-self-approval-refused.png"))
    assert TITLE not in page.request.get(f"{demo_server}/api/v1/articles/?page_size=100").text()

    # Another approver approves it; the change page records who wrote, submitted and approved.
    _sign_in(page, demo_server, "duyet.khac", password)
    _run_action(page, demo_server, "publish")
    expect(page.locator(".messagelist")).to_contain_text("Đã đăng: 1 mục")
    page.get_by_role("link", name=TITLE).click()
    trail = page.locator("table.review-trail")
    expect(trail).to_contain_text("Gửi duyệt")
    expect(trail).to_contain_text("Duyệt và đăng")

    # Citizens get it now.
    listed = page.request.get(f"{demo_server}/api/v1/articles/?page_size=100").json()["results"]
    assert TITLE in [article["title"] for article in listed]
