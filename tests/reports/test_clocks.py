"""Report clocks as the laws set them: a tố giác (20 days, up to 2 months from receipt, then up to 4) that
is suspended (tạm đình chỉ) and resumed (phục hồi giải quyết), months counted as calendar months, a tố cáo
accepted (thụ lý) within 7 working days across Tết, a khiếu nại, the outcomes in each law's words, and the
officers' clock actions scoped to their unit."""

from __future__ import annotations

import importlib
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.errors import ApplicationError
from dossiers.public_holidays import holiday_year_materialise
from dossiers.workdays import Calendar, calendar, calendar_forget
from reports import selectors, submission, workflow
from reports.clocks import Pause, add_months, pause_shift
from reports.models import EventType, Outcome, Report, ReportKind, ReportStatus
from tests.reports.conftest import TRACK_URL, make_report, submit

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def received_on(report: Report, day: date) -> Report:
    """The report as if it had arrived on `day` (decisions may not be dated in the future)."""
    due = submission.due_date_for(kind=report.kind, received=day)
    Report.objects.filter(pk=report.pk).update(received_at=datetime.combine(day, time(9), tzinfo=HCM), due_date=due)
    report.refresh_from_db()
    return report


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(user)
    return client


def action_url(name: str, report: Report) -> str:
    return reverse(f"admin:reports_report_{name}", args=[report.pk])


# --- months are months ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 8, 31), 2, date(2026, 10, 31)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 12, 31), 4, date(2027, 4, 30)),
        (date(2026, 11, 15), 4, date(2027, 3, 15)),
    ],
)
def test_a_month_is_a_calendar_month_and_a_missing_day_is_the_months_last(start, months, expected):
    assert add_months(start, months) == expected


def test_a_working_day_clock_gets_back_the_working_days_of_its_pause_and_a_day_clock_the_days():
    cal = Calendar(days_off=frozenset(), days_on=frozenset(), weekdays=frozenset({0, 1, 2, 3, 4}))
    due = date(2026, 10, 14)  # a Wednesday
    weekend = Pause(start=date(2026, 10, 9), end=date(2026, 10, 11))  # Friday → Sunday: no working day stood still
    assert pause_shift(due, pause=weekend, unit="working", cal=cal) == due
    assert pause_shift(due, pause=weekend, unit="calendar", cal=cal) == date(2026, 10, 16)
    week = Pause(start=date(2026, 10, 9), end=date(2026, 10, 16))  # Friday → Friday: five working days
    assert pause_shift(due, pause=week, unit="working", cal=cal) == date(2026, 10, 21)
    assert pause_shift(due, pause=week, unit="months", cal=cal) == date(2026, 10, 21)  # 7 days, not a month
    assert pause_shift(due, pause=Pause(start=date(2026, 10, 9), end=None), unit="calendar", cal=cal) == due


@pytest.mark.parametrize(
    "steps",
    [
        {"amount": 2, "unit": "months", "mode": "until"},
        [{"amount": 0, "unit": "months", "mode": "until"}],
        [{"amount": 2, "unit": "years", "mode": "until"}],
        [{"amount": 2, "unit": "months", "mode": "later"}],
        [{"amount": True, "unit": "months", "mode": "add"}],
        [{"amount": 2, "unit": "months"}],
    ],
)
def test_a_malformed_extension_step_is_refused_in_vietnamese(steps):
    kind = ReportKind(code="x", name="x", extension_steps=steps)
    with pytest.raises(ValidationError) as error:
        kind.full_clean()
    assert "gia hạn" in str(error.value)


def test_the_old_120_days_became_two_steps_in_months():
    migration = importlib.import_module("reports.migrations.0004_clock_rules_and_outcomes")
    assert migration.steps_from_total(120) == [
        {"amount": 2, "unit": "months", "mode": "until"},
        {"amount": 4, "unit": "months", "mode": "until"},
    ]
    assert migration.steps_from_total(None) == []
    kind = ReportKind.objects.get(code="to-giac-toi-pham")
    assert kind.extension_steps == migration.steps_from_total(120) and kind.allows_pause


def test_crime_tip_extensions_reach_2_then_4_months_from_receipt_at_a_month_end(areas, officer_a):
    report = received_on(make_report(areas.tree.unit_a).report, date(2025, 12, 31))
    assert report.due_date == date(2026, 1, 20)  # 20 days
    workflow.report_deadline_extend(report=report, reason="Vụ việc phức tạp", actor=officer_a)
    assert report.due_date == date(2026, 2, 28)  # "không quá 2 tháng": 31/12 + 2 months, not + 60 days
    workflow.report_deadline_extend(report=report, reason="Viện kiểm sát gia hạn", actor=officer_a)
    assert report.due_date == date(2026, 4, 30)  # 4 months in total; 120 days would give 30/4 only by chance
    with pytest.raises(ApplicationError) as error:
        workflow.report_deadline_extend(report=report, reason="lần ba", actor=officer_a)
    assert "hết số lần gia hạn" in error.value.message
    extends = list(report.events.filter(type=EventType.EXTEND).values_list("previous_due_date", "due_date"))
    assert extends == [(date(2026, 1, 20), date(2026, 2, 28)), (date(2026, 2, 28), date(2026, 4, 30))]


def test_an_officer_may_extend_less_than_the_step_but_not_more(areas, officer_a):
    report = received_on(make_report(areas.tree.unit_a).report, date(2026, 8, 31))
    with pytest.raises(ApplicationError) as error:
        workflow.report_deadline_extend(
            report=report, new_due_date=date(2026, 11, 1), reason="phức tạp", actor=officer_a
        )
    assert "31/10/2026" in error.value.message
    workflow.report_deadline_extend(report=report, new_due_date=date(2026, 10, 15), reason="phức tạp", actor=officer_a)
    workflow.report_deadline_extend(report=report, reason="Viện kiểm sát gia hạn", actor=officer_a)
    assert Report.objects.get(pk=report.pk).due_date == date(2026, 12, 31)


# --- a tố giác paused and resumed -----------------------------------------------------------------------


def test_a_crime_tip_paused_and_resumed_has_its_deadline_moved_by_the_pause(areas, officer_a, api):
    sent = make_report(areas.tree.unit_a)
    report = received_on(sent.report, date(2026, 9, 1))
    assert report.due_date == date(2026, 9, 21)
    workflow.report_pause(report=report, paused_on=date(2026, 9, 10), reason="Chờ kết quả giám định", actor=officer_a)
    report.refresh_from_db()
    assert (report.status, report.paused_on, report.due_date) == (
        ReportStatus.SUSPENDED,
        date(2026, 9, 10),
        date(2026, 9, 21),
    )
    # Long past its deadline, a suspended report is neither overdue nor due soon.
    every = Report.objects.all()
    assert report not in selectors.report_filter_deadline(every, state="overdue")
    body = api.post(TRACK_URL, {"code": report.code, "secret": sent.secret}, format="json").json()
    assert body["status"] == "suspended" and body["paused_since"] == "2026-09-10"
    assert "không tính vào thời hạn" in body["status_meaning"] and "giám định" not in body["due_date_label"]

    workflow.report_resume(report=report, resumed_on=date(2026, 9, 25), note="Đã có kết quả", actor=officer_a)
    report.refresh_from_db()
    # 15 days suspended (the clock stood still after 10/9 until 25/9): 21/9 + 15 days.
    assert (report.status, report.paused_on, report.due_date) == (ReportStatus.PROCESSING, None, date(2026, 10, 6))
    assert report in selectors.report_filter_deadline(every, state="overdue")
    clock = list(
        report.events.filter(type__in=[EventType.PAUSE, EventType.RESUME]).values_list(
            "type", "effective_on", "previous_due_date", "due_date"
        )
    )
    assert clock == [
        (EventType.PAUSE, date(2026, 9, 10), date(2026, 9, 21), date(2026, 9, 21)),
        (EventType.RESUME, date(2026, 9, 25), date(2026, 9, 21), date(2026, 10, 6)),
    ]
    body = api.post(TRACK_URL, {"code": report.code, "secret": sent.secret}, format="json").json()
    assert body["paused_since"] is None and body["due_date"] == "2026-10-06"
    assert [step["status"] for step in body["history"]] == ["received", "suspended", "processing"]


def test_two_pauses_add_up_and_an_extension_keeps_the_paused_time(areas, officer_a):
    report = received_on(make_report(areas.tree.unit_a).report, date(2026, 6, 1))
    workflow.report_pause(report=report, paused_on=date(2026, 6, 5), reason="giám định", actor=officer_a)
    workflow.report_resume(report=report, resumed_on=date(2026, 6, 15), note="có kết quả", actor=officer_a)
    workflow.report_pause(report=report, paused_on=date(2026, 6, 18), reason="tương trợ tư pháp", actor=officer_a)
    workflow.report_resume(report=report, resumed_on=date(2026, 6, 23), note="có kết quả", actor=officer_a)
    assert report.due_date == date(2026, 7, 6)  # 21/6 + 10 + 5 days suspended
    workflow.report_deadline_extend(report=report, reason="phức tạp", actor=officer_a)
    assert report.due_date == date(2026, 8, 16)  # 2 months from 1/6 = 1/8, + the 15 days suspended


def test_a_pause_needs_a_reason_a_past_date_and_a_kind_that_has_it(areas, officer_a):
    report = received_on(make_report(areas.tree.unit_a).report, date(2026, 9, 1))
    with pytest.raises(ApplicationError):
        workflow.report_pause(report=report, paused_on=date(2026, 9, 10), reason=" ", actor=officer_a)
    with pytest.raises(ApplicationError) as error:
        workflow.report_pause(report=report, paused_on=date(2026, 8, 31), reason="x", actor=officer_a)
    assert error.value.code == "report_clock_date_invalid"  # before the receipt
    with pytest.raises(ApplicationError) as error:
        workflow.report_pause(report=report, paused_on=date(2099, 1, 1), reason="x", actor=officer_a)
    assert error.value.code == "report_clock_date_invalid"  # in the future
    petition = make_report(areas.tree.unit_a, kind="phan-anh-kien-nghi").report
    with pytest.raises(ApplicationError) as error:
        workflow.report_pause(report=petition, reason="x", actor=officer_a)
    assert error.value.code == "report_pause_not_allowed"
    with pytest.raises(ApplicationError):  # not suspended: nothing to resume
        workflow.report_resume(report=report, note="x", actor=officer_a)
    workflow.report_pause(report=report, paused_on=date(2026, 9, 10), reason="giám định", actor=officer_a)
    with pytest.raises(ApplicationError) as error:  # a resumption before the pause
        workflow.report_resume(report=report, resumed_on=date(2026, 9, 9), note="x", actor=officer_a)
    assert error.value.code == "report_clock_date_invalid"
    with pytest.raises(ApplicationError):  # no second pause while suspended
        workflow.report_pause(report=report, reason="x", actor=officer_a)


# --- outcomes in the law's words --------------------------------------------------------------------------


def test_a_crime_tip_ends_with_prosecution_no_prosecution_or_a_transfer_never_a_plain_resolved(areas, officer_a, api):
    sent = make_report(areas.tree.unit_a)
    report = sent.report
    assert workflow.outcomes_allowed(report) == (Outcome.PROSECUTE, Outcome.NOT_PROSECUTE, Outcome.TRANSFER)
    with pytest.raises(ApplicationError) as error:
        workflow.report_status_change(report=report, new_status=ReportStatus.RESOLVED, note="xong", actor=officer_a)
    assert error.value.code == "report_bad_transition"
    with pytest.raises(ApplicationError) as error:
        workflow.report_outcome(report=report, outcome=Outcome.DENUNCIATION_TRUE, note="x", actor=officer_a)
    assert error.value.code == "report_outcome_invalid"
    workflow.report_outcome(
        report=report, outcome=Outcome.NOT_PROSECUTE, note="QĐ số 12, không có dấu hiệu tội phạm", actor=officer_a
    )
    report.refresh_from_db()
    assert (report.status, report.outcome) == (ReportStatus.RESOLVED, Outcome.NOT_PROSECUTE)
    assert report.closed_at is not None
    body = api.post(TRACK_URL, {"code": report.code, "secret": sent.secret}, format="json").json()
    assert body["outcome"] == "khong_khoi_to"
    assert body["outcome_label"] == "Quyết định không khởi tố vụ án hình sự"
    assert "quyền khiếu nại" in body["status_meaning"] and "QĐ số 12" not in str(body)
    assert body["history"][-1]["status_label"] == "Quyết định không khởi tố vụ án hình sự"


def test_a_suspended_crime_tip_takes_no_outcome_until_resumed(areas, officer_a):
    report = received_on(make_report(areas.tree.unit_a).report, date(2026, 9, 1))
    workflow.report_pause(report=report, paused_on=date(2026, 9, 10), reason="giám định", actor=officer_a)
    with pytest.raises(ApplicationError) as error:
        workflow.report_outcome(report=report, outcome=Outcome.PROSECUTE, note="x", actor=officer_a)
    assert "phục hồi giải quyết trước" in error.value.message
    workflow.report_resume(report=report, resumed_on=date(2026, 9, 20), note="có kết quả", actor=officer_a)
    workflow.report_outcome(report=report, outcome=Outcome.PROSECUTE, note="QĐ khởi tố", actor=officer_a)
    assert Report.objects.get(pk=report.pk).outcome == Outcome.PROSECUTE


# --- tố cáo and khiếu nại -------------------------------------------------------------------------------


def test_a_denunciation_is_accepted_within_7_working_days_across_tet_2027(areas):
    holiday_year_materialise(year=2027)
    calendar_forget()
    kind = ReportKind.objects.get(code="to-cao")
    # Received Monday 1/2/2027; Tết keeps 5/2–11/2 off: the 7th working day is Wednesday 17/2, not 10/2.
    assert submission.due_date_for(kind=kind, received=date(2027, 2, 1)) == date(2027, 2, 17)
    assert calendar().add_working_days(date(2027, 2, 1), 7) == date(2027, 2, 17)


def test_a_denunciation_is_resolved_within_30_days_of_acceptance_extended_twice_by_30(areas, officer_a, citizen):
    report = make_report(areas.tree.unit_a, kind="to-cao", citizen=citizen).report
    report = received_on(report, date(2026, 10, 1))  # Thursday
    assert report.due_date == date(2026, 10, 12)  # 7 working days: Fri 2, Mon 5 … Fri 9, Mon 12
    assert report.awaits_acceptance
    assert workflow.outcomes_allowed(report) == (Outcome.NOT_ACCEPTED, Outcome.WITHDRAWN)
    with pytest.raises(ApplicationError):  # the acceptance clock is not extended
        workflow.report_deadline_extend(report=report, reason="x", actor=officer_a)
    with pytest.raises(ApplicationError):  # "đang giải quyết" only after thụ lý
        workflow.report_status_change(report=report, new_status=ReportStatus.PROCESSING, note="x", actor=officer_a)
    workflow.report_accept(report=report, accepted_on=date(2026, 10, 8), note="Đủ điều kiện", actor=officer_a)
    report.refresh_from_db()
    assert (report.status, report.accepted_on, report.due_date) == (
        ReportStatus.ACCEPTED,
        date(2026, 10, 8),
        date(2026, 11, 7),  # 30 days from thụ lý
    )
    with pytest.raises(ApplicationError):
        workflow.report_accept(report=report, note="lần hai", actor=officer_a)
    workflow.report_deadline_extend(report=report, reason="phức tạp", actor=officer_a)
    workflow.report_deadline_extend(report=report, reason="đặc biệt phức tạp", actor=officer_a)
    assert report.due_date == date(2027, 1, 6)  # + 30 + 30 days
    with pytest.raises(ApplicationError):
        workflow.report_deadline_extend(report=report, reason="lần ba", actor=officer_a)
    assert Outcome.NOT_ACCEPTED not in workflow.outcomes_allowed(report)
    workflow.report_outcome(report=report, outcome=Outcome.DENUNCIATION_PARTLY, note="Kết luận số 3", actor=officer_a)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RESOLVED


def test_a_denunciation_not_accepted_ends_as_such(areas, officer_a, citizen):
    report = make_report(areas.tree.unit_a, kind="to-cao", citizen=citizen).report
    workflow.report_outcome(
        report=report, outcome=Outcome.NOT_ACCEPTED, note="Đã được giải quyết trước", actor=officer_a
    )
    assert Report.objects.get(pk=report.pk).status == ReportStatus.NOT_ACCEPTED


def test_a_complaint_is_accepted_within_10_days_and_resolved_within_30_or_45(areas, officer_a, citizen):
    report = make_report(areas.tree.unit_a, kind="khieu-nai", citizen=citizen).report
    report = received_on(report, date(2026, 9, 25))
    assert report.due_date == date(2026, 10, 5)  # 10 days
    workflow.report_accept(report=report, accepted_on=date(2026, 10, 2), note="Thụ lý", actor=officer_a)
    assert report.due_date == date(2026, 11, 1)  # 30 days from thụ lý
    workflow.report_deadline_extend(report=report, reason="phức tạp", actor=officer_a)
    assert report.due_date == date(2026, 11, 16)  # 45 days from thụ lý in total
    with pytest.raises(ApplicationError):
        workflow.report_pause(report=report, reason="x", actor=officer_a)  # not for complaints (a setting per kind)
    assert workflow.outcomes_allowed(report) == (
        Outcome.COMPLAINT_RIGHT,
        Outcome.COMPLAINT_PARTLY,
        Outcome.COMPLAINT_WRONG,
        Outcome.WITHDRAWN,
    )


def test_a_sent_denunciation_is_told_its_first_date_is_to_accept_it(citizen_api, areas):
    response = submit(citizen_api, kind="to-cao", is_anonymous="false", area=areas.tree.unit_a.pk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["due_date_label"] == "Hạn nhận giải quyết (thụ lý)"
    assert body["due_date"] == f"{calendar().add_working_days(timezone.localdate(), 7):%Y-%m-%d}"


def test_denunciations_and_complaints_are_not_taken_anonymously(api, areas):
    for kind in ("to-cao", "khieu-nai"):
        response = submit(api, kind=kind, area=areas.tree.unit_a.pk)
        assert response.status_code == 400 and response.json()["code"] == "report_anonymous_not_allowed"


def test_the_form_tells_the_clocks_and_the_difference_in_plain_words(api, areas):
    body = api.get("/api/v1/reports/form").json()
    kinds = {kind["code"]: kind for kind in body["kinds"]}
    assert "Khiếu nại" in body["kind_guide"] and "Tố cáo" in body["kind_guide"]
    assert kinds["to-cao"]["clock_text"] == (
        "Thời hạn: thụ lý trong 7 ngày làm việc kể từ ngày tiếp nhận; giải quyết trong 30 ngày kể từ ngày thụ lý; "
        "gia hạn lần 1: gia hạn thêm không quá 30 ngày; gia hạn lần 2: gia hạn thêm không quá 30 ngày; "
        "thời gian tạm đình chỉ không tính vào thời hạn"
    )
    assert "gia hạn lần 2: tổng cộng không quá 4 tháng" in kinds["to-giac-toi-pham"]["clock_text"]
    assert kinds["khieu-nai"]["clock_start"] == "accepted" and not kinds["khieu-nai"]["allows_anonymous"]


# --- the officers' actions in the admin -----------------------------------------------------------------


def test_an_officer_suspends_and_resumes_from_the_admin_and_sees_the_clock(areas, officer_a):
    report = received_on(make_report(areas.tree.unit_a).report, date(2026, 9, 1))
    client = logged_in(officer_a)
    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert action_url("pause", report) in page and action_url("resume", report) not in page
    response = client.post(action_url("pause", report), {"paused_on": "2026-09-10", "reason": "Chờ giám định"})
    assert response.status_code == 302
    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert "Tạm đình chỉ từ 10/09/2026" in page and "còn 11 ngày khi phục hồi" in page
    assert action_url("resume", report) in page and action_url("outcome", report) not in page
    listed = client.get(reverse("admin:reports_report_changelist") + "?deadline=paused")
    assert [r.pk for r in listed.context["cl"].result_list] == [report.pk]
    response = client.post(action_url("resume", report), {"resumed_on": "2026-09-25", "note": "Có kết quả"})
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).due_date == date(2026, 10, 6)


def test_a_wrong_date_in_the_admin_is_a_form_error_not_a_crash(areas, officer_a):
    report = make_report(areas.tree.unit_a).report
    response = logged_in(officer_a).post(action_url("pause", report), {"paused_on": "2099-01-01", "reason": "x"})
    assert response.status_code == 200 and "Ngày quyết định phải từ" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RECEIVED


def test_an_officer_accepts_and_records_an_outcome_from_the_admin(areas, officer_a, citizen):
    report = make_report(areas.tree.unit_a, kind="to-cao", citizen=citizen).report
    client = logged_in(officer_a)
    assert client.post(action_url("accept", report), {"note": "Đủ điều kiện"}).status_code == 302
    form = client.get(action_url("outcome", report)).content.decode()
    assert "Kết luận nội dung tố cáo: tố cáo đúng một phần" in form and "khởi tố" not in form
    response = client.post(action_url("outcome", report), {"outcome": "to_cao_sai", "note": "Kết luận số 5"})
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).outcome == Outcome.DENUNCIATION_FALSE


@pytest.mark.parametrize("view", ["accept", "pause", "resume", "outcome"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_officer_of_another_unit_cannot_reach_the_clock_actions(areas, officer_a, citizen, view, method):
    other = make_report(areas.tree.unit_b, kind="to-cao", citizen=citizen).report
    before = Report.objects.filter(pk=other.pk).values().get()
    data = {"note": "x", "reason": "x", "outcome": "khong_thu_ly"} if method == "post" else None
    response = getattr(logged_in(officer_a), method)(action_url(view, other), data)
    assert response.status_code == 404
    assert Report.objects.filter(pk=other.pk).values().get() == before
    assert other.events.count() == 1


def test_the_provincial_admin_reads_each_kinds_clock_in_words(provincial_admin):
    client = logged_in(provincial_admin)
    listing = client.get(reverse("admin:reports_reportkind_changelist")).content.decode()
    assert "thụ lý trong 7 ngày làm việc kể từ ngày tiếp nhận" in listing
    assert "gia hạn lần 2: tổng cộng không quá 4 tháng" in listing
    kind = ReportKind.objects.get(code="to-giac-toi-pham")
    page = client.get(reverse("admin:reports_reportkind_change", args=[kind.pk]))
    assert page.status_code == 200 and "các bước gia hạn" in page.content.decode().lower()


def test_the_receipt_of_a_denunciation_names_the_acceptance_deadline(areas, officer_a, citizen):
    report = make_report(areas.tree.unit_a, kind="to-cao", citizen=citizen).report
    body = logged_in(officer_a).get(action_url("receipt", report)).content.decode()
    assert f"Hạn thụ lý:</td><td>{report.due_date:%d/%m/%Y}" in body


def test_the_extension_steps_are_written_in_vietnamese_in_the_admin(provincial_admin):
    kind = ReportKind.objects.get(code="to-cao")
    client = logged_in(provincial_admin)
    page = client.get(reverse("admin:reports_reportkind_change", args=[kind.pk])).content.decode()
    assert "thêm 30 ngày\nthêm 30 ngày" in page and '"mode"' not in page
    form = client.get(reverse("admin:reports_reportkind_change", args=[kind.pk])).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "extension_steps": "tổng cộng 2 tháng\n Thêm  7 ngày làm việc",
            "allows_pause": "on",
            "asks_occurred_at": "on",
            "asks_location": "on",
            "active": "on",
        }
    )
    for flag in ("allows_anonymous", "requires_location", "asks_vehicle_plate", "requires_media"):
        data.pop(flag, None)
    response = client.post(reverse("admin:reports_reportkind_change", args=[kind.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    kind.refresh_from_db()
    assert kind.extension_steps == [
        {"amount": 2, "unit": "months", "mode": "until"},
        {"amount": 7, "unit": "working", "mode": "add"},
    ]
    data["extension_steps"] = "gia hạn 2 tuần"
    response = client.post(reverse("admin:reports_reportkind_change", args=[kind.pk]), data)
    assert response.status_code == 200 and "Dòng 1 không hợp lệ" in response.content.decode()


def test_an_officer_who_may_only_read_a_kind_sees_its_steps_in_words(officer_a):
    kind = ReportKind.objects.get(code="to-giac-toi-pham")
    page = logged_in(officer_a).get(reverse("admin:reports_reportkind_change", args=[kind.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "tổng cộng 2 tháng; tổng cộng 4 tháng" in body and "months" not in body
