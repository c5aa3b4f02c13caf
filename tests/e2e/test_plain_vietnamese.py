"""No English reaches a citizen in the Mini App: every screen, reached as a citizen reaches it, is read as they read
it or hear it (the visible text, and the aria-label, title, placeholder and alt a screen reader speaks) for English
words (tests/english.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.english import english_words

COMMUNE = "Công an xã Trùng Khánh (Demo)"
# The demo data marks every made-up unit and article "(Demo)" on purpose; a real province's data has no such mark.
DEMO_MARK = frozenset({"demo"})

# What a reader gets of the current screen: its text, and what assistive technology says for its controls.
READ = """() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll("[aria-label],[title],[placeholder],[alt]")) {
    for (const name of ["aria-label", "title", "placeholder", "alt"]) {
      const value = el.getAttribute(name);
      if (value) parts.push(value);
    }
  }
  return parts.join("\\n");
}"""


def _settle(app: Page) -> None:
    app.wait_for_load_state("networkidle")
    app.wait_for_function("() => !document.querySelector('[aria-busy=\"true\"]')")


def _button(name: str | re.Pattern[str], exact: bool = True) -> Callable[[Page], None]:
    def click(app: Page) -> None:
        # A screen may still be fetching what it shows (CI runs the container drill beside the tests): let it
        # settle and give the button longer than Playwright's default before tapping it.
        _settle(app)
        button = app.get_by_role("button", name=name, exact=exact if isinstance(name, str) else None).first
        expect(button).to_be_visible(timeout=30_000)
        button.click()
        _settle(app)

    return click


def _lookup(app: Page) -> None:
    app.get_by_role("button", name="Tra cứu hồ sơ").click()
    app.get_by_label("Mã hồ sơ").fill("HS-DEMO-0001")
    app.locator("input:not([type=hidden])").nth(1).fill("6789")
    app.get_by_role("button", name="Tra cứu", exact=True).click()
    expect(app.get_by_role("list", name="Diễn biến hồ sơ")).to_be_visible()


# Each screen: the clicks from the home screen that open it.
SCREENS: dict[str, list[Callable[[Page], None]]] = {
    "trang chủ": [],
    "tra cứu hồ sơ": [_button("Tra cứu hồ sơ")],
    "kết quả tra cứu": [_lookup],
    "thủ tục": [_button("Thủ tục hành chính")],
    "chi tiết thủ tục": [_button("Thủ tục hành chính"), _button(re.compile(r"^Đăng ký thường trú"))],
    "cẩm nang": [_button("Thủ tục hành chính"), _button("Cẩm nang: những điều người dân hay hỏi")],
    "gửi tin báo": [_button("Tố giác tội phạm")],
    "tin báo, phản ánh": [_button("Tố giác tội phạm"), _button("Loại tin khác, tin đã gửi", exact=False)],
    "tra cứu tin đã gửi": [
        _button("Tố giác tội phạm"),
        _button("Loại tin khác, tin đã gửi", exact=False),
        _button("Tra cứu tin đã gửi", exact=False),
    ],
    "đánh giá": [_button("Đánh giá hài lòng")],
    "liên hệ": [_button("Liên hệ")],
    "đơn vị": [_button("Liên hệ"), _button(re.compile(re.escape(COMMUNE)))],
    "tài khoản": [_button("Tài khoản của tôi")],
    "bài viết": [_button(re.compile("giả danh Công an gọi điện"))],
}


def test_no_english_word_on_any_screen_of_the_mini_app(
    app: Page, demo_server: str, problems, settings, tmp_path
) -> None:
    # Report kinds are seeded by a migration, and an earlier transactional test's flush removes them: the demo
    # load puts them back (as tests/e2e/test_reports.py does), or the report screens show "Không có loại tin này".
    from reports.demo import demo_reports_load

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    demo_reports_load()
    english, read = [], 0
    for screen, clicks in SCREENS.items():
        app.goto(f"{demo_server}/app/")
        _settle(app)
        for click in clicks:
            click(app)
            _settle(app)
        text = app.evaluate(READ)
        read += len(text)
        english += [
            f"{screen}: {word!r} in {line.strip()[:100]!r}"
            for line in text.splitlines()
            for word in english_words(line, allowed=DEMO_MARK)
        ]
    # Leaving a screen to start the next walk from home cancels what it was still loading: not a fault.
    problems.failed_requests[:] = [r for r in problems.failed_requests if "ERR_ABORTED" not in r]
    assert read > 3000, "the screens were empty"
    assert english == [], "\n".join(english)
