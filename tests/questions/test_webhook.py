"""The OA chat: a follower's text becomes a message of their open conversation (or a new one for the default unit),
once per Zalo msg_id, and opens the reply window."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from citizens.models import Citizen
from questions.models import Question, QuestionMessage, QuestionSource, QuestionStatus
from tests.zalo.test_webhook import post

APP_USER = "3000000000000000042"
FOLLOWER = "8000000000000000042"


def text_event(text: str, msg_id: str, *, at: int | None = None) -> dict:
    return {
        "event_name": "user_send_text",
        "app_id": "fake-app-id",
        "sender": {"id": FOLLOWER},
        "recipient": {"id": "1"},
        "user_id_by_app": APP_USER,
        "message": {"text": text, "msg_id": msg_id},
        "timestamp": str(at or int(time.time() * 1000)),
    }


@pytest.fixture
def send(client, settings, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def send(payload: dict) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            assert post(client, payload, settings=settings).status_code == 200

    return send


def test_a_followers_text_opens_a_conversation_with_the_default_unit(send, tree):
    send(text_event("Cho tôi hỏi thủ tục làm căn cước cho trẻ em?", "m-1"))
    question = Question.objects.get()
    assert question.source == QuestionSource.OA and question.unit == tree.province
    assert question.status == QuestionStatus.OPEN
    citizen = Citizen.objects.get(zalo_user_id=APP_USER)
    assert question.citizen == citizen and citizen.oa_follower_id == FOLLOWER
    assert citizen.oa_last_message_at is not None and timezone.now() - citizen.oa_last_message_at < timezone.timedelta(
        minutes=1
    )


def test_the_same_msg_id_delivered_again_makes_one_message(send, tree):
    now = int(time.time() * 1000)
    send(text_event("Cho tôi hỏi thủ tục làm căn cước cho trẻ em?", "m-2", at=now))
    # Zalo retries with the same message; a different timestamp makes it a new webhook event, not a new message.
    send(text_event("Cho tôi hỏi thủ tục làm căn cước cho trẻ em?", "m-2", at=now + 1500))
    assert QuestionMessage.objects.filter(zalo_msg_id="m-2").count() == 1
    assert Question.objects.count() == 1


def test_a_second_text_joins_the_open_conversation(send, tree):
    send(text_event("Cho tôi hỏi thủ tục làm căn cước cho trẻ em?", "m-3"))
    send(text_event("Cháu nhà tôi 5 tuổi ạ.", "m-4"))
    question = Question.objects.get()
    assert list(question.messages.values_list("text", flat=True)) == [
        "Cho tôi hỏi thủ tục làm căn cước cho trẻ em?",
        "Cháu nhà tôi 5 tuổi ạ.",
    ]


def test_after_closing_a_new_text_opens_a_new_conversation(send, tree, officer_a):
    from questions.services import question_close

    send(text_event("Cho tôi hỏi thủ tục làm căn cước cho trẻ em?", "m-5"))
    question_close(question=Question.objects.get(), officer=officer_a)
    send(text_event("Tôi muốn hỏi thêm về hộ chiếu.", "m-6"))
    assert Question.objects.count() == 2


def test_the_alert_enrolment_command_and_other_message_kinds_are_not_questions(send, tree):
    Citizen.objects.create(zalo_user_id=APP_USER, oa_follower_id=FOLLOWER, follows_oa=True)
    send(text_event("CANHBAO ABCD-1234", "m-7"))
    sticker = {**text_event("", "m-8"), "event_name": "user_send_sticker"}
    sticker["message"] = {"msg_id": "m-8", "attachments": []}
    send(sticker)
    assert not Question.objects.exists()
    # Any message still opens the reply window.
    assert Citizen.objects.get(zalo_user_id=APP_USER).oa_last_message_at is not None


def test_over_the_hourly_limit_the_oa_text_is_not_recorded(send, tree, settings):
    settings.QUESTIONS_MESSAGES_PER_CITIZEN_PER_HOUR = 1
    send(text_event("Cho tôi hỏi thủ tục làm căn cước cho trẻ em?", "m-9"))
    send(text_event("Xin trả lời giúp tôi với!", "m-10"))
    assert QuestionMessage.objects.count() == 1
