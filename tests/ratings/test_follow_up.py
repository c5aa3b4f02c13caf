"""A "Không hài lòng" becomes a follow-up the unit leader answers; the answer reaches the citizen."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from common.errors import ApplicationError
from notifications.models import Kind, Notification, State
from ratings.models import FollowUp, FollowUpState, Level
from ratings.services import follow_up_answer, rating_create, rating_link
from tests.factories import OfficerFactory
from tests.ratings.conftest import finish


@pytest.fixture
def complaint(finished, citizen):  # type: ignore[no-untyped-def]
    rating = rating_create(
        citizen=citizen, dossier=finished.a, proof="lookup", level=Level.UNSATISFIED, reason="Phải chờ hai tiếng"
    )
    return rating.follow_up


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def change_url(follow_up: FollowUp) -> str:
    return reverse("admin:ratings_followup_change", args=[follow_up.pk])


def test_the_leader_answers_and_the_citizen_is_notified(
    leader_a, complaint, citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(leader_a).post(change_url(complaint), {"reply": "Đơn vị xin lỗi, đã nhắc nhở bộ phận."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == FollowUpState.ANSWERED
    assert (complaint.reply, complaint.answered_by) == ("Đơn vị xin lỗi, đã nhắc nhở bộ phận.", leader_a)
    message = Notification.objects.get(kind=Kind.RATING_REPLY)
    assert message.citizen == citizen and message.key == f"rating-reply:{complaint.rating_id}:c{citizen.pk}"
    assert message.values == {
        "code": "A-0001",
        "procedure": "Đăng ký thường trú",
        "unit": complaint.unit.name,
        "reply": "Đơn vị xin lỗi, đã nhắc nhở bộ phận.",
    }
    assert message.link == rating_link(complaint.rating.dossier_id)
    assert (message.unit, message.dossier) == (complaint.unit, complaint.rating.dossier)
    message.refresh_from_db()
    assert message.state == State.SENT


def test_the_leader_is_told_the_reply_went_out(leader_a, complaint):
    response = logged_in(leader_a).post(change_url(complaint), {"reply": "Xin lỗi anh/chị."}, follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == ["Đã gửi trả lời tới công dân."]


def test_a_follow_up_is_answered_once(leader_a, complaint):
    follow_up_answer(follow_up=complaint, officer=leader_a, reply="Trả lời lần một")
    with pytest.raises(ApplicationError) as refused:
        follow_up_answer(follow_up=FollowUp.objects.get(pk=complaint.pk), officer=leader_a, reply="Lần hai")
    assert refused.value.code == "follow_up_answered"
    assert Notification.objects.filter(kind=Kind.RATING_REPLY).count() == 1
    page = logged_in(leader_a).get(change_url(complaint)).content.decode()
    assert 'name="reply"' not in page  # read-only once answered


def test_an_empty_reply_is_refused(leader_a, complaint):
    response = logged_in(leader_a).post(change_url(complaint), {"reply": "   "})
    assert response.status_code == 200  # the form again, with its error
    complaint.refresh_from_db()
    assert complaint.state == FollowUpState.OPEN
    assert not Notification.objects.filter(kind=Kind.RATING_REPLY).exists()


def test_a_leader_of_another_unit_can_neither_see_nor_answer(tree, complaint):
    leader_b = OfficerFactory(username="leader_b", unit=tree.unit_b, roles=[roles.UNIT_LEADER])
    client = logged_in(leader_b)
    assert client.get(change_url(complaint)).status_code in (302, 404)
    client.post(change_url(complaint), {"reply": "Không phải việc của tôi"})
    assert "A-0001" not in client.get(reverse("admin:ratings_followup_changelist")).content.decode()
    with pytest.raises(ApplicationError):
        follow_up_answer(follow_up=complaint, officer=leader_b, reply="x")
    complaint.refresh_from_db()
    assert complaint.state == FollowUpState.OPEN


def test_a_reception_officer_cannot_answer_for_the_leader(officer_a, complaint):
    assert logged_in(officer_a).get(change_url(complaint)).status_code == 403
    with pytest.raises(ApplicationError):
        follow_up_answer(follow_up=complaint, officer=officer_a, reply="x")


def test_a_citizen_who_left_still_gets_a_recorded_but_skipped_reply(leader_a, complaint, citizen):
    citizen.delete()
    follow_up_answer(follow_up=FollowUp.objects.get(pk=complaint.pk), officer=leader_a, reply="Xin lỗi")
    message = Notification.objects.get(kind=Kind.RATING_REPLY)
    assert message.state == State.SKIPPED and message.citizen is None


def test_the_leaders_list_shows_the_deadline(leader_a, complaint):
    body = logged_in(leader_a).get(reverse("admin:ratings_followup_changelist")).content.decode()
    assert "A-0001" in body and f"{complaint.deadline:%d/%m/%Y}" in body


def test_satisfied_ratings_open_no_follow_up(dossiers, citizen):
    rating_create(citizen=citizen, dossier=finish(dossiers.b), proof="lookup", level=Level.SATISFIED)
    assert not FollowUp.objects.exists()
