"""The citizen's API: only a signed-in Zalo citizen, only their own threads and dossiers, limits and lengths."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from questions.models import Question, QuestionStatus
from tests.dossiers.conftest import citizen_client

URL = "/api/v1/me/questions/"
TEXT = "Tôi cần mang theo giấy tờ gì khi đến nhận kết quả?"


def ask(client, **body):  # type: ignore[no-untyped-def]
    return client.post(URL, {"text": TEXT, **body}, format="json")


def test_asking_needs_a_zalo_sign_in(db):
    response = APIClient().post(URL, {"text": TEXT}, format="json")
    assert response.status_code == 401
    assert APIClient().get(URL).status_code == 401
    assert not Question.objects.exists()


def test_a_question_about_my_own_dossier_goes_to_the_dossier_unit(citizen_api, dossiers, tree):
    response = ask(citizen_api, dossier_id=dossiers.a.pk)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["unit"]["id"] == tree.unit_a_child.pk
    assert body["dossier"] == {"id": dossiers.a.pk, "code": "A1-0001"}
    assert body["procedure"]["id"] == dossiers.a.procedure_id
    assert body["status"] == "open" and body["can_reply"] is True
    assert [m["author"] for m in body["messages"]] == ["citizen"] and body["messages"][0]["text"] == TEXT


def test_another_applicants_dossier_cannot_be_linked_and_looks_like_a_missing_one(citizen_api, dossiers):
    other = ask(citizen_api, dossier_id=dossiers.b.pk)
    missing = ask(citizen_api, dossier_id=987654321)
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert "Hồ sơ của tôi" in other.json()["message"]
    assert not Question.objects.exists()


def test_without_a_verified_phone_no_dossier_is_mine(other_citizen, dossiers):
    response = ask(citizen_client(other_citizen), dossier_id=dossiers.a.pk)
    assert response.status_code == 404


def test_a_question_about_a_procedure_goes_to_its_receiving_unit(citizen_api, published_procedure, tree):
    response = ask(citizen_api, procedure_id=published_procedure.pk)
    assert response.status_code == 201
    assert response.json()["unit"]["id"] == tree.unit_a.pk


def test_a_picked_unit_wins_over_the_procedure_and_nothing_picked_goes_to_the_province(citizen_api, published_procedure, tree):  # fmt: skip
    picked = ask(citizen_api, procedure_id=published_procedure.pk, unit_id=tree.unit_b.pk)
    general = ask(citizen_api)
    assert picked.json()["unit"]["id"] == tree.unit_b.pk
    assert general.json()["unit"]["id"] == tree.province.pk


def test_the_default_unit_is_a_setting(citizen_api, tree, settings):
    settings.QUESTIONS_DEFAULT_UNIT_CODE = tree.unit_b.code
    assert ask(citizen_api).json()["unit"]["id"] == tree.unit_b.pk


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"text": "ngắn"}, "text", "quá ngắn"),
        ({"text": "x" * 2001}, "text", "quá dài"),
        ({"text": "   "}, "text", "nhập nội dung"),
        ({}, "text", "nhập nội dung"),
        ({"text": 12345678901}, "text", None),
        ({"text": TEXT, "procedure_id": "1"}, "procedure_id", "không hợp lệ"),
        ({"text": TEXT, "unit_id": 0}, "unit_id", "không hợp lệ"),
    ],
)
def test_bad_input_is_a_vietnamese_400(citizen_api, tree, body, field, words):
    response = citizen_api.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    if words:
        assert words in " ".join(response.json()["fields"][field])
    assert not Question.objects.exists()


def test_unknown_or_unpublished_procedure_and_inactive_unit_are_404(citizen_api, procedure, tree):
    tree.unit_b.is_active = False
    tree.unit_b.save()
    procedure.state = "draft"
    procedure.save()
    assert ask(citizen_api, procedure_id=procedure.pk).status_code == 404  # not published
    assert ask(citizen_api, unit_id=tree.unit_b.pk).status_code == 404


def test_new_questions_per_day_are_limited(citizen_api, tree, settings):
    settings.QUESTIONS_ASK_PER_CITIZEN_PER_DAY = 2
    assert [ask(citizen_api).status_code for _ in range(3)] == [201, 201, 429]
    refused = ask(citizen_api)
    assert "câu hỏi mới" in refused.json()["message"] and int(refused["Retry-After"]) > 0
    assert Question.objects.count() == 2


def test_the_limit_is_per_citizen(citizen_api, other_citizen, tree, settings):
    settings.QUESTIONS_ASK_PER_CITIZEN_PER_DAY = 1
    assert ask(citizen_api).status_code == 201
    assert ask(citizen_client(other_citizen)).status_code == 201


def test_messages_per_hour_count_replies_too(citizen_api, tree, settings):
    settings.QUESTIONS_MESSAGES_PER_CITIZEN_PER_HOUR = 2
    question = ask(citizen_api).json()
    url = f"{URL}{question['id']}/messages"
    assert citizen_api.post(url, {"text": "Xin cán bộ trả lời giúp ạ."}, format="json").status_code == 201
    refused = citizen_api.post(url, {"text": "Xin cán bộ trả lời giúp ạ."}, format="json")
    assert refused.status_code == 429 and "một giờ" in refused.json()["message"]


def test_i_see_only_my_threads(citizen_api, other_citizen, tree, django_assert_max_num_queries):
    mine = ask(citizen_api).json()
    theirs = ask(citizen_client(other_citizen)).json()
    with django_assert_max_num_queries(6):
        listed = citizen_api.get(URL).json()
    assert [q["id"] for q in listed["results"]] == [mine["id"]]
    assert citizen_api.get(f"{URL}{theirs['id']}/").status_code == 404
    other_reply = citizen_api.post(f"{URL}{theirs['id']}/messages", {"text": "Tôi chen vào đây."}, format="json")
    assert other_reply.status_code == 404


def test_a_reply_reopens_an_answered_question_and_a_closed_one_refuses_it(citizen_api, tree, officer_a):
    from questions import services

    question = Question.objects.get(pk=ask(citizen_api).json()["id"])
    services.question_answer(question=question, officer=officer_a, text="Bạn mang theo CCCD.")
    url = f"{URL}{question.pk}/messages"
    thread = citizen_api.post(url, {"text": "Cảm ơn, còn lệ phí thì sao ạ?"}, format="json").json()
    assert thread["status"] == "open" and [m["author"] for m in thread["messages"]] == ["citizen", "officer", "citizen"]
    assert thread["messages"][1]["author_label"] == f"Cán bộ {tree.province.name}"
    services.question_close(question=question, officer=officer_a, spam=True)
    refused = citizen_api.post(url, {"text": "Cảm ơn, còn lệ phí thì sao ạ?"}, format="json")
    assert refused.status_code == 409 and "đã đóng" in refused.json()["message"]
    shown = citizen_api.get(f"{URL}{question.pk}/").json()
    assert shown["status"] == "closed" and shown["can_reply"] is False  # spam is "closed" to the citizen
    assert Question.objects.get().status == QuestionStatus.SPAM
