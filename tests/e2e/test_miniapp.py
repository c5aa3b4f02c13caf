"""The Mini App as a citizen sees it, in headless Chromium, against the live backend with demo data."""

from __future__ import annotations

import re

from django.conf import settings as django_settings
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORTS, screenshot, zalo_calls

QUICK_ACTIONS = [
    "Tra cứu hồ sơ",
    "Thủ tục hành chính",
    "Tố giác tội phạm",
    "Phản ánh kiến nghị",
    "Đánh giá hài lòng",
    "Hỏi cán bộ",
    "Liên hệ",
]
COMMUNE = "Công an xã Trùng Khánh (Demo)"
OTHER_COMMUNE = "Công an xã Đức Hạnh (Demo)"


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def open_contacts(app: Page) -> None:
    app.get_by_role("button", name="Liên hệ", exact=True).click()
    expect(app.get_by_role("heading", name="Liên hệ", exact=True)).to_be_visible()


def test_home_shows_the_unit_name_and_the_seven_quick_actions(app: Page) -> None:
    expect(app.get_by_role("heading", name=django_settings.SITE_NAME)).to_be_visible()
    expect(app.get_by_text("Kênh dịch vụ công chính thức")).to_be_visible()
    services = app.get_by_role("navigation", name="Dịch vụ").get_by_role("button")
    expect(services).to_have_text(QUICK_ACTIONS)
    expect(app.get_by_text(re.compile(r"giả danh Công an gọi điện"))).to_be_visible()  # a pinned fraud alert
    for size, viewport in VIEWPORTS.items():
        app.set_viewport_size(viewport)
        screenshot(app, f"home-{size}")


def test_the_113_notice_calls_113(app: Page) -> None:
    expect(app.get_by_text("Khẩn cấp?")).to_be_visible()
    app.get_by_role("button", name="Gọi 113").click()
    assert zalo_calls(app, "openPhone") == [{"api": "openPhone", "args": {"phoneNumber": "113"}}]


def test_contacts_list_loads_from_the_api(app: Page) -> None:
    open_contacts(app)
    expect(app.get_by_role("button", name=re.compile(re.escape(OTHER_COMMUNE)))).to_be_visible()
    expect(app.get_by_role("button", name=re.compile(r"Công an tỉnh Sơn Lâm \(Demo\)"))).to_be_visible()
    for size, viewport in VIEWPORTS.items():
        app.set_viewport_size(viewport)
        screenshot(app, f"contacts-{size}")


def test_search_without_diacritics_finds_the_unit(app: Page) -> None:
    open_contacts(app)
    app.get_by_role("searchbox", name="Tìm đơn vị").fill("trung khanh")
    expect(app.get_by_role("heading", name="Kết quả tìm kiếm")).to_be_visible()
    expect(app.get_by_text(COMMUNE, exact=True)).to_be_visible()
    expect(app.get_by_text(OTHER_COMMUNE, exact=True)).to_have_count(0)
    screenshot(app, "contacts-search-390x844")


def test_search_treats_d_as_dj(app: Page) -> None:
    open_contacts(app)
    app.get_by_role("searchbox", name="Tìm đơn vị").fill("duc hanh")
    expect(app.get_by_text("1 đơn vị", exact=True)).to_be_visible()
    expect(app.get_by_text(OTHER_COMMUNE, exact=True)).to_be_visible()


def test_search_with_no_match_says_so(app: Page) -> None:
    open_contacts(app)
    app.get_by_role("searchbox", name="Tìm đơn vị").fill("khong co don vi nay")
    expect(app.get_by_text("Không tìm thấy đơn vị nào", exact=False)).to_be_visible()


def test_tap_to_call_dials_the_units_number(app: Page) -> None:
    from units.models import Unit

    unit = Unit.objects.get(name=COMMUNE)
    phones = list(unit.phones.order_by("order"))
    assert phones, "demo unit has no phones"
    open_contacts(app)
    app.get_by_role("searchbox", name="Tìm đơn vị").fill("trung khanh")
    app.get_by_text(COMMUNE, exact=True).click()
    expect(app.get_by_role("heading", name=COMMUNE, level=2)).to_be_visible()
    call_buttons = app.get_by_role("button", name=re.compile(r"^Gọi "))
    expect(call_buttons).to_have_count(len(phones))
    for size, viewport in VIEWPORTS.items():
        app.set_viewport_size(viewport)
        screenshot(app, f"unit-detail-{size}")
    app.get_by_role("button", name=f"Gọi {phones[-1].get_label_display()} {phones[-1].number}").click()
    assert zalo_calls(app, "openPhone") == [{"api": "openPhone", "args": {"phoneNumber": digits(phones[-1].number)}}]


def test_unit_detail_links_to_a_map_and_its_parent(app: Page) -> None:
    app.evaluate("window.open = () => null")  # no internet here: record the call, open nothing
    open_contacts(app)
    app.get_by_role("searchbox", name="Tìm đơn vị").fill("trung khanh")
    app.get_by_text(COMMUNE, exact=True).click()
    expect(app.get_by_text("Giờ làm việc")).to_be_visible()
    app.get_by_role("button", name="Xem bản đồ").click()
    [call] = zalo_calls(app, "openWebview")
    assert call["args"]["url"].startswith("https://www.google.com/maps/search/?api=1&query=")
    breadcrumb = app.get_by_role("navigation", name="Đơn vị cấp trên")
    breadcrumb.get_by_role("button", name="Công an tỉnh Sơn Lâm (Demo)").click()
    expect(app.get_by_role("heading", name="Công an tỉnh Sơn Lâm (Demo)", level=2)).to_be_visible()
    children = app.locator("section").filter(has=app.get_by_role("heading", name="Đơn vị trực thuộc"))
    expect(children.get_by_text(COMMUNE, exact=True)).to_be_visible()


def test_the_rating_action_offers_both_ways_to_give_an_opinion(app: Page) -> None:
    app.wait_for_load_state("networkidle")  # leaving home mid-request would cancel (abort) its fetches
    app.get_by_role("button", name="Đánh giá hài lòng", exact=True).click()
    expect(app.get_by_role("heading", name="Đánh giá việc giải quyết hồ sơ")).to_be_visible()
    app.get_by_role("button", name="Chọn đơn vị").click()
    expect(app.get_by_role("searchbox", name="Tìm đơn vị")).to_be_visible()
    # (No "Sắp ra mắt" page is left: an old /coming-soon/ link opens the report chooser.)


def test_follow_oa_is_asked_only_after_a_tap(page: Page, demo_server: str, settings) -> None:
    settings.ZALO_OA_ID = "1234567890"
    page.goto(f"{demo_server}/app/")
    follow = page.get_by_role("button", name="Theo dõi trang Zalo")
    expect(follow).to_be_visible()
    assert zalo_calls(page, "followOA") == []
    follow.click()
    assert zalo_calls(page, "followOA") == [{"api": "followOA", "args": {"id": "1234567890"}}]
    expect(page.get_by_text(re.compile("Cảm ơn bạn"))).to_be_visible()


def test_network_error_shows_a_retry_that_works(app: Page, problems) -> None:
    open_contacts(app)
    app.route("**/api/v1/units/**", lambda route: route.abort())
    app.get_by_role("searchbox", name="Tìm đơn vị").fill("hoa an")
    expect(app.get_by_text("Không kết nối được tới máy chủ", exact=False)).to_be_visible(timeout=20_000)
    screenshot(app, "contacts-error-390x844")
    app.unroute("**/api/v1/units/**")
    app.get_by_role("button", name="Thử lại").click()
    expect(app.get_by_text("Công an xã Hòa An (Demo)", exact=True)).to_be_visible()
    # The aborted requests were our doing; only they may have failed.
    assert all("/api/v1/units/" in r for r in problems.failed_requests)
    problems.failed_requests.clear()
    problems.console_errors[:] = [e for e in problems.console_errors if "Failed to load resource" not in e]


def test_readable_at_200_percent_text_size(app: Page) -> None:
    app.set_viewport_size(VIEWPORTS["360x640"])
    app.add_style_tag(content="html { font-size: 200% !important; }")
    expect(app.get_by_role("button", name="Gọi 113")).to_be_visible()
    overflow = app.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at 200% text"
    screenshot(app, "home-200pct-360x640")
    open_contacts(app)
    expect(app.get_by_text(OTHER_COMMUNE, exact=True)).to_be_visible()
    assert app.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(app, "contacts-200pct-360x640")


def test_tap_targets_are_at_least_44px(app: Page) -> None:
    expect(app.get_by_role("button", name="Gọi 113")).to_be_visible()
    small = app.evaluate(
        """() => [...document.querySelectorAll('button, a, input')]
            .filter(el => el.offsetParent !== null)
            .map(el => ({text: (el.innerText || el.getAttribute('aria-label') || el.tagName).trim(), h: el.getBoundingClientRect().height}))
            .filter(x => x.h < 44)"""
    )
    assert small == []


def test_app_works_on_a_non_localhost_host_where_zmp_sdk_throws_on_import(
    page: Page, demo_server: str, problems
) -> None:
    # zmp-sdk only stubs itself on "localhost"; elsewhere its import raises one uncaught error.
    page.on("console", lambda msg: problems.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.page_errors.append(str(err)))
    page.goto(demo_server.replace("localhost", "127.0.0.1") + "/app/")
    expect(page.get_by_role("heading", name=django_settings.SITE_NAME)).to_be_visible()
    page.get_by_role("button", name="Gọi 113").click()
    assert zalo_calls(page, "openPhone") == [{"api": "openPhone", "args": {"phoneNumber": "113"}}]
    problems.assert_clean()
