"""Sign-in through the dev Zalo wrapper (the backend's fake Zalo verifies it) and the account page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, zalo_calls


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
