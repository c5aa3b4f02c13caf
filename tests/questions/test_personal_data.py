"""A citizen's questions are in "Tải dữ liệu của tôi" and go with "Xóa tài khoản"."""

from __future__ import annotations

from privacy.export import personal_data_export
from privacy.services import citizen_account_delete
from questions import services
from questions.models import Question, QuestionMessage


def test_my_questions_and_their_answers_are_in_my_export_and_nobody_elses(citizen, other_citizen, tree, officer_a):
    mine = services.question_ask(citizen=citizen, text="Câu hỏi của tôi về căn cước ạ.", unit=tree.unit_a)
    services.question_answer(question=mine, officer=officer_a, text="Trả lời của cán bộ cho bạn.")
    services.question_ask(citizen=other_citizen, text="Câu hỏi của người khác ạ.", unit=tree.unit_a)
    [exported] = personal_data_export(citizen=citizen)["câu hỏi cho cán bộ"]
    assert exported["đơn vị trả lời"] == tree.unit_a.name
    assert [m["nội dung"] for m in exported["tin nhắn"]] == [
        "Câu hỏi của tôi về căn cước ạ.",
        "Trả lời của cán bộ cho bạn.",
    ]
    assert personal_data_export(citizen=other_citizen)["câu hỏi cho cán bộ"][0]["tin nhắn"][0]["nội dung"] == (
        "Câu hỏi của người khác ạ."
    )


def test_deleting_the_account_deletes_my_questions_and_says_so(citizen, other_citizen, tree):
    services.question_ask(citizen=citizen, text="Câu hỏi của tôi về căn cước ạ.", unit=tree.unit_a)
    services.question_ask(citizen=other_citizen, text="Câu hỏi của người khác ạ.", unit=tree.unit_a)
    result = citizen_account_delete(citizen=citizen)
    assert any("1 câu hỏi gửi cán bộ" in line for line in result.deleted)
    assert Question.objects.count() == 1 and QuestionMessage.objects.count() == 1
