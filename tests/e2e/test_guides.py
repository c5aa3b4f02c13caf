"""Procedure guides as a citizen uses them: search without diacritics, the documents for their case, the checklist."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORTS, screenshot, zalo_calls


def open_procedures(app: Page) -> None:
    app.get_by_role("button", name="Thủ tục hành chính", exact=True).click()
    expect(app.get_by_role("heading", name="Thủ tục hành chính", exact=True)).to_be_visible()


def test_search_without_diacritics_finds_a_procedure(app: Page) -> None:
    open_procedures(app)
    app.get_by_role("searchbox", name="Tìm thủ tục").fill("dang ky tam tru")
    expect(app.get_by_role("heading", name="Kết quả tìm kiếm")).to_be_visible()
    expect(app.get_by_role("button", name=re.compile(r"^Đăng ký tạm trú"))).to_be_visible()
    app.get_by_role("searchbox", name="Tìm thủ tục").fill("cccd")
    expect(app.get_by_role("button", name=re.compile(r"^Cấp thẻ căn cước cho công dân"))).to_be_visible()
    screenshot(app, "procedures-search-390x844")


def test_detail_shows_the_documents_of_the_chosen_case_and_the_checklist_ticks(app: Page) -> None:
    open_procedures(app)
    app.get_by_role("searchbox", name="Tìm thủ tục").fill("thuong tru")
    app.get_by_role("button", name=re.compile(r"^Đăng ký thường trú")).click()
    expect(app.get_by_role("heading", name="Đăng ký thường trú")).to_be_visible()
    app.get_by_role("radio", name="Ở thuê, mượn, ở nhờ").check()
    checklist = app.get_by_test_id("checklist")
    expect(checklist.get_by_text("Hợp đồng hoặc văn bản cho thuê, cho mượn, cho ở nhờ")).to_be_visible()
    expect(checklist.get_by_text("Đã chuẩn bị 0/2 giấy tờ")).to_be_visible()
    checklist.get_by_role("checkbox", name=re.compile("Hợp đồng hoặc văn bản cho thuê")).check()
    expect(checklist.get_by_text("Đã chuẩn bị 1/2 giấy tờ")).to_be_visible()
    expect(app.get_by_text("20.000 đồng")).to_be_visible()
    for size, viewport in VIEWPORTS.items():
        app.set_viewport_size(viewport)
        screenshot(app, f"procedure-detail-{size}")
    # The ticks stay when the citizen leaves and comes back.
    app.get_by_role("button", name="Quay lại").click()
    app.get_by_role("button", name=re.compile(r"^Đăng ký thường trú")).click()
    app.get_by_role("radio", name="Ở thuê, mượn, ở nhờ").check()
    expect(app.get_by_test_id("checklist").get_by_text("Đã chuẩn bị 1/2 giấy tờ")).to_be_visible()
    app.get_by_role("button", name="Nộp trực tuyến").click()
    assert zalo_calls(app, "openWebview")[-1]["args"]["url"].startswith("https://dichvucong.bocongan.gov.vn")


def test_useful_widget_and_handbook(app: Page) -> None:
    open_procedures(app)
    app.get_by_role("button", name=re.compile(r"^Cấp hộ chiếu")).click()
    app.get_by_role("button", name="Có", exact=True).click()
    expect(app.get_by_text("Cảm ơn bạn đã góp ý!")).to_be_visible()
    app.get_by_role("button", name="Quay lại").click()
    app.get_by_role("button", name="Cẩm nang: những điều người dân hay hỏi").click()
    app.get_by_role("searchbox", name="Tìm câu hỏi").fill("thue tro")
    question = app.get_by_text("Tôi thuê trọ để đi làm thì có phải đăng ký tạm trú không?")
    question.click()
    expect(app.get_by_text(re.compile("ở nơi thuê trọ từ 30 ngày trở lên"))).to_be_visible()


def test_a_pinned_alert_opens_from_the_home_page(app: Page) -> None:
    app.get_by_role("button", name=re.compile("giả danh Công an gọi điện")).click()
    expect(app.get_by_role("heading", name=re.compile("giả danh Công an gọi điện"))).to_be_visible()
    expect(app.get_by_text("Chỉ cài VNeID từ kho ứng dụng chính thức.")).to_be_visible()
    screenshot(app, "article-390x844")
