"""Rating a finished demo dossier, and the unit's public figure, in the built Mini App."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ratings.models import Rating, SurveyResponse
from tests.e2e.conftest import screenshot


def test_look_up_the_finished_demo_dossier_and_rate_it(app: Page) -> None:
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.get_by_label("Mã hồ sơ").fill("HS-DEMO-0003")
    app.get_by_label(re.compile(r"^4 số cuối số định danh cá nhân")).fill("6789")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_role("heading", name="Đã xử lý xong")).to_be_visible()
    app.get_by_role("button", name="Đánh giá", exact=True).click()
    expect(app.get_by_role("heading", name="Bạn hài lòng với việc giải quyết hồ sơ này?")).to_be_visible()
    app.get_by_role("button", name="Rất hài lòng").click()
    app.get_by_role("button", name="Nhanh chóng").click()
    app.get_by_role("button", name="Thái độ cán bộ tận tình").click()
    app.get_by_label("Góp ý thêm (không bắt buộc)").fill("Cán bộ hướng dẫn rất kỹ.")
    screenshot(app, "rating-390x844")
    app.get_by_role("button", name="Gửi đánh giá").click()
    expect(app.get_by_role("heading", name="Cảm ơn bạn!")).to_be_visible()
    rating = Rating.objects.get(dossier__code="HS-DEMO-0003")
    assert (rating.level, rating.drivers, rating.comment) == (3, ["fast", "friendly"], "Cán bộ hướng dẫn rất kỹ.")
    assert rating.proof == "lookup"
    app.get_by_role("button", name="Quay lại hồ sơ").click()
    expect(app.get_by_text("Hồ sơ đã được đánh giá. Cảm ơn bạn đã góp ý!")).to_be_visible()
    expect(app.get_by_role("button", name="Đánh giá", exact=True)).to_have_count(0)


def test_a_unit_page_shows_its_satisfaction_and_takes_a_survey(app: Page) -> None:
    from ratings.demo import demo_ratings_load

    demo_ratings_load()
    app.get_by_role("button", name="Liên hệ", exact=True).click()
    app.get_by_role("searchbox", name="Tìm đơn vị").fill("dong tam")
    app.get_by_text("Công an phường Đồng Tâm (Demo)", exact=True).click()
    expect(app.get_by_text(re.compile(r"% hài lòng · \d+ đánh giá trong 90 ngày qua"))).to_be_visible()
    app.get_by_role("button", name="Góp ý về đơn vị").click()
    before = SurveyResponse.objects.count()
    app.get_by_role("button", name="Hài lòng", exact=True).click()
    app.get_by_role("button", name="Gửi đánh giá").click()
    expect(app.get_by_role("heading", name="Cảm ơn bạn!")).to_be_visible()
    assert SurveyResponse.objects.count() == before + 1
