"""The other built-in sources: reports by their legal clock, unhappy ratings' follow-ups, the sync's quarantine —
each within the officer's subtree."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from inbox.selectors import Urgency, inbox_for_officer
from ratings.models import FollowUp, Level, Rating
from reports.models import Report, ReportKind, ReportStatus
from sync.models import QuarantinedRecord, QuarantineReason, SyncSource
from tests.inbox.conftest import logged_in, previous_working_day, today


def titles(user, source: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.title for i in inbox_for_officer(officer=user).items if i.source.name == source]


def report(code: str, unit, due, status=ReportStatus.RECEIVED) -> Report:  # type: ignore[no-untyped-def]
    return Report.objects.create(
        code=code, secret_hash="x" * 64, kind=ReportKind.objects.order_by("pk").first(), unit=unit,
        description="Có người lạ đột nhập", received_at=timezone.now(), due_date=due, status=status,
    )  # fmt: skip


def test_reports_come_by_their_clock_and_a_suspended_one_does_not(officer_a, officer_b, tree):
    report("PA-LATE", tree.unit_a, previous_working_day())
    report("PA-TODAY", tree.unit_a_child, today())
    report("PA-LATER", tree.unit_a, today() + timedelta(days=30))
    report("PA-PAUSED", tree.unit_a, previous_working_day(), status=ReportStatus.SUSPENDED)
    report("PB-LATE", tree.unit_b, previous_working_day())
    assert titles(officer_a, "reports") == ["PA-LATE", "PA-TODAY"]
    assert titles(officer_b, "reports") == ["PB-LATE"]


def test_follow_ups_of_the_subtree_only(leader_a, tree, procedure, late):  # type: ignore[no-untyped-def]
    def follow_up(dossier, reason: str) -> FollowUp:  # type: ignore[no-untyped-def]
        rating = Rating.objects.create(
            dossier=dossier, unit=dossier.unit, procedure=procedure, level=Level.UNSATISFIED, reason=reason,
            proof="lookup", created_at=timezone.now(),
        )  # fmt: skip
        return FollowUp.objects.create(rating=rating, unit=dossier.unit, deadline=previous_working_day())

    follow_up(late.child, "Chờ lâu")
    follow_up(late.other, "Thái độ chưa tốt")
    items = [i for i in inbox_for_officer(officer=leader_a).items if i.source.name == "follow_ups"]
    assert [(i.title, i.detail, i.urgency) for i in items] == [
        ("Hồ sơ A1-TODAY", "Không hài lòng: Chờ lâu", Urgency.OVERDUE)
    ]


def test_quarantined_records_of_the_units_own_sources(leader_a, provincial_admin, tree):
    leader_a.user_permissions.add(Permission.objects.get(codename="view_quarantinedrecord"))
    for name, unit in (("nguon-a", tree.unit_a), ("nguon-b", tree.unit_b)):
        source = SyncSource.objects.create(name=name, title=name, kind="http", default_unit=unit)
        QuarantinedRecord.objects.create(
            source=source, reason=QuarantineReason.STATUS, detail="Trạng thái 99", code=f"Q-{name}", raw="{}"
        )
    leader = type(leader_a).objects.get(pk=leader_a.pk)  # fresh: the permission cache
    assert titles(leader, "quarantine") == ["Q-nguon-a"]
    assert sorted(titles(provincial_admin, "quarantine")) == ["Q-nguon-a", "Q-nguon-b"]
    page = logged_in(leader).get("/admin/viec-can-lam/?nguon=quarantine").content.decode()
    assert "Q-nguon-a" in page and "Q-nguon-b" not in page and "Không có thời hạn" in page
