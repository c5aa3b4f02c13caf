"""Dossier lookup, follow and "my dossiers" in the built Mini App against the live backend."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from dossiers.models import DossierFollow
from tests.e2e.conftest import PageProblems, screenshot, zalo_calls

VERIFIER = re.compile(r"^4 số cuối số định danh cá nhân")


def test_look_up_a_demo_dossier_see_the_timeline_and_follow_it(app: Page) -> None:
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.get_by_label("Mã hồ sơ").fill("HS-DEMO-0001")
    app.get_by_label(VERIFIER).fill("6789")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_role("heading", name="Đang xử lý")).to_be_visible()
    timeline = app.get_by_role("list", name="Diễn biến hồ sơ")
    expect(timeline.get_by_role("listitem")).to_have_count(2)
    expect(timeline.get_by_role("listitem").first).to_contain_text("Cán bộ đang kiểm tra chỗ ở hợp pháp.")
    expect(app.get_by_text("Việc bạn cần làm")).to_be_visible()
    expect(app.get_by_text("Công an phường Đồng Tâm (Demo)").first).to_be_visible()
    expect(app.get_by_text("Nguyễn V. A.")).to_be_visible()
    screenshot(app, "dossier-result-390x844")
    app.get_by_role("button", name="Theo dõi hồ sơ").click()
    expect(app.get_by_role("button", name="Đang theo dõi · Bỏ theo dõi")).to_be_visible()
    assert DossierFollow.objects.filter(dossier__code="HS-DEMO-0001").count() == 1
    assert zalo_calls(app, "requestSendNotification") == []  # offered after the follow, asked only on a tap
    app.get_by_role("button", name="Bật thông báo").click()
    expect(app.get_by_text("Đã bật thông báo.", exact=False)).to_be_visible()


def test_a_wrong_second_factor_says_so_without_revealing_the_dossier(app: Page, problems: PageProblems) -> None:
    problems.expect_status(404)
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.get_by_label("Mã hồ sơ").fill("HS-DEMO-0001")
    app.get_by_label(VERIFIER).fill("1111")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_role("alert")).to_contain_text("Không tìm thấy hồ sơ")
    expect(app.get_by_text("Đang xử lý")).to_have_count(0)


def test_scanning_the_slip_fills_the_code(app: Page) -> None:
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.evaluate("window.__zaloNextScan = 'https://zalo.me/s/demo/dossiers/lookup?code=HS-DEMO-0003'")
    app.get_by_role("button", name="Quét QR").click()
    expect(app.get_by_label("Mã hồ sơ")).to_have_value("HS-DEMO-0003")
    app.get_by_label(VERIFIER).fill("0912345678")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_role("heading", name="Đã xử lý xong")).to_be_visible()


def test_my_dossiers_after_verifying_the_phone(app: Page, problems: PageProblems) -> None:
    problems.expect_status(403)  # "phone not verified" before the citizen verifies it
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.get_by_role("button", name="Hồ sơ của tôi").click()
    app.get_by_role("button", name="Xác minh số điện thoại").click()
    app.get_by_role("button", name="Đồng ý và chia sẻ số điện thoại").click()
    # Back on "Hồ sơ của tôi": the demo dossiers filed under 0912 345 678.
    expect(app.get_by_role("button", name=re.compile(r"^Hồ sơ HS-DEMO-0001 .*Đang xử lý"))).to_be_visible()
    expect(app.get_by_role("button", name=re.compile(r"^Hồ sơ HS-DEMO-0005 .*Đang xử lý"))).to_contain_text(
        "Đã quá ngày hẹn"
    )
    expect(app.get_by_role("button", name="Hồ sơ HS-DEMO-0004", exact=False)).to_have_count(0)  # someone else's
    screenshot(app, "my-dossiers-390x844")
    app.get_by_role("button", name=re.compile(r"^Hồ sơ HS-DEMO-0002 .*Yêu cầu bổ sung giấy tờ")).click()
    expect(app.get_by_text("Ảnh chân dung bị mờ", exact=False).first).to_be_visible()


def test_my_dossiers_asks_the_one_stop_systems_again_on_a_tap(app: Page, problems: PageProblems) -> None:
    problems.expect_status(403)  # "phone not verified" before the citizen verifies it
    app.set_viewport_size({"width": 360, "height": 740})
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.get_by_role("button", name="Hồ sơ của tôi").click()
    app.get_by_role("button", name="Xác minh số điện thoại").click()
    app.get_by_role("button", name="Đồng ý và chia sẻ số điện thoại").click()
    expect(app.get_by_role("button", name=re.compile(r"^Hồ sơ HS-DEMO-0001 "))).to_be_visible()
    app.get_by_role("button", name="Cập nhật trạng thái").click()
    result = app.locator("#upstream-result")
    expect(result).to_have_text(re.compile(r"^(Đã cập nhật \d+ hồ sơ\.|Không có thay đổi mới\.)$"))
    expect(result).to_have_attribute("aria-live", "polite")
    expect(app.get_by_role("button", name="Cập nhật trạng thái")).to_be_enabled()
    screenshot(app, "my-dossiers-refreshed-360x740")
    app.screenshot(path="/tmp/refresh-360.png")


def test_an_overdue_dossier_apologises_and_gives_the_number_to_call(app: Page) -> None:
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.get_by_label("Mã hồ sơ").fill("HS-DEMO-0005")
    app.get_by_label(VERIFIER).fill("6789")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    step = app.locator("section.next-step")
    expect(step).to_contain_text("Chúng tôi xin lỗi")
    expect(step).to_contain_text("Công an phường Đồng Tâm (Demo) số")
    expect(step).not_to_contain_text("dự kiến")
    expect(app.get_by_text("Bản điện tử, cập nhật trên VNeID")).to_be_visible()


def test_a_nine_digit_cmnd_is_refused_with_the_reason(app: Page) -> None:
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.get_by_label("Mã hồ sơ").fill("HS-DEMO-0001")
    app.get_by_label(VERIFIER).fill("012345678")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_text(re.compile("Chứng minh nhân dân 9 số không còn giá trị"))).to_be_visible()
