"""Hỏi cán bộ end to end: a citizen asks in the built Mini App, writes again through the OA chat (the webhook), an
officer answers in the admin, the answer reaches the fake Zalo as an OA consultation message and the thread in the
Mini App shows it."""

from __future__ import annotations

import json
import re
import time

import pytest
import requests
from playwright.sync_api import Page, expect

from accounts.models import User
from questions.models import Question, QuestionStatus
from tests.e2e.conftest import screenshot
from zalo import oa_token
from zalo.client import OATokens
from zalo.fake.app import default_fake
from zalo.webhook import expected_signature

QUESTION = "Đăng ký thường trú cho con mới sinh cần mang giấy tờ gì ạ?"
ANSWER = "Chào bạn, bạn mang giấy khai sinh của cháu và căn cước của bố hoặc mẹ đến Công an phường."


@pytest.fixture
def oa_ready(demo_server: str, settings) -> str:  # type: ignore[no-untyped-def]
    """The in-process fake Zalo, reset, with the OA authorised."""
    default_fake.state.reset()
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))
    return demo_server


def oa_text(server: str, settings, *, user_id_by_app: str, text: str) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "event_name": "user_send_text",
        "app_id": settings.ZALO_APP_ID,
        "sender": {"id": "8000000000000000777"},
        "recipient": {"id": "1"},
        "user_id_by_app": user_id_by_app,
        "message": {"text": text, "msg_id": "e2e-msg-1"},
        "timestamp": str(int(time.time() * 1000)),
    }
    body = json.dumps(payload).encode()
    mac = expected_signature(
        app_id=settings.ZALO_APP_ID,
        raw_body=body,
        timestamp=payload["timestamp"],
        oa_secret=settings.ZALO_OA_SECRET_KEY,
    )
    response = requests.post(
        f"{server}/api/v1/zalo/webhook",
        data=body,
        headers={"Content-Type": "application/json", "X-ZEvent-Signature": f"mac={mac}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text


def test_a_citizen_asks_an_officer_answers_and_the_answer_arrives(app: Page, oa_ready: str, settings, browser) -> None:  # type: ignore[no-untyped-def]
    # The citizen asks from a procedure's page.
    app.set_viewport_size({"width": 360, "height": 740})
    app.get_by_role("button", name="Thủ tục hành chính").click()
    app.get_by_role("searchbox", name="Tìm thủ tục").fill("thuong tru")
    app.get_by_role("button", name=re.compile(r"^Đăng ký thường trú")).first.click()
    app.get_by_role("button", name="Hỏi cán bộ về thủ tục này").click()
    app.get_by_label(re.compile("^Câu hỏi của bạn")).fill(QUESTION)
    app.get_by_role("button", name="Gửi câu hỏi").click()
    expect(app.get_by_text("Chờ trả lời", exact=True)).to_be_visible()
    screenshot(app, "question-asked-360x740")
    question = Question.objects.get()
    assert question.procedure is not None and question.procedure.name.startswith("Đăng ký thường trú")

    # The same citizen writes to the OA chat: the text joins the open conversation and opens the reply window.
    oa_text(oa_ready, settings, user_id_by_app=question.citizen.zalo_user_id, text="Tôi nhắn thêm qua Zalo OA ạ.")
    assert question.messages.count() == 2

    # An officer of the unit answers in the admin.
    officer = User.objects.create_superuser(
        username="e2e-tiepdan", password="Mat-khau-e2e-123!", email="e2e@example.vn"
    )
    officer.unit = question.unit
    officer.save()
    admin = browser.new_page()
    admin.goto(f"{oa_ready}/admin/login/")
    admin.fill("#id_username", "e2e-tiepdan")
    admin.fill("#id_password", "Mat-khau-e2e-123!")
    admin.click("input[type=submit]")
    admin.goto(f"{oa_ready}/admin/questions/question/?waiting=yes")
    admin.get_by_role("link", name=QUESTION[:40], exact=False).first.click()
    expect(admin.get_by_text("Tôi nhắn thêm qua Zalo OA ạ.")).to_be_visible()
    admin.get_by_role("link", name="Trả lời", exact=True).click()
    admin.get_by_label("Trả lời công dân").fill(ANSWER)
    admin.get_by_role("button", name="Gửi trả lời").click()
    expect(admin.get_by_text("đã gửi câu trả lời cho công dân", exact=False)).to_be_visible()
    admin.close()
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED

    # The answer reached the fake Zalo as a consultation message to the follower.
    sent = [r for r in default_fake.state.requests if r["endpoint"] == "oa_consultation"]
    assert len(sent) == 1 and ANSWER in sent[0]["json"]["message"]["text"]
    assert sent[0]["json"]["recipient"]["user_id"] == "8000000000000000777"

    # The thread in the Mini App shows it (at 360 px and at 200 % text).
    app.goto(f"{oa_ready}/app/")
    app.get_by_role("button", name="Hỏi cán bộ", exact=True).click()
    app.get_by_role("button", name=re.compile("^Đăng ký thường trú cho con")).click()
    expect(app.get_by_text(ANSWER)).to_be_visible()
    expect(app.locator(".thread__message--officer")).to_contain_text(ANSWER)
    expect(app.locator(".thread__message--officer")).to_contain_text("Cán bộ")
    screenshot(app, "question-answered-360x740")
    cdp = app.context.new_cdp_session(app)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    app.wait_for_timeout(200)
    screenshot(app, "question-answered-360x740-text200")
    assert app.evaluate("document.scrollingElement.scrollWidth") <= 360
