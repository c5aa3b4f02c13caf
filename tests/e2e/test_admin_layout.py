"""Every admin list page fits a 1366×900 screen with the navigation sidebar open (about 717 px left for the
list beside the filters): no horizontal scroll, and the results table no wider than its box. Walked as a superuser
(every model, every unit), from the links on the admin index."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS, PageProblems, watch

# The table's right edge against the content column's, and the page against the window.
_OVERFLOW = """
() => {
  const vw = window.innerWidth;
  const problems = [];
  const page = document.scrollingElement.scrollWidth;
  if (page > vw) problems.push(`the page is ${page}px wide in a ${vw}px window`);
  // The list scrolls sideways inside its own box (.results, overflow-x: auto) when it does not fit: the
  // columns past the edge (the ones at the end) are off-screen.
  const results = document.querySelector('#changelist .results');
  if (results && results.scrollWidth > results.clientWidth + 1) {
    problems.push(`the list is ${results.scrollWidth}px wide in ${results.clientWidth}px`);
  }
  return problems;
}
"""


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def admin(page: Page, demo_server: str, problems: PageProblems):
    from accounts.models import User
    from reports.demo import demo_reports_load

    demo_reports_load()
    password = secrets.token_urlsafe(16)
    User.objects.create_superuser(username="layout-admin", password=password, email="layout@example.vn")
    watch(page, problems)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.set_default_timeout(15_000)
    page.goto(f"{demo_server}/admin/login/")
    page.fill("#id_username", "layout-admin")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    yield page


def test_every_changelist_fits_1366_px_with_the_sidebar(admin: Page, demo_server: str) -> None:
    links = admin.eval_on_selector_all(
        "#content-main th[scope=row] a[href]", "els => [...new Set(els.map(e => e.getAttribute('href')))]"
    )
    assert len(links) > 10, links
    failures = []
    for href in links:
        response = admin.goto(f"{demo_server}{href}")
        if response is None or response.status != 200 or not admin.locator("#changelist").count():
            continue  # a custom page (a dashboard), not a list
        for problem in admin.evaluate(_OVERFLOW):
            failures.append(f"{href}: {problem}")
            shot(admin, f"admin-{href.strip('/').replace('/', '-')}")
    assert failures == [], "\n".join(failures)


def test_the_dossier_list_puts_the_officers_key_columns_first(admin: Page, demo_server: str) -> None:
    admin.goto(f"{demo_server}/admin/dossiers/dossier/")
    headers = [h.strip().lower() for h in admin.locator("#result_list thead th").all_inner_texts() if h.strip()]
    assert headers[:5] == ["mã hồ sơ", "người nộp", "trạng thái", "ngày hẹn trả kết quả", "hạn"], headers
    shot(admin, "admin-dossier-list-1366x900")
