"""An officer's answer reaches the citizen once: the OA consultation message while Zalo's reply window is open,
otherwise ZNS (only with a template) or the Mini App notification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Channel, Kind, Notification, State
from questions import services
from questions.models import Question, QuestionStatus
from tests.notifications.conftest import make_citizen

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = "Bạn mang theo CCCD bản gốc và giấy khai sinh của cháu."


def asked(citizen, *, last_oa_message_hours_ago: float | None):  # type: ignore[no-untyped-def]
    if last_oa_message_hours_ago is not None:
        citizen.oa_last_message_at = timezone.now() - timedelta(hours=last_oa_message_hours_ago)
        citizen.save()
    return services.question_ask(citizen=citizen, text="Làm căn cước cho trẻ em cần gì ạ?")


def test_inside_the_reply_window_the_answer_is_an_oa_consultation_message(tree, officer_a, fake_zalo, oa_authorised):
    citizen = make_citizen("9101", oa=True, miniapp=True)
    question = asked(citizen, last_oa_message_hours_ago=2)
    message = services.question_answer(question=question, officer=officer_a, text=ANSWER)
    row = Notification.objects.get(key=f"question-answer:{message.pk}:c{citizen.pk}")
    assert (row.kind, row.channel, row.state) == (Kind.QUESTION_ANSWER, Channel.OA_CONSULTATION, State.SENT)
    [call] = fake_zalo.requests("oa_consultation")
    assert call["json"]["recipient"] == {"user_id": citizen.oa_follower_id}
    assert ANSWER in call["json"]["message"]["text"] and f"/questions/{question.pk}" in call["json"]["message"]["text"]
    assert fake_zalo.requests("oa_message") == [] and fake_zalo.requests("miniapp") == []
    assert Question.objects.get().status == QuestionStatus.ANSWERED


def test_after_the_window_the_answer_falls_back_to_the_miniapp_notification(tree, officer_a, fake_zalo, oa_authorised, settings):  # fmt: skip
    settings.NOTIFY_OA_CONSULTATION_WINDOW_HOURS = 48
    settings.NOTIFY_ZNS_TEMPLATES = {}  # production until Zalo approves a template for answers
    citizen = make_citizen("9102", oa=True, miniapp=True, phone="84912000111")
    question = asked(citizen, last_oa_message_hours_ago=49)
    services.question_answer(question=question, officer=officer_a, text=ANSWER)
    [row] = Notification.objects.filter(citizen=citizen)
    assert (row.channel, row.state) == (Channel.MINIAPP, State.SENT)  # no ZNS template for answers: not ZNS
    # The transaction message never carries an answer, though the citizen follows the OA.
    assert fake_zalo.requests("oa_consultation") == [] and fake_zalo.requests("oa_message") == []
    [call] = fake_zalo.requests("miniapp")
    assert call["json"]["templateData"]["contentDescription"] == ANSWER


def test_with_a_zns_template_configured_the_closed_window_goes_by_zns(tree, officer_a, fake_zalo, oa_authorised, settings):  # fmt: skip
    settings.NOTIFY_ZNS_TEMPLATES = {"question_answer": {"template_id": "tl-answer", "params": {"noi_dung": "body"}}}
    citizen = make_citizen("9103", oa=True, miniapp=True, phone="84912000222")
    services.question_answer(question=asked(citizen, last_oa_message_hours_ago=None), officer=officer_a, text=ANSWER)
    [row] = Notification.objects.filter(citizen=citizen)
    assert (row.channel, row.state) == (Channel.ZNS, State.SENT)
    assert fake_zalo.requests("zns")[0]["json"]["template_id"] == "tl-answer"


def test_zalo_refusing_the_window_falls_back_once_to_the_next_channel(tree, officer_a, fake_zalo, oa_authorised):
    citizen = make_citizen("9104", oa=True, miniapp=True)
    question = asked(citizen, last_oa_message_hours_ago=1)
    fake_zalo.inject("oa_consultation", error=-305)
    services.question_answer(question=question, officer=officer_a, text=ANSWER)
    rows = {row.channel: row for row in Notification.objects.filter(citizen=citizen)}
    assert rows[Channel.OA_CONSULTATION].state == State.FAILED and "48 h" in rows[Channel.OA_CONSULTATION].reason
    assert rows[Channel.MINIAPP].state == State.SENT
    assert len(fake_zalo.requests("miniapp")) == 1


def test_a_citizen_nobody_can_reach_gets_a_skipped_row_with_the_reason(tree, officer_a, fake_zalo, oa_authorised):
    citizen = make_citizen("9105")
    services.question_answer(question=asked(citizen, last_oa_message_hours_ago=None), officer=officer_a, text=ANSWER)
    [row] = Notification.objects.filter(citizen=citizen)
    assert row.state == State.SKIPPED and row.reason
