"""The officers' workflow: received → verifying → processing → resolved / not competent / forwarded /
rejected as false (or spam), each with a note; replies; deadlines from each kind's clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from common.errors import ApplicationError
from reports import clocks, selectors, submission, workflow
from reports.models import EventType, Report, ReportKind, ReportStatus
from tests.reports.conftest import make_report

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def petitions(reports):
    """The cast's reports as petitions (phản ánh, kiến nghị): kinds without a law's outcomes end with the
    generic statuses. A crime tip ends only with an outcome (tests/reports/test_clocks.py)."""
    Report.objects.update(kind=ReportKind.objects.get(code="phan-anh-kien-nghi"))
    for report in (reports.a, reports.a_child, reports.b):
        report.refresh_from_db()
    return reports


def test_a_report_moves_along_the_workflow_with_a_note_at_each_step(petitions, officer_a):
    reports = petitions
    report = reports.a
    for status in (ReportStatus.VERIFYING, ReportStatus.PROCESSING, ReportStatus.RESOLVED):
        workflow.report_status_change(report=report, new_status=status, note=f"Bước {status}", actor=officer_a)
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.closed_at is not None
    steps = list(report.events.values_list("type", "status", "previous_status", "note", "actor_label"))
    assert steps[1:] == [
        (EventType.STATUS, "verifying", "received", "Bước verifying", "officer_a"),
        (EventType.STATUS, "processing", "verifying", "Bước processing", "officer_a"),
        (EventType.STATUS, "resolved", "processing", "Bước resolved", "officer_a"),
    ]


@pytest.mark.parametrize(
    "path, refused",
    [
        ([], ReportStatus.RECEIVED),
        ([ReportStatus.PROCESSING], ReportStatus.VERIFYING),
        ([ReportStatus.RESOLVED], ReportStatus.PROCESSING),
        ([ReportStatus.SPAM], ReportStatus.VERIFYING),
        ([ReportStatus.PROCESSING], ReportStatus.SPAM),
    ],
)
def test_moves_outside_the_workflow_are_refused(petitions, officer_a, path, refused):
    reports = petitions
    for status in path:
        workflow.report_status_change(report=reports.a, new_status=status, note="ok", actor=officer_a)
    with pytest.raises(ApplicationError) as error:
        workflow.report_status_change(report=reports.a, new_status=refused, note="ok", actor=officer_a)
    assert error.value.code == "report_bad_transition"


def test_every_move_needs_a_note(reports, officer_a):
    with pytest.raises(ApplicationError) as error:
        workflow.report_status_change(report=reports.a, new_status=ReportStatus.VERIFYING, note="  ", actor=officer_a)
    assert error.value.code == "report_note_required"
    assert Report.objects.get(pk=reports.a.pk).status == ReportStatus.RECEIVED


def test_a_stale_copy_cannot_overwrite_a_newer_status(reports, officer_a):
    stale = Report.objects.get(pk=reports.a.pk)
    workflow.report_status_change(report=reports.a, new_status=ReportStatus.VERIFYING, note="x", actor=officer_a)
    with pytest.raises(ApplicationError) as error:
        workflow.report_status_change(report=stale, new_status=ReportStatus.SPAM, note="x", actor=officer_a)
    assert error.value.code == "report_changed"


def test_forwarding_moves_the_report_and_keeps_the_history(petitions, officer_a, areas):
    reports = petitions
    workflow.report_status_change(
        report=reports.a, new_status=ReportStatus.NOT_COMPETENT, note="Thuộc xã khác", actor=officer_a
    )
    workflow.report_forward(report=reports.a, to_unit=areas.tree.unit_b, note="Địa bàn xã Đức Hạnh", actor=officer_a)
    report = Report.objects.get(pk=reports.a.pk)
    assert report.unit == areas.tree.unit_b and report.status == ReportStatus.FORWARDED and report.closed_at is None
    forward = report.events.get(type=EventType.FORWARD)
    assert (forward.from_unit, forward.to_unit, forward.note) == (
        areas.tree.unit_a,
        areas.tree.unit_b,
        "Địa bàn xã Đức Hạnh",
    )
    workflow.report_status_change(report=report, new_status=ReportStatus.PROCESSING, note="Nhận", actor=None)
    with pytest.raises(ApplicationError):
        workflow.report_forward(report=report, to_unit=areas.tree.unit_b, note="x", actor=officer_a)  # same unit


def test_a_resolved_report_cannot_be_forwarded(petitions, officer_a, areas):
    reports = petitions
    workflow.report_status_change(report=reports.a, new_status=ReportStatus.RESOLVED, note="xong", actor=officer_a)
    with pytest.raises(ApplicationError) as error:
        workflow.report_forward(report=reports.a, to_unit=areas.tree.unit_b, note="x", actor=officer_a)
    assert error.value.code == "report_bad_transition"


def test_a_crime_tip_is_due_in_20_calendar_days_and_a_petition_in_15_working_days(areas):
    received = date(2026, 11, 16)  # a Monday
    assert submission.due_date_for(kind=ReportKind.objects.get(code="to-giac-toi-pham"), received=received) == date(
        2026, 12, 6
    )
    assert submission.due_date_for(kind=ReportKind.objects.get(code="phan-anh-kien-nghi"), received=received) == date(
        2026, 12, 7
    )
    ReportKind.objects.filter(code="khac").update(clock_amount=None)
    assert submission.due_date_for(kind=ReportKind.objects.get(code="khac"), received=received) is None


def test_a_petitions_clock_is_configurable_data(areas):
    ReportKind.objects.filter(code="phan-anh-kien-nghi").update(clock_amount=5, clock_unit="calendar")
    report = make_report(areas.tree.unit_a, kind="phan-anh-kien-nghi").report
    assert report.due_date == timezone.localdate(report.received_at) + timedelta(days=5)


def test_an_extension_is_recorded_and_bounded_by_the_kinds_step(reports, officer_a):
    report = reports.a
    received = timezone.localdate(report.received_at)
    first_due = report.due_date
    two_months = clocks.add_months(received, 2)
    with pytest.raises(ApplicationError) as error:  # the first step: not beyond 2 months from receipt
        workflow.report_deadline_extend(
            report=report, new_due_date=two_months + timedelta(days=1), reason="x", actor=officer_a
        )
    assert f"{two_months:%d/%m/%Y}" in error.value.message
    workflow.report_deadline_extend(
        report=report, new_due_date=received + timedelta(days=45), reason="Vụ việc phức tạp", actor=officer_a
    )
    event = report.events.get(type=EventType.EXTEND)
    assert (event.previous_due_date, event.due_date, event.note) == (
        first_due,
        received + timedelta(days=45),
        "Vụ việc phức tạp",
    )
    with pytest.raises(ApplicationError):  # not later than the current one
        workflow.report_deadline_extend(
            report=report, new_due_date=received + timedelta(days=30), reason="x", actor=officer_a
        )
    with pytest.raises(ApplicationError):  # a reason is required
        workflow.report_deadline_extend(
            report=report, new_due_date=received + timedelta(days=50), reason="", actor=officer_a
        )
    assert Report.objects.get(pk=report.pk).due_date == received + timedelta(days=45)


def test_due_soon_and_overdue_filters_follow_the_due_date(petitions, officer_a):
    reports = petitions
    today = timezone.localdate()
    Report.objects.filter(pk=reports.a.pk).update(due_date=today - timedelta(days=1))
    Report.objects.filter(pk=reports.a_child.pk).update(due_date=today)
    Report.objects.filter(pk=reports.b.pk).update(due_date=today + timedelta(days=60))
    every = Report.objects.all()
    assert set(selectors.report_filter_deadline(every, state="overdue")) == {reports.a}
    assert set(selectors.report_filter_deadline(every, state="due_soon")) == {reports.a_child}
    assert set(selectors.report_filter_deadline(every, state="on_time")) == {reports.b}
    workflow.report_status_change(report=reports.a, new_status=ReportStatus.RESOLVED, note="xong", actor=officer_a)
    assert not selectors.report_filter_deadline(every, state="overdue").exists()  # closed is never overdue


def test_a_reply_is_kept_in_the_history(reports, officer_a):
    event = workflow.report_reply(report=reports.a, reply="Công an phường đã kiểm tra và xử lý.", actor=officer_a)
    assert event.type == EventType.REPLY and event.status == ReportStatus.RECEIVED
    with pytest.raises(ApplicationError):
        workflow.report_reply(report=reports.a, reply=" ", actor=officer_a)


def test_received_at_is_now_and_the_first_event_names_the_unit(areas):
    before = datetime.now(tz=HCM)
    report = make_report(areas.tree.unit_b).report
    assert report.received_at >= before
    first = report.events.get()
    assert (first.type, first.to_unit, first.due_date) == (EventType.RECEIVED, areas.tree.unit_b, report.due_date)
