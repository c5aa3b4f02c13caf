"""Reads on reports. Officer reads are scoped to the unit subtree; citizen reads show only what the
tracking answer promises (status, dates, replies)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from accounts.selectors import scope_to_officer
from citizens.models import Citizen
from dossiers.workdays import filter_by_deadline
from reports.models import RUNNING_STATUSES, EventType, Report, ReportAttachment, ReportEvent, ReportKind
from units.models import Unit


def report_kind_list() -> QuerySet[ReportKind]:
    return ReportKind.objects.filter(active=True).order_by("order", "id")


def report_area_list() -> QuerySet[Unit]:
    """Communes/wards a citizen can pick: units with a reporting area, or every active non-root unit. The
    provincial police (the root, which receives what no commune covers) is never offered as a "xã/phường"."""
    covered = Unit.objects.filter(is_active=True, report_coverage__isnull=False, parent__isnull=False)
    if covered.exists():
        return covered.select_related("parent").order_by("path")
    return Unit.objects.filter(is_active=True, parent__isnull=False).select_related("parent").order_by("path")


def report_list_for_officer(*, officer: User) -> QuerySet[Report]:
    return scope_to_officer(Report.objects.select_related("kind", "unit"), officer=officer)


def attachment_for_officer(*, officer: User, attachment_id: int) -> ReportAttachment | None:
    """The attachment if its report lies in the officer's subtree (the only way a file is ever opened)."""
    return (
        scope_to_officer(ReportAttachment.objects.select_related("report"), officer=officer, unit_field="report__unit")
        .filter(pk=attachment_id)
        .first()
    )


def report_filter_deadline(queryset: QuerySet[Report], *, state: str, today: date | None = None) -> QuerySet[Report]:
    """Overdue / due soon / on time among reports whose clock runs: a suspended one is none of them."""
    return filter_by_deadline(queryset, state=state, date_field="due_date", open_statuses=RUNNING_STATUSES, today=today)


def report_for_citizen_view() -> QuerySet[Report]:
    """What tracking and "my reports" read: the kind's name and the public history, in three queries."""
    public = ReportEvent.objects.filter(
        type__in=[
            EventType.RECEIVED,
            EventType.STATUS,
            EventType.FORWARD,
            EventType.ACCEPT,
            EventType.PAUSE,
            EventType.RESUME,
            EventType.OUTCOME,
            EventType.REPLY,
        ]
    )
    return (
        Report.objects.select_related("kind")
        .only(
            "id",
            "code",
            "status",
            "received_at",
            "due_date",
            "accepted_on",
            "paused_on",
            "outcome",
            "closed_at",
            "updated_at",
            "is_anonymous",
            "kind__name",
            "kind__code",
            "kind__accept_amount",
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=public.only("id", "report_id", "type", "status", "outcome", "reply", "occurred_at").order_by(
                    "occurred_at", "id"
                ),
            )
        )
    )


def report_list_for_citizen(*, citizen: Citizen) -> QuerySet[Report]:
    """ "Tin báo, phản ánh của tôi": reports this citizen sent under their name (anonymous ones keep no link)."""
    return report_for_citizen_view().filter(citizen=citizen, is_anonymous=False).order_by("-received_at", "-id")
