"""A reception officer's morning in the admin: sign in, open "Việc cần làm", send the apology and new date for a
dossier due tomorrow (the citizen's message arrives at the fake Zalo), answer a citizen's question from the list
(the answer arrives at the fake Zalo and is in the citizen's thread), answer an unhappy rating's follow-up; and
the page read at 1280 px and at 360 px. (tests/e2e/test_questions.py shows the thread in the Mini App.)"""

from __future__ import annotations

import re
import secrets

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page, expect

from dossiers.models import Dossier, DossierStatus
from dossiers.services import dossier_status_change
from dossiers.workdays import calendar
from questions.models import Author, Question, QuestionStatus
from questions.services import question_ask
from ratings.models import FollowUp, FollowUpState, Level
from ratings.services import rating_create
from tests.dossiers.conftest import ID_B, PHONE_B, procedure, receive  # noqa: F401 - shared cast
from tests.e2e.conftest import SCREENSHOTS, PageProblems, watch
from tests.factories import OfficerFactory
from tests.inbox.conftest import due_on, next_working_day, previous_working_day, today
from tests.notifications.conftest import _notify_settings, _templates, follow, make_citizen  # noqa: F401
from tests.questions.conftest import _answer_template  # noqa: F401 - the answer's message text, after the flush
from tests.zalo.conftest import fake_zalo  # noqa: F401
from zalo import oa_token
from zalo.client import OATokens

# The one-stop desk's officer who also answers the unit's unhappy ratings (a small commune's desk does both).
MORNING_RIGHTS = [
    ("dossiers", "view_dossier"),
    ("dossiers", "change_dossier"),
    ("dossiers", "view_dossierevent"),
    ("ratings", "view_rating"),
    ("ratings", "view_followup"),
    ("ratings", "change_followup"),
    ("reports", "view_report"),
    ("reports", "change_report"),
    ("questions", "view_question"),
    ("questions", "change_question"),
    ("questions", "answer_question"),
]
QUESTION = "Hồ sơ của tôi cần bổ sung giấy tờ gì không ạ?"
ANSWER = "Chào anh/chị, hồ sơ đã đủ giấy tờ; đơn vị sẽ báo ngày trả qua Zalo."


@pytest.fixture
def morning(live_server, tree, procedure, fake_zalo, settings):  # noqa: F811
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))
    group = Group.objects.create(name="Một cửa (thử nghiệm)")
    for app, codename in MORNING_RIGHTS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    password = secrets.token_urlsafe(12)
    officer = OfficerFactory(username="motcua_a", unit=tree.unit_a, first_name="Hà", last_name="Lê Thu")
    officer.set_password(password)
    officer.save()
    officer.groups.add(group)
    stranger = OfficerFactory(username="motcua_b", unit=tree.unit_b)
    stranger.groups.add(group)

    due_tomorrow = due_on(receive(officer, tree.unit_a, procedure, code="DT-0001"), next_working_day())
    # Follows the OA and Zalo verified their phone: outside the OA reply window an answer goes by ZNS.
    citizen = make_citizen("9101", oa=True, phone="84912000111")
    follow(citizen, due_tomorrow)
    due_on(receive(officer, tree.unit_a, procedure, code="DT-0002"), previous_working_day())
    due_on(receive(stranger, tree.unit_b, procedure, code="DH-0009", id_number=ID_B, phone=PHONE_B), today())
    rated = receive(officer, tree.unit_a, procedure, code="DT-0003")
    dossier_status_change(dossier=rated, new_status=DossierStatus.DONE)
    rating_create(citizen=citizen, dossier=rated, proof="lookup", level=Level.UNSATISFIED, reason="Phải chờ lâu ở quầy")
    # The citizen asked about their dossier in the Mini App: routed to the dossier's unit.
    question_ask(citizen=citizen, text=QUESTION, dossier=due_tomorrow)
    return {"url": live_server.url, "username": officer.username, "password": password, "dossier": due_tomorrow}


def shot(page: Page, name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return str(path)


def test_a_reception_officers_morning(page: Page, morning, fake_zalo, problems: PageProblems) -> None:  # noqa: F811
    watch(page, problems)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{morning['url']}/admin/login/")
    page.fill("#id_username", morning["username"])
    page.fill("#id_password", morning["password"])
    page.click("input[type=submit]")
    expect(page.locator("#inbox-panel")).to_contain_text("Hồ sơ sắp đến hạn")

    page.click("#inbox-link")
    items = page.locator("#inbox-items > li")
    expect(items.first).to_contain_text("DT-0002")  # overdue first
    expect(page.locator("#inbox-items")).not_to_contain_text("DH-0009")  # another unit's
    expect(page.locator("#inbox-items")).to_contain_text("Không hài lòng: Phải chờ lâu ở quầy")
    shot(page, "inbox-1280")
    page.set_viewport_size({"width": 360, "height": 740})
    shot(page, "inbox-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    new_date = calendar().add_working_days(today(), 4)
    page.locator("#inbox-items > li", has_text="DT-0001").get_by_role("link", name="Xin lỗi và hẹn lại").click()
    expect(page.locator("#apology-preview")).to_contain_text("xin lỗi")
    page.fill("#id_new_date", new_date.isoformat())
    page.fill("#id_reason", "Cần xác minh thêm thông tin nơi thường trú cũ")
    page.get_by_role("button", name="Gửi lời xin lỗi và hẹn lại").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Đã gửi lời xin lỗi và hẹn lại ngày trả hồ sơ DT-0001: {new_date:%d/%m/%Y}"
    )

    sent = [r for r in fake_zalo.requests("oa_message") if r["json"]["recipient"]["user_id"] == "follower-9101"]
    assert len(sent) == 1, sent
    assert "Cần xác minh thêm thông tin nơi thường trú cũ" in str(sent[0]["json"])
    assert Dossier.objects.get(code="DT-0001").appointment_date == new_date

    # The citizen's question: from the list to the thread, then the answer.
    page.locator("#inbox-items > li", has_text=QUESTION[:30]).get_by_role("link", name="Trả lời").click()
    expect(page.get_by_text(QUESTION)).to_be_visible()
    page.get_by_role("link", name="Trả lời", exact=True).click()
    page.get_by_label("Trả lời công dân").fill(ANSWER)
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_text("đã gửi câu trả lời cho công dân", exact=False)).to_be_visible()
    question = Question.objects.get()
    assert question.status == QuestionStatus.ANSWERED
    assert list(question.messages.filter(author=Author.OFFICER).values_list("text", flat=True)) == [ANSWER]
    # Outside the OA reply window (the citizen asked in the Mini App): a ZNS message to their verified phone.
    answered = [r for r in fake_zalo.requests("zns") if r["json"]["template_id"] == "demo-question_answer"]
    assert len(answered) == 1, answered
    assert answered[0]["json"]["phone"] == "84912000111"
    assert ANSWER in answered[0]["json"]["template_data"]["noi_dung"]

    page.click("#inbox-link")
    expect(page.locator("#inbox-items")).not_to_contain_text(QUESTION[:30])
    page.locator("#inbox-items > li", has_text="DT-0003").get_by_role("link", name="Trả lời").click()
    page.fill("#id_reply", "Đơn vị xin lỗi anh/chị, đã bố trí thêm cán bộ tiếp nhận buổi sáng.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã gửi trả lời tới công dân")
    assert FollowUp.objects.get().state == FollowUpState.ANSWERED

    page.click("#inbox-link")
    expect(page.locator("#inbox-items")).not_to_contain_text("DT-0003")
    expect(page.locator("#inbox-items > li", has_text="DT-0001")).to_have_count(0)  # no longer due soon
    assert re.search(r"ib-card[^>]*data-source=\"follow_ups\"", page.content())
    problems.assert_clean()
