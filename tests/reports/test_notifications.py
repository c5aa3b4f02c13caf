"""Replies and status changes reach a named sender through the notifications pipeline; an anonymous
sender is never messaged (their rows are written as skipped, with no citizen)."""

from __future__ import annotations

import pytest

from notifications.models import Kind, Notification, State
from reports import workflow
from reports.models import ReportStatus
from tests.reports.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _console_only(settings):
    settings.NOTIFY_CHANNEL_ORDER = ["console"]
    settings.NOTIFY_CONSOLE_ENABLED = True


def test_a_named_sender_is_told_the_report_was_received(areas, citizen):
    report = make_report(areas.tree.unit_a, citizen=citizen).report
    row = Notification.objects.get()
    assert (row.kind, row.citizen, row.unit, row.dossier) == (Kind.REPORT_RECEIVED, citizen, areas.tree.unit_a, None)
    assert row.values["code"] == report.code and row.values["report_kind"] == "Tin báo, tố giác tội phạm"
    assert row.link.endswith(f"/reports/track?code={report.code}")
    assert row.key == f"report-received:{report.pk}:c{citizen.pk}"


def test_status_changes_and_forwards_are_notified_with_their_plain_meaning(areas, citizen, officer_a):
    report = make_report(areas.tree.unit_a, citizen=citizen).report
    workflow.report_status_change(
        report=report, new_status=ReportStatus.VERIFYING, note="nội bộ: gọi tổ trưởng", actor=officer_a
    )
    workflow.report_forward(report=report, to_unit=areas.tree.unit_b, note="nội bộ", actor=officer_a)
    updates = list(Notification.objects.filter(kind=Kind.REPORT_UPDATE).order_by("id"))
    assert [row.values["status"] for row in updates] == ["Đang xác minh", "Đã chuyển đơn vị có thẩm quyền"]
    assert all("nội bộ" not in row.values["note"] for row in updates)  # officers' notes stay internal
    assert updates[1].unit == areas.tree.unit_b  # the new unit's officers see the message in their admin


def test_a_reply_is_sent_once_through_the_pipeline(areas, citizen, officer_a, django_capture_on_commit_callbacks):
    report = make_report(areas.tree.unit_a, citizen=citizen).report
    with django_capture_on_commit_callbacks(execute=True):
        event = workflow.report_reply(report=report, reply="Đã xử lý nhóm đánh bạc. Cảm ơn bạn.", actor=officer_a)
    row = Notification.objects.get(kind=Kind.REPORT_REPLY)
    assert row.key == f"report-reply:{event.pk}:c{citizen.pk}"
    assert row.values["reply"] == "Đã xử lý nhóm đánh bạc. Cảm ơn bạn."
    row.refresh_from_db()
    assert row.state == State.SENT and row.channel == "console"


def test_marking_spam_sends_nothing(areas, citizen, officer_a):
    report = make_report(areas.tree.unit_a, citizen=citizen).report
    workflow.report_status_change(report=report, new_status=ReportStatus.SPAM, note="quảng cáo", actor=officer_a)
    assert not Notification.objects.filter(kind=Kind.REPORT_UPDATE).exists()


def test_an_anonymous_sender_is_never_messaged(areas, officer_a):
    report = make_report(areas.tree.unit_a).report
    workflow.report_reply(report=report, reply="Đã tiếp nhận, đang xác minh.", actor=officer_a)
    rows = list(Notification.objects.all())
    assert {row.kind for row in rows} == {Kind.REPORT_RECEIVED, Kind.REPORT_REPLY}
    assert all(row.citizen_id is None and row.state == State.SKIPPED for row in rows)


def test_a_named_sender_is_told_of_the_suspension_and_the_outcome_in_plain_words(areas, citizen, officer_a):
    from reports.models import Outcome

    report = make_report(areas.tree.unit_a, citizen=citizen).report
    workflow.report_pause(report=report, reason="nội bộ: chờ giám định", actor=officer_a)
    workflow.report_resume(report=report, note="nội bộ", actor=officer_a)
    workflow.report_outcome(report=report, outcome=Outcome.PROSECUTE, note="nội bộ: QĐ số 7", actor=officer_a)
    updates = list(Notification.objects.filter(kind=Kind.REPORT_UPDATE).order_by("id"))
    assert [row.values["status"] for row in updates] == ["Tạm đình chỉ", "Đang giải quyết", "Đã giải quyết"]
    assert "không tính vào thời hạn" in updates[0].values["note"]
    assert "khởi tố vụ án hình sự" in updates[2].values["note"]
    assert all("nội bộ" not in row.values["note"] for row in updates)
