"""Every Mini App page at 320×640, 360×740 and at 200% text: no horizontal overflow, every control at least
44×44 px, and an axe-core audit with no serious or critical violation.

Pages are reached by taps from the home page, as a citizen reaches them (the memory router starts at home).
For 200% text the browser's default font size is doubled (CDP Page.setFontSizes), what a phone's "large
text" setting does to a page sized in rem (miniapp/src/styles/app.css).

Exceptions to the 44 px rule, each with its reason (WCAG 2.5.8 lists the same ones):
- a checkbox or radio inside a label that is itself at least 44×44: the whole label is the target;
- a link inside a sentence (display: inline): its size is set by the line of text it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import REPO_ROOT, PageProblems, screenshot

AXE = REPO_ROOT / "miniapp" / "node_modules" / "axe-core" / "axe.min.js"
MIN_TARGET = 44
VARIANTS = [  # (name, viewport, text scale)
    ("320x640", {"width": 320, "height": 640}, 1),
    ("360x740", {"width": 360, "height": 740}, 1),
    ("360x740-text200", {"width": 360, "height": 740}, 2),
]

# Everything on the current route (zmp-ui keeps one .zaui-routes-item once its slide has finished).
_LAYOUT_PROBLEMS = """
(minTarget) => {
  const vw = window.innerWidth;
  const root = document.querySelector('.zaui-routes-item') || document.body;
  const problems = [];
  const scroll = document.scrollingElement.scrollWidth;
  if (scroll > vw) problems.push(`the document is ${scroll}px wide in a ${vw}px viewport`);
  const name = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const text = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
    return `${el.tagName.toLowerCase()}${cls} "${text}"`;
  };
  const shown = (el) => {
    if (el.closest('.sr-only')) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const scrolls = (el) => {  // inside a container meant to scroll sideways
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  for (const el of root.querySelectorAll('*')) {
    if (!shown(el) || scrolls(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 0.5 || r.left < -0.5) {
      problems.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}px in a ${vw}px viewport`);
    }
  }
  const controls = root.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [tabindex]:not([tabindex="-1"])'
  );
  for (const el of controls) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width >= minTarget - 0.5 && r.height >= minTarget - 0.5) continue;
    const label = el.closest('label');
    if ((el.type === 'checkbox' || el.type === 'radio') && label) {
      const l = label.getBoundingClientRect();
      if (l.width >= minTarget - 0.5 && l.height >= minTarget - 0.5) continue;
    }
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') continue;
    problems.push(`${name(el)} is ${Math.round(r.width)}×${Math.round(r.height)}px (under ${minTarget}px)`);
  }
  // A word broken across lines although it would fit on one line of the page: a column squeezed too narrow
  // (the account page's masked phone broke mid-number, its name one letter a line).
  const lineWidth = vw - 64;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !shown(parent) || scrolls(parent)) continue;
    for (const match of node.data.matchAll(/[^\\s\\-/]+/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      if (rects.length < 2) continue;
      const width = rects.reduce((sum, r) => sum + r.width, 0);
      if (width <= lineWidth) problems.push(`the word "${match[0]}" in ${name(parent)} breaks across ${rects.length} lines`);
    }
  }
  return [...new Set(problems)];
}
"""

_AXE_RUN = """
async () => {
  const root = document.querySelector('.zaui-routes-item') || document;
  const result = await window.axe.run(root, {
    resultTypes: ['violations'],
    // Experimental in axe 4, so off by default: a control whose accessible name does not contain its visible
    // text (WCAG 2.5.3) — what a voice-control user says to tap it.
    rules: { 'label-content-name-mismatch': { enabled: true } },
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ` + v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | '));
}
"""


def settled(page: Page) -> None:
    page.wait_for_function(
        "() => document.querySelectorAll('.zaui-routes-item').length === 1"
        " && !document.querySelector('.zaui-routes-item[class*=\"-active\"]')"
    )
    page.wait_for_function("() => !document.querySelector('[aria-busy=\"true\"], .skeleton-line')")


def text_scale(page: Page, scale: int) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16 * scale, "fixed": 13 * scale}})
    cdp.detach()


def axe_violations(page: Page) -> list[str]:
    """axe-core in the page. Evaluated through the DevTools protocol (like a console command), which the
    page's Content-Security-Policy does not govern: an injected <script> would be refused by it."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(_AXE_RUN)


def check_page(page: Page, name: str) -> None:
    failures = []
    for variant, viewport, scale in VARIANTS:
        page.set_viewport_size(viewport)
        text_scale(page, scale)
        settled(page)
        page.wait_for_timeout(150)  # layout after the resize
        problems = page.evaluate(_LAYOUT_PROBLEMS, MIN_TARGET)
        failures += [f"{variant}: {p}" for p in problems]
        screenshot(page, f"layout-{name}-{variant}")
    text_scale(page, 1)
    failures += [f"axe: {v}" for v in axe_violations(page)]
    assert failures == [], f"{name}:\n" + "\n".join(failures)


# --- How a citizen reaches each page ---------------------------------------------------------------------


def tap(page: Page, name: str | re.Pattern, role: str = "button", exact: bool = True) -> None:
    page.get_by_role(role, name=name, exact=exact if isinstance(name, str) else None).first.click()
    settled(page)


def home(page: Page) -> None:
    expect(page.get_by_role("navigation", name="Dịch vụ")).to_be_visible()


def contacts(page: Page) -> None:
    tap(page, "Liên hệ")


def unit_detail(page: Page) -> None:
    contacts(page)
    page.get_by_role("searchbox", name="Tìm đơn vị").fill("dong tam")
    expect(page.get_by_text("1 đơn vị", exact=True)).to_be_visible()  # the search has answered
    page.wait_for_load_state("networkidle")
    page.get_by_text("Công an phường Đồng Tâm (Demo)", exact=True).click()
    settled(page)


def unit_survey(page: Page) -> None:
    contacts(page)  # from the list itself this time (the search is the "unit" journey's)
    tap(page, re.compile(r"Công an phường Đồng Tâm \(Demo\)"))
    tap(page, "Góp ý về đơn vị")


def procedures(page: Page) -> None:
    tap(page, "Thủ tục hành chính")


def procedure_search(page: Page) -> None:
    procedures(page)
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("dang ki tam tru")
    expect(page.get_by_role("heading", name="Kết quả tìm kiếm")).to_be_visible()
    page.wait_for_load_state("networkidle")


def procedure_detail(page: Page) -> None:
    procedures(page)
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("thuong tru")
    expect(page.get_by_role("heading", name="Kết quả tìm kiếm")).to_be_visible()
    page.wait_for_load_state("networkidle")
    tap(page, re.compile(r"^Đăng ký thường trú"))


def handbook(page: Page) -> None:
    procedures(page)
    tap(page, "Cẩm nang: những điều người dân hay hỏi")


def news(page: Page) -> None:
    tap(page, "Xem tất cả tin tức, cảnh báo", exact=False)


def article(page: Page) -> None:
    tap(page, re.compile("giả danh Công an gọi điện"))


def account(page: Page) -> None:
    tap(page, "Tài khoản của tôi")
    expect(page.get_by_role("heading", name="Thông tin hệ thống lưu về bạn")).to_be_visible()


def phone_consent(page: Page) -> None:
    account(page)
    tap(page, "Xác minh số điện thoại")


def dossier_lookup(page: Page) -> None:
    tap(page, "Tra cứu hồ sơ")


def dossier_result(page: Page) -> None:
    dossier_lookup(page)
    page.get_by_label("Mã hồ sơ").fill("hs-demo-0005")
    page.get_by_label(re.compile(r"^4 số cuối số định danh cá nhân")).fill("6789")
    tap(page, "Tra cứu")
    expect(page.get_by_text("HS-DEMO-0005").first).to_be_visible()


def my_dossiers(page: Page) -> None:
    dossier_lookup(page)
    tap(page, "Hồ sơ của tôi", exact=False)
    tap(page, "Xác minh số điện thoại")
    tap(page, "Đồng ý và chia sẻ số điện thoại")
    expect(page.get_by_role("button", name=re.compile("^Hồ sơ HS-DEMO-0001")).first).to_be_visible()


def my_dossiers_refreshed(page: Page) -> None:
    my_dossiers(page)
    tap(page, "Cập nhật trạng thái")
    expect(page.locator("#upstream-result")).not_to_be_empty()


def dossier_detail(page: Page) -> None:
    my_dossiers(page)
    tap(page, re.compile("^Hồ sơ HS-DEMO-0002"))


def ratings(page: Page) -> None:
    tap(page, "Đánh giá hài lòng")


def rate_dossier(page: Page) -> None:
    dossier_lookup(page)
    page.get_by_label("Mã hồ sơ").fill("HS-DEMO-0003")
    page.get_by_label(re.compile(r"^4 số cuối số định danh cá nhân")).fill("6789")
    tap(page, "Tra cứu")
    tap(page, "Đánh giá")


def reports(page: Page) -> None:
    tap(page, "Phản ánh kiến nghị")  # the petition form, then every kind and tracking
    tap(page, "Loại tin khác, tin đã gửi", exact=False)


def report_new(kind: str) -> Callable[[Page], None]:
    def journey(page: Page) -> None:
        reports(page)
        page.locator(f"[data-kind='{kind}']").click()
        settled(page)

    return journey


def report_with_photo(page: Page, tmp_path: Path) -> None:
    from tests.reports.conftest import jpeg_with_gps

    photo = tmp_path / "anh-hien-truong-chup-luc-toi-tai-dau-ngo-12-duong-tran-hung-dao.jpg"
    photo.write_bytes(jpeg_with_gps(size=(320, 240)))
    report_new("to-giac-toi-pham")(page)
    page.get_by_label("Nội dung sự việc *").fill("Tối nào cũng có nhóm người đánh bạc ở quán nước đầu ngõ 12.")
    page.get_by_label("Chọn ảnh hoặc video").set_input_files(str(photo))
    expect(page.get_by_text("anh-hien-truong", exact=False)).to_be_visible()


def report_review(page: Page, tmp_path: Path) -> None:
    report_with_photo(page, tmp_path)
    tap(page, "Lấy vị trí hiện tại")
    tap(page, "Xem lại trước khi gửi")
    expect(page.get_by_role("heading", name="Kiểm tra lại trước khi gửi")).to_be_visible()


def report_track(page: Page) -> None:
    reports(page)
    tap(page, "Tra cứu tin đã gửi", exact=False)


def my_reports(page: Page) -> None:
    reports(page)
    tap(page, "Tin báo, phản ánh của tôi", exact=False)


def questions(page: Page) -> None:
    tap(page, "Hỏi cán bộ")
    expect(page.get_by_text("Bạn chưa hỏi câu nào")).to_be_visible()


def question_new(page: Page) -> None:
    procedure_detail(page)
    tap(page, "Hỏi cán bộ về thủ tục này")


def question_thread(page: Page) -> None:
    question_new(page)
    page.get_by_label(re.compile("^Câu hỏi của bạn")).fill("Đăng ký thường trú cho con mới sinh cần mang giấy tờ gì ạ?")
    tap(page, "Gửi câu hỏi")
    expect(page.get_by_role("list", name="Các tin nhắn")).to_be_visible()


JOURNEYS: dict[str, Callable[..., None]] = {
    "home": home,
    "contacts": contacts,
    "unit": unit_detail,
    "unit-survey": unit_survey,
    "procedures": procedures,
    "procedure-search": procedure_search,
    "procedure": procedure_detail,
    "handbook": handbook,
    "news": news,
    "article": article,
    "account": account,
    "phone-consent": phone_consent,
    "dossier-lookup": dossier_lookup,
    "dossier-result": dossier_result,
    "my-dossiers": my_dossiers,
    "my-dossiers-refreshed": my_dossiers_refreshed,
    "dossier": dossier_detail,
    "ratings": ratings,
    "rate-dossier": rate_dossier,
    "reports": reports,
    "report-tile-crime": lambda page: tap(page, "Tố giác tội phạm"),
    "report-crime": report_new("to-giac-toi-pham"),
    "report-feedback": report_new("phan-anh-kien-nghi"),
    "report-traffic": report_new("vi-pham-giao-thong"),
    "report-with-photo": report_with_photo,
    "report-review": report_review,
    "report-track": report_track,
    "my-reports": my_reports,
    "questions": questions,
    "question-new": question_new,
    "question-thread": question_thread,
}


# "Hồ sơ của tôi" answers 403 "phone not verified" until the citizen verifies the phone on the way there.
EXPECTED_STATUSES = {"my-dossiers": {403}, "my-dossiers-refreshed": {403}, "dossier": {403}}


@pytest.fixture
def reports_loaded(demo_server: str, settings, tmp_path: Path) -> str:
    from reports.demo import demo_reports_load

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    demo_reports_load()
    return demo_server


@pytest.mark.parametrize("name", list(JOURNEYS))
def test_the_page_fits_small_screens_and_large_text_and_passes_axe(
    reports_loaded: str, app: Page, problems: PageProblems, tmp_path: Path, name: str
) -> None:
    settled(app)
    journey = JOURNEYS[name]
    journey(app, tmp_path) if "tmp_path" in journey.__code__.co_varnames else journey(app)
    for status in EXPECTED_STATUSES.get(name, ()):
        problems.expect_status(status)
    check_page(app, name)


def test_the_first_search_result_and_the_handbook_are_above_the_fold(demo_server: str, app: Page) -> None:
    """At 360×740 the field chips take one row: the first result shows without scrolling, and so does the
    way to the handbook (it used to come after every procedure)."""
    app.set_viewport_size({"width": 360, "height": 740})
    procedures(app)
    handbook_button = app.get_by_role("button", name="Cẩm nang: những điều người dân hay hỏi")
    expect(handbook_button).to_be_in_viewport(ratio=1)
    app.get_by_role("searchbox", name="Tìm thủ tục").fill("dang ki tam tru")
    expect(app.get_by_role("heading", name="Kết quả tìm kiếm")).to_be_visible()
    app.wait_for_load_state("networkidle")
    first = app.locator("ul.unit-list > li").first
    expect(first).to_contain_text("Đăng ký tạm trú")
    box = first.bounding_box()
    assert box is not None and box["y"] + min(box["height"], 60) <= 740, box
