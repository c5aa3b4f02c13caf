"""Citizen reports in the built Mini App against the live backend: an anonymous crime tip with a photo,
then tracked with its code and secret."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from reports.models import Report, ReportAttachment
from tests.e2e.conftest import PageProblems, screenshot, zalo_calls
from tests.reports.conftest import jpeg_with_gps


@pytest.fixture
def reports_ready(demo_server: str, settings, tmp_path) -> str:
    from reports.demo import demo_reports_load

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    demo_reports_load()
    return demo_server


def test_submit_an_anonymous_report_with_a_photo_and_track_it_with_the_code(
    app: Page, reports_ready: str, tmp_path, problems: PageProblems
) -> None:
    photo = tmp_path / "hien-truong.jpg"
    photo.write_bytes(jpeg_with_gps(size=(320, 240)))

    app.get_by_role("button", name="Tố giác tội phạm").click()  # straight to the crime tip's own form
    notice = app.get_by_test_id("report-emergency")
    expect(notice).to_contain_text("Khẩn cấp gọi 113")
    expect(notice.get_by_role("link", name="Gọi 113")).to_have_attribute("href", "tel:113")

    app.get_by_label("Nội dung sự việc *").fill("Tối nào cũng có nhóm người đánh bạc ở quán nước đầu ngõ 12.")
    expect(app.get_by_test_id("report-emergency").last).to_contain_text("Khẩn cấp gọi 113")  # on the form too
    app.get_by_role("button", name="Lấy vị trí hiện tại").click()
    expect(app.get_by_role("button", name="Đã lấy vị trí hiện tại ✓")).to_be_visible()
    assert len(zalo_calls(app, "getLocation")) == 1  # asked only after the tap
    app.get_by_label("Chọn ảnh hoặc video").set_input_files(str(photo))
    expect(app.get_by_text("hien-truong.jpg", exact=False)).to_be_visible()
    expect(app.get_by_role("checkbox", name="Gửi ẩn danh")).not_to_be_checked()  # never pre-ticked
    app.get_by_role("checkbox", name="Gửi ẩn danh").check()
    expect(app.get_by_test_id("anonymity-text")).to_contain_text("KHÔNG lưu tài khoản Zalo")
    app.get_by_role("button", name="Xem lại trước khi gửi").click()

    expect(app.get_by_role("heading", name="Kiểm tra lại trước khi gửi")).to_be_visible()
    screenshot(app, "report-review-390x844")
    app.get_by_role("button", name="Gửi tin").click()
    code = app.get_by_test_id("report-code").inner_text().strip()
    secret = app.get_by_test_id("report-secret").inner_text().strip()
    screenshot(app, "report-success-390x844")

    report = Report.objects.get(code=code)
    assert report.is_anonymous and report.citizen_id is None and report.submitted_ip is None
    assert report.unit.code == "DEMO-P-DONGTAM"  # routed by the location Zalo gave
    attachment = ReportAttachment.objects.get(report=report)
    with attachment.file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert dict(stored.getexif()) == {}
    assert zalo_calls(app, "getAccessToken") != []  # only to exchange the location token, no sign-in:
    assert not [c for c in zalo_calls(app, "getUser")]

    from reports.workflow import report_reply

    report_reply(report=report, reply="Công an phường đã tiếp nhận và đang xác minh.", actor=None)

    app.get_by_role("button", name="Tra cứu tin này").click()
    expect(app.get_by_label("Mã theo dõi")).to_have_value(code)
    expect(app.get_by_label("Mã bí mật")).to_have_value(secret)  # carried over, not retyped
    assert secret not in app.url and secret not in app.evaluate("location.href + history.length")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_test_id("report-status")).to_have_text("Đã tiếp nhận")
    expect(app.get_by_text("Công an phường đã tiếp nhận và đang xác minh.")).to_be_visible()
    expect(app.get_by_text("Tối nào cũng có nhóm người")).to_have_count(0)  # tracking shows no content
    screenshot(app, "report-tracked-390x844")


def test_a_wrong_secret_reveals_nothing(app: Page, reports_ready: str, problems: PageProblems) -> None:
    problems.expect_status(404)
    app.get_by_role("button", name="Phản ánh kiến nghị").click()
    app.get_by_role("button", name="Loại tin khác, tin đã gửi").click()
    app.get_by_role("button", name="Tra cứu tin đã gửi").click()
    app.get_by_label("Mã theo dõi").fill("PA-DEM23456")
    app.get_by_label("Mã bí mật").fill("WRONGSECRT")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_role("alert")).to_contain_text("Không tìm thấy tin báo")
    app.get_by_label("Mã bí mật").fill("DEMSECRET2")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_test_id("report-status")).to_have_text("Đang xác minh")


def test_to_cao_is_a_choice_and_a_suspended_demo_tip_says_its_clock_stands_still(
    app: Page, reports_ready: str, problems: PageProblems
) -> None:
    app.get_by_role("button", name="Phản ánh kiến nghị").click()  # the petition form; the other kinds behind:
    app.get_by_role("button", name="Loại tin khác, tin đã gửi", exact=False).first.click()
    expect(app.get_by_test_id("kind-guide")).to_contain_text("Khiếu nại hay tố cáo?")
    choice = app.get_by_role("button", name="Tố cáo cán bộ vi phạm", exact=False)
    expect(choice).to_contain_text("thụ lý trong 7 ngày làm việc")
    expect(app.get_by_role("button", name="Khiếu nại quyết định, việc làm của Công an", exact=False)).to_be_visible()
    app.get_by_role("button", name="Tra cứu tin đã gửi").click()
    app.get_by_label("Mã theo dõi").fill("PA-DEM23461")
    app.get_by_label("Mã bí mật").fill("DEMSECRET2")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_test_id("report-status")).to_have_text("Tạm đình chỉ")
    expect(app.get_by_text("Tạm dừng từ")).to_be_visible()
    expect(app.get_by_text("không tính vào thời hạn", exact=False)).to_be_visible()
