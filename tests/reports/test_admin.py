"""The officers' workspace for reports: scoped to the unit subtree, attachments only through the
authorised view, every read and action in the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from reports.models import AccessAction, EventType, Report, ReportAccessLog, ReportEvent, ReportStatus
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(user)
    return client


def url(name: str, *args: object) -> str:
    return reverse(f"admin:reports_report_{name}", args=args)


def attachment_url(report: Report) -> str:
    return url("attachment", report.pk, report.attachments.get().pk)


def test_an_officer_lists_the_reports_of_the_unit_and_its_children_only(officer_a, reports):
    response = logged_in(officer_a).get(url("changelist"))
    codes = {report.code for report in response.context["cl"].result_list}
    assert codes == {reports.a.code, reports.a_child.code}


# Every view and action of the workspace, tried by officer A on unit B's report.
MATRIX = [
    ("get", "change", {}),
    ("get", "status", {}),
    ("post", "status", {"new_status": ReportStatus.VERIFYING, "note": "x"}),
    ("get", "forward", {}),
    ("post", "forward", {"to_unit": 1, "note": "x"}),
    ("get", "extend", {}),
    ("post", "extend", {"new_due_date": "2027-01-30", "reason": "x"}),
    ("get", "reply", {}),
    ("post", "reply", {"reply": "x"}),
    ("get", "receipt", {}),
    ("get", "delete", {}),
    ("post", "delete", {"post": "yes"}),
]


@pytest.mark.parametrize("method, view, data", MATRIX)
def test_an_officer_of_unit_a_cannot_touch_a_report_of_unit_b(officer_a, reports, method, view, data):
    before = Report.objects.filter(pk=reports.b.pk).values().get()
    events = ReportEvent.objects.filter(report=reports.b).count()
    response = getattr(logged_in(officer_a), method)(url(view, reports.b.pk), data)
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] == reverse("admin:index")
    assert reports.b.code not in response.content.decode()
    assert Report.objects.filter(pk=reports.b.pk).values().get() == before
    assert ReportEvent.objects.filter(report=reports.b).count() == events
    assert not ReportAccessLog.objects.filter(report=reports.b).exists()


def test_an_officer_of_unit_b_cannot_open_unit_as_attachment(officer_b, reports):
    target = attachment_url(reports.a)
    assert logged_in(officer_b).get(target).status_code == 404
    # Nor by pairing its own report's id with unit A's attachment id.
    forged = url("attachment", reports.b.pk, reports.a.attachments.get().pk)
    assert logged_in(officer_b).get(forged).status_code == 404
    assert not ReportAccessLog.objects.filter(action=AccessAction.ATTACHMENT).exists()


@pytest.mark.parametrize(
    "who, status",
    [("officer_a", 200), ("leader_a", 200), ("province_admin", 200), ("officer_b", 404), ("editor", 403)],
)
def test_the_permission_matrix_of_attachments(reports, tree, who, status, request):
    user = {
        "officer_a": lambda: request.getfixturevalue("officer_a"),
        "leader_a": lambda: request.getfixturevalue("leader_a"),
        "province_admin": lambda: request.getfixturevalue("provincial_admin"),
        "officer_b": lambda: request.getfixturevalue("officer_b"),
        "editor": lambda: request.getfixturevalue("editor"),
    }[who]()
    response = logged_in(user).get(attachment_url(reports.a))
    assert response.status_code == status
    logged = ReportAccessLog.objects.filter(action=AccessAction.ATTACHMENT, officer=user).count()
    assert logged == (1 if status == 200 else 0)


def test_an_attachment_is_streamed_privately_and_the_opening_logged(officer_a, reports, tree):
    response = logged_in(officer_a).get(attachment_url(reports.a))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert data[:3] == b"\xff\xd8\xff"  # a JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = ReportAccessLog.objects.get(action=AccessAction.ATTACHMENT)
    assert (entry.officer, entry.officer_unit, entry.report, entry.report_unit) == (
        officer_a,
        tree.unit_a,
        reports.a,
        tree.unit_a,
    )
    assert entry.attachment == reports.a.attachments.get() and entry.ip == "192.0.2.10"


def test_no_public_url_reaches_an_attachment(officer_a, reports, client, settings):
    name = reports.a.attachments.get().file.name
    for path in (f"/media/{name}", f"/{name}", f"/private_media/{name}"):
        assert client.get(path).status_code == 404
    body = logged_in(officer_a).get(url("change", reports.a.pk)).content.decode()
    assert name not in body  # the page links to the authorised view, never to the file


def test_the_detail_page_shows_the_contact_of_a_named_sender_and_logs_the_view(officer_b, reports):
    from common.crypto import encrypt_text

    Report.objects.filter(pk=reports.b.pk).update(contact_phone_encrypted=encrypt_text("0912345678"))
    body = logged_in(officer_b).get(url("change", reports.b.pk)).content.decode()
    assert "0912345678" in body
    assert ReportAccessLog.objects.filter(report=reports.b, action=AccessAction.VIEW, officer=officer_b).exists()
    anonymous = logged_in(OfficerFactory(unit=reports.a.unit, roles=[roles.UNIT_OFFICER])).get(
        url("change", reports.a.pk)
    )
    assert "Ẩn danh" in anonymous.content.decode()


def test_recording_a_status_change_from_the_admin(officer_a, reports):
    client = logged_in(officer_a)
    page = client.get(url("status", reports.a.pk)).content.decode()
    assert "Đang xác minh" in page and "Đã chuyển đơn vị" not in page
    response = client.post(url("status", reports.a.pk), {"new_status": "verifying", "note": "Đã gọi tổ dân phố"})
    assert response.status_code == 302
    assert Report.objects.get(pk=reports.a.pk).status == ReportStatus.VERIFYING
    assert ReportAccessLog.objects.filter(report=reports.a, action=AccessAction.STATUS).exists()


def test_a_status_change_without_a_note_comes_back_with_the_error(officer_a, reports):
    response = logged_in(officer_a).post(url("status", reports.a.pk), {"new_status": "verifying", "note": ""})
    assert response.status_code == 200 and "note" in response.context["form"].errors


def test_forwarding_from_the_admin_hands_the_report_to_the_other_unit(officer_a, officer_b, reports, tree):
    response = logged_in(officer_a).post(
        url("forward", reports.a.pk), {"to_unit": tree.unit_b.pk, "note": "Đúng địa bàn"}
    )
    assert response.status_code == 302
    report = Report.objects.get(pk=reports.a.pk)
    assert report.unit == tree.unit_b and report.status == ReportStatus.FORWARDED
    # Now unit B works on it and unit A no longer sees it; the history keeps both units.
    assert logged_in(officer_b).get(url("change", report.pk)).status_code == 200
    assert logged_in(officer_a).get(url("change", report.pk)).status_code == 404
    assert report.events.filter(type=EventType.FORWARD, from_unit=tree.unit_a, to_unit=tree.unit_b).exists()


def test_extending_and_replying_from_the_admin(officer_a, reports):
    client = logged_in(officer_a)
    new_due = reports.a.due_date + timedelta(days=30)
    assert (
        client.post(
            url("extend", reports.a.pk), {"new_due_date": new_due.isoformat(), "reason": "Phức tạp"}
        ).status_code
        == 302
    )
    assert client.post(url("reply", reports.a.pk), {"reply": "Đã chuyển cơ quan điều tra."}).status_code == 302
    assert Report.objects.get(pk=reports.a.pk).due_date == new_due
    actions = set(ReportAccessLog.objects.filter(report=reports.a).values_list("action", flat=True))
    assert {AccessAction.EXTEND, AccessAction.REPLY} <= actions


def test_the_receipt_is_printable_and_logged(officer_a, reports):
    body = logged_in(officer_a).get(url("receipt", reports.a.pk)).content.decode()
    assert "BIÊN BẢN TIẾP NHẬN" in body and reports.a.code in body and "Ẩn danh" in body
    assert ReportAccessLog.objects.filter(report=reports.a, action=AccessAction.PRINT).exists()


def test_the_deadline_filters_in_the_workspace(officer_a, reports):
    today = timezone.localdate()
    Report.objects.filter(pk=reports.a.pk).update(due_date=today - timedelta(days=1))
    Report.objects.filter(pk=reports.a_child.pk).update(due_date=today + timedelta(days=60))
    client = logged_in(officer_a)
    overdue = client.get(url("changelist"), {"deadline": "overdue"}).context["cl"].result_list
    on_time = client.get(url("changelist"), {"deadline": "on_time"}).context["cl"].result_list
    assert list(overdue) == [reports.a] and list(on_time) == [reports.a_child]


def test_leaders_read_the_report_access_log_of_their_unit_and_officers_cannot(officer_a, leader_a, officer_b, reports):
    logged_in(officer_a).get(url("change", reports.a.pk))
    logged_in(officer_b).get(url("change", reports.b.pk))
    log_url = reverse("admin:reports_reportaccesslog_changelist")
    assert logged_in(officer_a).get(log_url).status_code == 403
    body = logged_in(leader_a).get(log_url).content.decode()
    assert reports.a.code in body and reports.b.code not in body


def test_officers_cannot_add_reports_by_hand(officer_a, reports):
    assert logged_in(officer_a).get(url("add")).status_code == 403


def test_marking_spam_in_bulk_never_reaches_another_units_report(officer_a, reports):
    response = logged_in(officer_a).post(
        url("changelist"), {"action": "mark_spam", "_selected_action": [reports.a.pk, reports.b.pk], "index": 0}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=reports.a.pk).status == ReportStatus.SPAM
    assert Report.objects.get(pk=reports.b.pk).status == ReportStatus.RECEIVED
    assert ReportAccessLog.objects.filter(report=reports.a, action=AccessAction.STATUS, detail="Tin rác").exists()


def test_the_report_page_offers_the_actions_and_no_save_button(officer_a, reports):
    body = logged_in(officer_a).get(url("change", reports.a.pk)).content.decode()
    for action in ("Chuyển trạng thái", "Trả lời công dân", "Gia hạn", "Chuyển đơn vị", "In biên bản tiếp nhận"):
        assert action in body
    assert 'name="_save"' not in body
    assert url("attachment", reports.a.pk, reports.a.attachments.get().pk) in body


def test_the_reply_page_shows_what_the_citizen_wrote_and_earlier_replies_and_logs_the_reading(officer_a, reports):
    client = logged_in(officer_a)
    assert client.post(url("reply", reports.a.pk), {"reply": "Đã chuyển cơ quan điều tra."}).status_code == 302
    ReportAccessLog.objects.all().delete()
    page = client.get(url("reply", reports.a.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert reports.a.description in text  # the officer answers what they can read
    assert "Đã chuyển cơ quan điều tra." in text
    assert list(ReportAccessLog.objects.filter(report=reports.a).values_list("action", flat=True)) == [
        AccessAction.VIEW
    ]
