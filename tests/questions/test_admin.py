"""Officers: the unit subtree's conversations only, answer, close, spam, the phone by role, a handbook draft that then
goes through the approval workflow; the inbox selector."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts import roles
from notifications.models import Notification
from procedures.models import Faq
from publishing import services as publishing
from publishing.models import PublishState
from questions import selectors, services
from questions.models import Author, Question, QuestionStatus
from tests.factories import OfficerFactory

PHONE_SHOWN = "84912345678"  # as Zalo verified it (tests/dossiers/conftest.py PHONE_A, normalised)


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(user)
    return client


def page(question: Question, action: str = "change") -> str:
    return f"/admin/questions/question/{question.pk}/{action}/"


@pytest.fixture
def question_a(citizen, dossiers) -> Question:  # about dossier A, filed at unit A's child
    return services.question_ask(citizen=citizen, text="Hồ sơ của tôi khi nào có kết quả, gọi 0912345678?", dossier=dossiers.a)  # fmt: skip


@pytest.fixture
def question_b(other_citizen, tree) -> Question:
    return services.question_ask(citizen=other_citizen, text="Xã Đức Hạnh làm căn cước vào thứ Bảy không?", unit=tree.unit_b)  # fmt: skip


def test_an_officer_sees_the_subtree_questions_only(officer_a, question_a, question_b):
    listing = logged_in(officer_a).get("/admin/questions/question/")
    assert listing.status_code == 200
    assert question_a.subject[:30] in listing.content.decode()
    assert "Đức Hạnh làm căn cước" not in listing.content.decode()


def test_an_officer_of_another_unit_gets_404_on_every_page_of_the_question(officer_b, question_a):
    client = logged_in(officer_b)
    assert "Hồ sơ của tôi khi nào" not in client.get("/admin/questions/question/").content.decode()
    for action in ("change", "answer", "close", "spam", "faq", "history"):
        assert client.get(page(question_a, action)).status_code == 404, action
    assert client.post(page(question_a, "answer"), {"text": "Tôi trả lời thay."}).status_code == 404
    assert not question_a.messages.filter(author=Author.OFFICER).exists()


def test_the_officer_answers_and_the_answer_is_queued_once(officer_a, question_a):
    client = logged_in(officer_a)
    response = client.post(page(question_a, "answer"), {"text": "Hồ sơ có kết quả ngày 20/12, bạn mang CCCD."})
    assert response.status_code == 302
    question_a.refresh_from_db()
    assert question_a.status == QuestionStatus.ANSWERED and question_a.waiting_since is None
    answer = question_a.messages.get(author=Author.OFFICER)
    assert answer.officer == officer_a and answer.officer_label == "Cán bộ Đội Cảnh sát khu vực Đồng Tâm"
    assert Notification.objects.filter(key__startswith=f"question-answer:{answer.pk}:").count() == 1
    assert "Hồ sơ có kết quả ngày 20/12" in client.get(page(question_a)).content.decode()


def test_a_reception_officer_does_not_see_the_phone_and_a_leader_does(officer_a, leader_a, question_a):
    officer_page = logged_in(officer_a).get(page(question_a)).content.decode()
    leader_page = logged_in(leader_a).get(page(question_a)).content.decode()
    assert PHONE_SHOWN not in officer_page
    assert "vai trò của bạn không xem được số" in officer_page
    assert f"điện thoại {PHONE_SHOWN}" in leader_page


def test_spam_and_close_end_the_wait_and_refuse_a_second_time(officer_a, question_a, citizen):
    client = logged_in(officer_a)
    assert client.post(page(question_a, "spam"), {}).status_code == 302
    question_a.refresh_from_db()
    assert question_a.status == QuestionStatus.SPAM and question_a.closed_by == officer_a
    assert selectors.unanswered_for_units([question_a.unit_id]).count() == 0
    again = client.post(page(question_a, "close"), {})
    assert again.status_code == 200 and "đã đóng" in again.content.decode()
    assert not Notification.objects.filter(kind="question_answer").exists()  # nobody is messaged about spam


def test_the_spam_bulk_action_needs_its_permission(officer_a, question_a, tree):
    editor_like = OfficerFactory(username="viewer_a", unit=tree.unit_a, roles=[roles.CONTENT_EDITOR])
    response = logged_in(editor_like).get("/admin/questions/question/")
    assert response.status_code == 403  # no view permission on questions at all
    logged_in(officer_a).post(
        "/admin/questions/question/", {"action": "mark_spam", "_selected_action": [question_a.pk]}
    )
    question_a.refresh_from_db()
    assert question_a.status == QuestionStatus.SPAM


def test_a_good_answer_becomes_a_handbook_draft_that_goes_through_approval(officer_a, question_a, tree):
    services.question_answer(question=question_a, officer=officer_a, text="Gọi 0987 654 321 hoặc đến trụ sở.")
    client = logged_in(officer_a)
    assert client.post(page(question_a, "faq"), {}).status_code == 302
    faq = Faq.objects.get()
    assert faq.state == PublishState.DRAFT and faq.procedure == question_a.procedure
    assert "0912345678" not in faq.question and "0987 654 321" not in faq.answer  # digit runs scrubbed
    assert "thông tin cá nhân" in faq.review_note
    assert client.post(page(question_a, "faq"), {}).status_code == 302 and Faq.objects.count() == 1
    editor = OfficerFactory(username="editor_q", unit=tree.province, roles=[roles.CONTENT_EDITOR])
    approver = OfficerFactory(username="approver_q", unit=tree.province, roles=[roles.CONTENT_APPROVER])
    publishing.content_submit(item=faq, user=editor)
    publishing.content_publish(item=faq, user=approver)
    assert Faq.objects.published().get() == faq


def test_no_handbook_draft_without_an_answer(officer_a, question_a):
    response = logged_in(officer_a).post(page(question_a, "faq"), {})
    assert response.status_code == 200 and "chưa có câu trả lời" in response.content.decode()
    assert not Faq.objects.exists()


def test_the_inbox_selector_lists_the_subtree_unanswered_oldest_first(citizen, other_citizen, tree, officer_a, django_assert_num_queries):  # fmt: skip
    older = services.question_ask(citizen=citizen, text="Câu hỏi thứ nhất của tôi ạ.", unit=tree.unit_a_child)
    newer = services.question_ask(citizen=other_citizen, text="Câu hỏi thứ hai của tôi ạ.", unit=tree.unit_a)
    answered = services.question_ask(citizen=citizen, text="Câu hỏi đã được trả lời.", unit=tree.unit_a)
    services.question_answer(question=answered, officer=officer_a, text="Đã trả lời.")
    services.question_ask(citizen=citizen, text="Câu hỏi của xã Đức Hạnh ạ.", unit=tree.unit_b)
    with django_assert_num_queries(2):
        assert list(selectors.unanswered_for_units([tree.unit_a.pk])) == [older, newer]
    assert selectors.unanswered_count_for_units([tree.unit_a.pk, tree.unit_b.pk]) == 3
    assert selectors.unanswered_count_for_units([]) == 0
