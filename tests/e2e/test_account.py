"""Sign-in through the dev Zalo wrapper (the backend's fake Zalo verifies it) and the account page."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORTS, screenshot, zalo_calls


def test_the_app_signs_in_on_first_need_and_shows_the_account(app: Page) -> None:
    assert zalo_calls(app, "getAccessToken") == []  # not on launch
    app.get_by_role("button", name="Tài khoản của tôi").click()
    expect(app.get_by_role("heading", name="Thông tin hệ thống lưu về bạn")).to_be_visible()
    expect(app.get_by_text(re.compile("^Người dùng Demo"))).to_be_visible()  # the name the (fake) Zalo confirmed
    expect(app.get_by_text("Chưa chia sẻ")).to_be_visible()
    assert len(zalo_calls(app, "getAccessToken")) == 1
    screenshot(app, "account-390x844")


def test_phone_is_asked_only_after_the_explanation_and_can_be_withdrawn(app: Page) -> None:
    app.get_by_role("button", name="Tài khoản của tôi").click()
    app.get_by_role("button", name="Xác minh số điện thoại").click()
    expect(app.get_by_role("heading", name="Vì sao cần số điện thoại của bạn?")).to_be_visible()
    assert zalo_calls(app, "getPhoneNumber") == []  # the explanation comes first
    app.get_by_role("button", name="Đồng ý và chia sẻ số điện thoại").click()
    expect(app.get_by_text("********678 (đã xác minh qua Zalo)")).to_be_visible()
    expect(app.get_by_text("đang có hiệu lực")).to_be_visible()
    app.once("dialog", lambda dialog: dialog.accept())
    app.get_by_role("button", name="Rút lại đồng ý và xóa số điện thoại").click()
    expect(app.get_by_text("Chưa chia sẻ")).to_be_visible()
    expect(app.get_by_text(re.compile("đã rút lại lúc"))).to_be_visible()


def test_notification_consent_is_asked_only_after_a_tap(app: Page) -> None:
    app.get_by_role("button", name="Tài khoản của tôi").click()
    expect(app.get_by_text("Chưa cho phép")).to_be_visible()
    assert zalo_calls(app, "requestSendNotification") == []
    app.get_by_role("button", name="Cho phép nhận thông báo về hồ sơ qua Zalo").click()
    expect(app.get_by_text("Cho phép", exact=True)).to_be_visible()
    assert len(zalo_calls(app, "requestSendNotification")) == 1


def _no_horizontal_scroll(app: Page) -> None:
    assert app.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_my_data_downloads_as_a_json_file_through_the_signed_link(app: Page) -> None:
    app.set_viewport_size(VIEWPORTS["360x640"])
    app.get_by_role("button", name="Tài khoản của tôi").click()
    expect(app.get_by_role("heading", name="Dữ liệu của bạn")).to_be_visible()
    with app.expect_popup() as popup_info:
        app.get_by_role("button", name="Tải dữ liệu của tôi").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    [call] = zalo_calls(app, "openWebview")
    url = call["args"]["url"]
    assert re.match(r"^http://[^/]+/api/v1/me/export/", url), url  # absolute: the webview has no base URL
    data = json.loads(popup.locator("body").inner_text())
    assert data["tài khoản"]["tên Zalo"].startswith("Người dùng Demo")
    assert "Luật Bảo vệ dữ liệu cá nhân" in data["giới thiệu"]["căn cứ"]
    expect(app.get_by_text(re.compile(r"^Đã mở tệp du-lieu-cua-toi-"))).to_be_visible()
    _no_horizontal_scroll(app)
    popup.close()


def test_the_privacy_page_names_the_controller_and_retention_at_360px(app: Page) -> None:
    app.set_viewport_size(VIEWPORTS["360x640"])
    app.get_by_role("button", name="Tài khoản của tôi").click()
    app.get_by_role("button", name="Dữ liệu được dùng để làm gì, lưu bao lâu").click()
    expect(app.get_by_role("heading", name="Ai quản lý dữ liệu của bạn")).to_be_visible()
    expect(app.get_by_role("heading", name="Nhật ký cán bộ xem dữ liệu")).to_be_visible()
    _no_horizontal_scroll(app)
    screenshot(app, "privacy-360x640")


def test_deleting_the_account_says_what_is_kept_and_needs_a_ticked_confirmation(app: Page) -> None:
    from citizens.models import Citizen

    app.set_viewport_size(VIEWPORTS["360x640"])
    app.get_by_role("button", name="Tài khoản của tôi").click()
    expect(app.get_by_role("heading", name="Thông tin hệ thống lưu về bạn")).to_be_visible()
    assert Citizen.objects.count() == 1
    app.get_by_role("button", name="Xóa tài khoản").click()
    expect(app.get_by_role("heading", name="Những gì pháp luật buộc giữ lại")).to_be_visible()
    expect(app.get_by_text(re.compile("^Tin báo, phản ánh có ghi tên bạn đã gửi được giữ"))).to_be_visible()
    delete = app.get_by_role("button", name="Xóa tài khoản vĩnh viễn")
    expect(delete).to_be_disabled()
    _no_horizontal_scroll(app)
    screenshot(app, "delete-account-360x640")
    app.get_by_role("checkbox").check()
    delete.click()
    expect(app.get_by_role("heading", name="Tài khoản của bạn đã được xóa.")).to_be_visible()
    expect(app.get_by_text("Vẫn được giữ, và vì sao")).to_be_visible()
    assert Citizen.objects.count() == 0
    app.get_by_role("button", name="Về trang chủ").click()
    expect(app.get_by_role("button", name="Tài khoản của tôi")).to_be_visible()
    assert Citizen.objects.count() == 0  # nothing signed in again behind the citizen's back
