"""The officer's "Việc cần làm": their subtree only, most urgent first, a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from dossiers.models import Dossier, DossierStatus
from inbox import sources
from inbox.selectors import Urgency, inbox_for_officer
from tests.factories import OfficerFactory
from tests.inbox.conftest import logged_in, previous_working_day, today

PAGE = "/admin/viec-can-lam/"


def codes(page: str, *wanted: str) -> list[str]:
    return sorted((code for code in wanted if code in page), key=page.index)


def test_the_page_lists_the_subtrees_late_and_nearly_late_dossiers_most_urgent_first(officer_a, late):
    page = logged_in(officer_a).get(PAGE).content.decode()
    assert codes(page, "A-LATE", "A1-TODAY", "A-SOON", "A-FAR", "B-LATE") == ["A-LATE", "A1-TODAY", "A-SOON"]
    assert "Quá hạn 1 ngày làm việc" in page and "Đến hạn hôm nay" in page and "Còn 1 ngày làm việc" in page
    assert reverse("inbox:apology", args=[late.tomorrow.pk]) in page


def test_the_urgency_of_each_item(officer_a, late):
    items = {item.title: item.urgency for item in inbox_for_officer(officer=officer_a).items}
    assert items == {"A-LATE": Urgency.OVERDUE, "A1-TODAY": Urgency.TODAY, "A-SOON": Urgency.DUE_SOON}


def test_an_officer_of_another_unit_sees_nothing_of_unit_a(officer_b, late):
    response = logged_in(officer_b).get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert codes(page, "A-LATE", "A1-TODAY", "A-SOON", "B-LATE") == ["B-LATE"]
    counts = {c.source.name: c.count for c in inbox_for_officer(officer=officer_b).counts}
    assert counts["dossiers_overdue"] == 1 and counts["dossiers_due_soon"] == 0


def test_another_units_officer_asking_for_one_source_still_sees_only_their_own(officer_b, late):
    page = logged_in(officer_b).get(f"{PAGE}?nguon=dossiers_due_soon").content.decode()
    assert "A-SOON" not in page and "A1-TODAY" not in page


def test_a_closed_dossier_is_no_work(officer_a, late):
    Dossier.objects.filter(pk=late.overdue.pk).update(status=DossierStatus.RETURNED)
    assert "A-LATE" not in logged_in(officer_a).get(PAGE).content.decode()


def test_the_page_needs_a_signed_in_officer(client, late):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_sources_follow_the_officers_rights(officer_a, leader_a, provincial_admin, late):
    def names(user) -> set[str]:  # type: ignore[no-untyped-def]
        return {c.source.name for c in inbox_for_officer(officer=user).counts}

    assert names(officer_a) == {"dossiers_overdue", "dossiers_due_soon", "reports", "questions"}
    assert names(leader_a) == {"dossiers_overdue", "dossiers_due_soon", "reports", "follow_ups", "questions"}
    assert "quarantine" in names(provincial_admin)


def test_citizens_questions_waiting_for_an_answer_are_in_their_units_inbox(tree, officer_a, officer_b, late):
    from citizens.models import Citizen
    from questions.services import question_ask

    citizen = Citizen.objects.create(zalo_user_id="inbox-hoi-1")
    asked = question_ask(citizen=citizen, text="Làm căn cước cho con 14 tuổi cần giấy gì?", unit=tree.unit_a_child)
    question_ask(citizen=citizen, text="Câu hỏi gửi công an xã Đức Hạnh về tạm trú", unit=tree.unit_b)

    def questions(user) -> list[str]:  # type: ignore[no-untyped-def]
        return [i.title for i in inbox_for_officer(officer=user).items if i.source.name == "questions"]

    assert questions(officer_a) == [f"Câu hỏi #{asked.pk}: {asked.subject}"]  # unit A's subtree only
    assert all("Đức Hạnh" not in title for title in questions(officer_a))
    assert len(questions(officer_b)) == 1 and "tạm trú" in questions(officer_b)[0]


def test_a_source_registered_by_another_app_appears_in_its_place(officer_a, late):
    def mine(*, officer, today):  # type: ignore[no-untyped-def]
        return Dossier.objects.filter(pk=late.far.pk)

    extra = sources.Source(
        name="test_far", label="Việc thử", queryset=mine, admin_url="admin:dossiers_dossier_change",
        permission="dossiers.view_dossier", due_field="appointment_date", title=lambda d: f"Thử {d.code}",
    )  # fmt: skip
    sources.register(extra)
    try:
        inbox = inbox_for_officer(officer=officer_a)
    finally:
        sources._registered.remove(extra)
    assert ("test_far", 1) in [(c.source.name, c.count) for c in inbox.counts]
    assert [i.title for i in inbox.items][-1] == "Thử A-FAR"  # in time, so after every late item


def test_the_admin_index_shows_the_counts(officer_a, late):
    page = logged_in(officer_a).get("/admin/").content.decode()
    assert 'id="inbox-panel"' in page
    panel = page[page.index('id="inbox-panel"') :]
    assert "Hồ sơ quá hạn" in panel and "Hồ sơ sắp đến hạn" in panel
    assert ">1</strong>" in panel and ">2</strong>" in panel  # one overdue; due today and tomorrow


def test_the_nav_links_to_the_page(officer_a, late):
    page = logged_in(officer_a).get(reverse("admin:dossiers_dossier_changelist")).content.decode()
    assert f'href="{PAGE}"' in page and 'id="nav-inbox"' in page


def _bulk(unit, procedure, n: int) -> None:  # type: ignore[no-untyped-def]
    day = previous_working_day()
    Dossier.objects.bulk_create(
        [
            Dossier(
                code=f"BULK-{unit.code}-{i:06d}",
                procedure=procedure,
                unit=unit,
                status=DossierStatus.PROCESSING,
                received_at=late_received(),
                appointment_date=day - timedelta(days=i % 30),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def late_received():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.now() - timedelta(days=40)


def _queries(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_with_10_and_10000_items(tree, procedure, settings):
    settings.INBOX_ITEMS_PER_SOURCE = 15
    leader = OfficerFactory(username="lead_q", unit=tree.unit_a, roles=[roles.UNIT_OFFICER, roles.UNIT_LEADER])
    client = logged_in(leader)
    _bulk(tree.unit_a, procedure, 10)
    client.get(PAGE)  # warm the per-process caches (calendar, content types)
    small = _queries(client)
    _bulk(tree.unit_a_child, procedure, 9_990)
    large = _queries(client)
    assert small == large, (small, large)
    page = client.get(PAGE).content.decode()
    assert page.count('data-source="dossiers_overdue" data-urgency') == 15
    assert ">10.000<" in page.replace(" ", "")


def test_a_count_beyond_the_cap_reads_more_than(officer_a, late, settings):
    settings.INBOX_COUNT_CAP = 1
    page = logged_in(officer_a).get(PAGE).content.decode()
    assert "hơn 1<" in page  # two due soon (today's and tomorrow's), one counted past the cap
    assert "A-SOON" in page and "A1-TODAY" in page  # the list is not capped by it


def test_today_is_the_local_date(officer_a, late):
    assert inbox_for_officer(officer=officer_a).today == today()
