"""The one-step "xin lỗi và hẹn lại": the letter on the timeline, the new date, the citizen's Zalo message, once,
and only for the officer's own subtree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts import roles
from dossiers.models import Dossier, DossierEvent, DossierStatus
from dossiers.workdays import calendar
from inbox.models import Apology
from notifications.models import Kind, Notification, State
from tests.factories import OfficerFactory
from tests.inbox.conftest import logged_in, next_working_day, today
from tests.notifications.conftest import follow, make_citizen


def url(dossier: Dossier) -> str:
    return reverse("inbox:apology", args=[dossier.pk])


def new_date():  # type: ignore[no-untyped-def]
    return calendar().add_working_days(today(), 5)


def form(day=None, reason: str = "Cần xác minh thêm nơi cư trú") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"new_date": (day or new_date()).isoformat(), "reason": reason}


def test_the_apology_moves_the_date_writes_the_letter_and_reaches_the_citizen_on_zalo(
    officer_a, late, fake_zalo, oa_authorised, django_capture_on_commit_callbacks
):
    citizen = make_citizen("7001", oa=True)
    follow(citizen, late.tomorrow)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(officer_a).post(url(late.tomorrow), form())
    assert response.status_code == 302 and response["Location"] == reverse("inbox:page")
    late.tomorrow.refresh_from_db()
    assert late.tomorrow.appointment_date == new_date()
    assert late.tomorrow.first_appointment_date == next_working_day()  # the first promise is kept
    event = DossierEvent.objects.filter(dossier=late.tomorrow).latest("id")
    assert event.status == event.previous_status == DossierStatus.RECEIVED
    assert event.note.startswith("Công an phường Đồng Tâm xin lỗi")
    assert "Cần xác minh thêm nơi cư trú" in event.note and f"{new_date():%d/%m/%Y}" in event.note
    assert event.actor == officer_a
    message = Notification.objects.get(kind=Kind.RESCHEDULED, citizen=citizen)
    assert message.state == State.SENT
    [sent] = [r for r in fake_zalo.requests("oa_message") if r["json"]["recipient"]["user_id"] == "follower-7001"]
    text = str(sent["json"])
    assert "xin lỗi" in text and "Cần xác minh thêm nơi cư trú" in text and f"{new_date():%d/%m/%Y}" in text


def test_the_same_form_sent_twice_apologises_once(officer_a, late, django_capture_on_commit_callbacks):
    client = logged_in(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url(late.overdue), form())
        second = client.post(url(late.overdue), form(), follow=True)
    assert first.status_code == 302 and second.status_code == 200
    assert "đã được gửi trước đó" in second.content.decode()
    assert Apology.objects.filter(dossier=late.overdue).count() == 1
    assert DossierEvent.objects.filter(dossier=late.overdue, previous_status=DossierStatus.RECEIVED).count() == 1
    assert Notification.objects.filter(kind=Kind.RESCHEDULED, dossier=late.overdue).count() == 1


def test_an_officer_of_another_unit_cannot_see_nor_send_it(officer_b, late):
    client = logged_in(officer_b)
    assert client.get(url(late.tomorrow)).status_code == 404
    assert client.post(url(late.tomorrow), form()).status_code == 404
    assert client.post(url(late.child), form()).status_code == 404
    late.tomorrow.refresh_from_db()
    assert late.tomorrow.appointment_date == next_working_day()
    assert not Apology.objects.exists()


def test_an_officer_without_the_right_to_change_dossiers_is_refused(tree, late):
    editor = OfficerFactory(username="editor_a", unit=tree.unit_a, roles=[roles.CONTENT_EDITOR])
    assert logged_in(editor).post(url(late.tomorrow), form()).status_code == 403
    assert not Apology.objects.exists()


def test_an_unknown_dossier_is_not_found(officer_a, late):
    assert logged_in(officer_a).get(reverse("inbox:apology", args=[99_999_999])).status_code == 404


def _weekend_after(day):  # type: ignore[no-untyped-def]
    day += timedelta(days=1)
    while calendar().is_working_day(day):
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("today", "Ngày hẹn mới phải sau ngày hôm nay."),
        ("day_off", "Ngày hẹn mới phải là ngày làm việc"),
        ("no_reason", "Cần ghi lý do chậm trễ"),
        ("no_date", "Cần chọn ngày hẹn trả kết quả mới."),
        ("not_after_current", "Ngày hẹn mới phải sau ngày hẹn hiện tại"),
        ("garbage_date", "Ngày không hợp lệ"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(officer_a, late, case, message):
    data = {
        "today": form(today()),
        "day_off": form(_weekend_after(next_working_day())),
        "no_reason": form(reason="   "),
        "no_date": {"new_date": "", "reason": "Lý do"},
        "not_after_current": form(next_working_day()),
        "garbage_date": {"new_date": "31/02/2026x", "reason": "Lý do"},
    }[case]
    response = logged_in(officer_a).post(url(late.tomorrow), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Apology.objects.exists()


def test_a_dossier_not_yet_due_needs_no_apology(officer_a, late):
    response = logged_in(officer_a).post(url(late.far), form(calendar().add_working_days(today(), 30)))
    assert response.status_code == 400
    assert "chưa đến hạn" in response.content.decode()


def test_a_closed_dossier_cannot_be_rescheduled(officer_a, late):
    Dossier.objects.filter(pk=late.overdue.pk).update(status=DossierStatus.RETURNED)
    response = logged_in(officer_a).post(url(late.overdue), form())
    assert response.status_code == 400 and "đã kết thúc" in response.content.decode()


def test_the_form_shows_the_letter_before_it_is_sent(officer_a, late):
    page = logged_in(officer_a).get(url(late.overdue)).content.decode()
    assert 'id="apology-preview"' in page and "xin lỗi" in page and "A-LATE" in page
