"""The inbox's built-in sources: late and nearly late dossiers, reports by their legal clock, unhappy ratings
waiting for the leader's answer, and records the upstream sync set aside. Each query is the app's own scoped
selector with the filter that makes a row "work to do"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import officer_is_province_wide, scope_to_officer, unit_list_for_officer
from dossiers.models import OPEN_STATUSES, Dossier
from dossiers.workdays import calendar
from inbox.sources import Source
from ratings.models import FollowUp, FollowUpState
from ratings.selectors import follow_up_list_for_officer
from reports.models import RUNNING_STATUSES, Report
from sync.models import QuarantinedRecord


def due_soon_cutoff(*, today: date) -> date:
    """The last day that is still "due soon": INBOX_DUE_SOON_WORKING_DAYS working days after today (a weekend or
    holiday right after that day is included, as nothing can be done on it)."""
    return calendar().add_working_days(today, settings.INBOX_DUE_SOON_WORKING_DAYS + 1) - timedelta(days=1)


OPEN = sorted(int(s) for s in OPEN_STATUSES)


def unit_ids_of(officer: User) -> list[int] | None:
    """The ids of the officer's subtree (None: every unit), read once per officer object.

    The inbox filters big tables by these ids rather than by a join on the unit path: with the ids the planner
    knows a commune holds a sliver of the province's dossiers and reads them through the (unit, status,
    appointment date) index, where the join would walk the whole open-dossier index looking for the commune's
    few (seconds on the 500,000-dossier bench volume)."""
    if hasattr(officer, "_inbox_unit_ids"):
        return officer._inbox_unit_ids
    if officer.is_authenticated and officer.is_active and officer_is_province_wide(officer=officer):
        ids = None
    else:
        ids = list(unit_list_for_officer(officer=officer).values_list("pk", flat=True))
    officer._inbox_unit_ids = ids  # type: ignore[attr-defined]
    return ids


def in_subtree(queryset: QuerySet[Any], officer: User, unit_field: str = "unit") -> QuerySet[Any]:
    ids = unit_ids_of(officer)
    return queryset if ids is None else queryset.filter(**{f"{unit_field}_id__in": ids})


def open_dossiers(officer: User) -> QuerySet[Dossier]:
    return in_subtree(Dossier.objects.filter(status__in=OPEN), officer)


def _by_appointment(queryset: QuerySet[Dossier], officer: User) -> QuerySet[Dossier]:
    """`inbox_due`, the appointment date to order by. For the whole province it is the column, read in order from
    the open-dossier index (the 15 most late are its first 15 entries). For a subtree it is the same date as an
    expression, which no index is sorted by: the planner then reads the subtree's own open dossiers through the
    (unit, status, appointment date) index and sorts those few, instead of walking the province's open dossiers
    in date order hoping to meet the subtree's early (measured: 0.6 s for a commune on the bench volume)."""
    if unit_ids_of(officer) is None:
        return queryset.annotate(inbox_due=F("appointment_date"))
    return queryset.annotate(inbox_due=Coalesce("appointment_date", "appointment_date"))


def dossiers_overdue(*, officer: User, today: date) -> QuerySet[Dossier]:
    return _by_appointment(open_dossiers(officer).filter(appointment_date__lt=today), officer)


def dossiers_due_soon(*, officer: User, today: date) -> QuerySet[Dossier]:
    window = open_dossiers(officer).filter(
        appointment_date__gte=today, appointment_date__lte=due_soon_cutoff(today=today)
    )
    return _by_appointment(window, officer)


def reports_by_clock(*, officer: User, today: date) -> QuerySet[Report]:
    """Reports whose clock runs and ends within the due-soon window (or has ended)."""
    return in_subtree(Report.objects.all(), officer).filter(
        status__in=sorted(RUNNING_STATUSES), due_date__lte=due_soon_cutoff(today=today)
    )


def follow_ups_open(*, officer: User, today: date) -> QuerySet[FollowUp]:
    return follow_up_list_for_officer(officer=officer).filter(state=FollowUpState.OPEN)


def quarantine_open(*, officer: User, today: date) -> QuerySet[QuarantinedRecord]:
    """Records the sync could not take, of the sources whose default unit lies in the officer's subtree."""
    return scope_to_officer(
        QuarantinedRecord.objects.filter(resolved=False), officer=officer, unit_field="source__default_unit"
    )


def _dossier_detail(dossier: Dossier) -> str:
    name = f" · {dossier.applicant_name_masked}" if dossier.applicant_name_masked else ""
    return f"{dossier.procedure.name}{name}"


def _follow_up_title(follow_up: FollowUp) -> str:
    return f"Hồ sơ {follow_up.rating.dossier.code}"


def _follow_up_detail(follow_up: FollowUp) -> str:
    reason = " ".join(follow_up.rating.reason.split())
    return f"Không hài lòng: {reason[:120]}" if reason else "Không hài lòng"


def _report_detail(report: Report) -> str:
    return f"{report.kind.name} · {report.get_status_display()}"


def _quarantine_title(record: QuarantinedRecord) -> str:
    return record.code or "(không có mã hồ sơ)"


def _quarantine_detail(record: QuarantinedRecord) -> str:
    return f"{record.source.name}: {record.get_reason_display()}. {record.detail}"[:200]


def _code(obj: Any) -> str:
    return str(obj.code)


DOSSIERS_OVERDUE = Source(
    name="dossiers_overdue",
    label="Hồ sơ quá hạn",
    queryset=dossiers_overdue,
    admin_url="admin:dossiers_dossier_change",
    permission="dossiers.change_dossier",
    due_field="appointment_date",
    order_field="inbox_due",
    related=("procedure",),
    title=_code,
    detail=_dossier_detail,
    action_url="inbox:apology",
    action_url_label="Xin lỗi và hẹn lại",
    action_label="Mở hồ sơ",
    changelist_url="admin:dossiers_dossier_changelist",
    changelist_query="deadline=overdue",
)
DOSSIERS_DUE_SOON = Source(
    name="dossiers_due_soon",
    label="Hồ sơ sắp đến hạn",
    queryset=dossiers_due_soon,
    admin_url="admin:dossiers_dossier_change",
    permission="dossiers.change_dossier",
    due_field="appointment_date",
    order_field="inbox_due",
    related=("procedure",),
    title=_code,
    detail=_dossier_detail,
    action_url="inbox:apology",
    action_url_label="Xin lỗi và hẹn lại",
    action_label="Mở hồ sơ",
    changelist_url="admin:dossiers_dossier_changelist",
    changelist_query="deadline=due_soon",
)
REPORTS = Source(
    name="reports",
    label="Tin báo, phản ánh đến hạn",
    queryset=reports_by_clock,
    admin_url="admin:reports_report_change",
    permission="reports.change_report",
    due_field="due_date",
    related=("kind",),
    title=_code,
    detail=_report_detail,
    action_label="Mở tin báo",
    changelist_url="admin:reports_report_changelist",
)
FOLLOW_UPS = Source(
    name="follow_ups",
    label="Đánh giá không hài lòng chờ trả lời",
    queryset=follow_ups_open,
    admin_url="admin:ratings_followup_change",
    permission="ratings.change_followup",
    due_field="deadline",
    related=("rating__dossier",),
    title=_follow_up_title,
    detail=_follow_up_detail,
    action_label="Trả lời",
    changelist_url="admin:ratings_followup_changelist",
    changelist_query="state__exact=open",
)
QUARANTINE = Source(
    name="quarantine",
    label="Bản ghi đồng bộ bị cách ly",
    queryset=quarantine_open,
    admin_url="admin:sync_quarantinedrecord_change",
    permission="sync.view_quarantinedrecord",
    since_field="created_at",
    related=("source",),
    title=_quarantine_title,
    detail=_quarantine_detail,
    action_label="Xem bản ghi",
    changelist_url="admin:sync_quarantinedrecord_changelist",
    changelist_query="resolved__exact=0",
)
