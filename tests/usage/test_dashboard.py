"""The usage dashboard: exact figures on a known fixture, scoped per officer, exported for the monthly report."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.procedures.factories import ProcedureFactory
from usage.models import Kind, UsageDaily
from usage.recording import usage_flush, usage_record, usage_visit
from usage.selectors import UsageFilter, usage_dashboard
from usage.services import usage_aggregate_day, usage_broadcast, usage_search

DASHBOARD = "admin:usage_usagedaily_dashboard"
EXPORT = "admin:usage_usagedaily_export"
TODAY = date(2026, 11, 5)
DAYS = [date(2026, 10, 15), date(2026, 11, 3), date(2026, 11, 4)]


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def known_usage(tree):
    oct15, nov3, nov4 = DAYS
    guide = ProcedureFactory(name="Đăng ký thường trú")
    # Openings: 15/10 a citizen twice and a phone once (2 people); 3/11 three people; 4/11 one phone twice.
    for citizen_id, device, day in [(7, "", oct15), (7, "", oct15), (None, "dev-a", oct15)]:
        usage_visit(citizen_id=citizen_id, device_id=device, now=at(day))
    for citizen_id, device in [(None, "dev-a"), (None, "dev-b"), (7, "")]:
        usage_visit(citizen_id=citizen_id, device_id=device, now=at(nov3))
    for _ in range(2):
        usage_visit(citizen_id=None, device_id="dev-a", now=at(nov4))
    # Page views on 3/11: unit pages of A (2) and B (1), the home page 4 times.
    for unit in (tree.unit_a, tree.unit_a, tree.unit_b):
        usage_record(Kind.PAGE_VIEW, key="/contacts/:id", unit_id=unit.pk, now=at(nov3))
    for _ in range(4):
        usage_record(Kind.PAGE_VIEW, key="/", now=at(nov3))
    # Guides, lookups, reports and broadcasts on 4/11.
    for _ in range(3):
        usage_record(Kind.GUIDE_READ, key=str(guide.pk), now=at(nov4))
    for unit in (tree.unit_a_child, tree.unit_a_child, tree.unit_b):
        usage_record(Kind.LOOKUP, unit_id=unit.pk, now=at(nov4))
    for unit in (tree.unit_a, tree.unit_b):
        usage_record(Kind.REPORT, key="phan-anh-kien-nghi", unit_id=unit.pk, now=at(nov4))
    usage_broadcast(event="sent", unit_id=tree.unit_a.pk, count=5)
    usage_broadcast(event="opened", unit_id=tree.unit_a.pk, count=2)
    usage_flush()
    # The broadcast hook stamps the current time: move those rows to 4/11 like the rest.
    from usage.models import UsageEvent

    UsageEvent.objects.filter(kind__in=[Kind.BROADCAST_SENT, Kind.BROADCAST_OPENED]).update(day=nov4)
    return guide


def _searches() -> None:
    # Searches on 4/11, recorded the way the API records them.
    usage_search(scope="procedures", query="đăng ký tạm trú", found=3)
    usage_search(scope="faqs", query="Mất CCCD 012345678901", found=0)
    usage_search(scope="faqs", query="  MẤT   cccd #", found=0)
    usage_search(scope="procedures", query="xyz", found=0)


@pytest.fixture
def counted(known_usage):
    _searches()
    usage_flush()
    from usage.models import UsageEvent

    UsageEvent.objects.filter(kind__in=[Kind.SEARCH, Kind.SEARCH_EMPTY]).update(day=DAYS[2])
    for day in DAYS:
        usage_aggregate_day(day=day, today=TODAY)
    return known_usage


def test_province_wide_figures_on_the_known_fixture(provincial_admin, tree, counted):
    d = usage_dashboard(officer=provincial_admin, flt=UsageFilter())
    assert d.totals == {
        Kind.VISIT: 8,
        Kind.VISITORS: 6,
        Kind.PAGE_VIEW: 7,
        Kind.SEARCH: 4,
        Kind.SEARCH_EMPTY: 3,
        Kind.GUIDE_READ: 3,
        Kind.LOOKUP: 3,
        Kind.REPORT: 2,
        Kind.BROADCAST_SENT: 5,
        Kind.BROADCAST_OPENED: 2,
        Kind.NOTIFICATION_OPENED: 0,
    }
    assert [(row["month"], row[Kind.VISIT], row[Kind.VISITORS], row[Kind.PAGE_VIEW]) for row in d.by_month] == [
        (date(2026, 10, 1), 3, 2, 0),
        (date(2026, 11, 1), 5, 4, 7),
    ]
    assert [
        (r["name"], r["page_view"], r["lookup"], r["report"], r["broadcast_sent"], r["total"]) for r in d.by_unit
    ] == [
        (tree.unit_a.name, 2, 0, 1, 5, 10),
        (tree.unit_a_child.name, 0, 2, 0, 0, 2),
        (tree.unit_b.name, 1, 1, 1, 0, 3),
    ]
    assert [(r["label"], r["total"]) for r in d.empty_searches] == [("mất cccd #", 2), ("xyz", 1)]
    assert [(r["label"], r["total"]) for r in d.top_guides] == [("Đăng ký thường trú", 3)]


def test_a_unit_leader_sees_their_subtree_and_the_whole_apps_figures(leader_a, tree, counted):
    d = usage_dashboard(officer=leader_a, flt=UsageFilter())
    assert d.totals[Kind.VISIT] == 8 and d.totals[Kind.VISITORS] == 6  # the Mini App's, the same for everyone
    assert d.totals[Kind.PAGE_VIEW] == 4 + 2  # the home page (no unit) and unit A's page, not unit B's
    assert d.totals[Kind.LOOKUP] == 2 and d.totals[Kind.REPORT] == 1
    assert [r["name"] for r in d.by_unit] == [tree.unit_a.name, tree.unit_a_child.name]
    page = logged_in(leader_a).get(reverse(DASHBOARD)).content.decode()
    assert re.search(r'id="us-lookup">[^<]*<strong>2</strong>', page)
    assert re.search(r'id="us-visitors">[^<]*<strong>6</strong>', page)
    assert tree.unit_b.name not in page
    assert "mất cccd #" in page and "012345678901" not in page


def test_the_date_filter_and_the_unit_filter(provincial_admin, tree, counted):
    d = usage_dashboard(officer=provincial_admin, flt=UsageFilter(date_from=date(2026, 11, 1)))
    assert d.totals[Kind.VISIT] == 5 and d.totals[Kind.VISITORS] == 4
    d = usage_dashboard(officer=provincial_admin, flt=UsageFilter(unit=tree.unit_b))
    assert d.totals[Kind.VISIT] == 0 and d.totals[Kind.LOOKUP] == 1 and d.totals[Kind.PAGE_VIEW] == 1


def test_the_workbook_for_leadership_has_the_months_and_the_units(provincial_admin, tree, counted):
    response = logged_in(provincial_admin).get(reverse(EXPORT), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Theo tháng", "Theo đơn vị", "Tìm không thấy", "Thủ tục đọc nhiều", "Phản ánh theo loại"]
    months = list(book["Theo tháng"].values)
    assert months[0][:3] == ("Tháng", "Lượt mở Mini App", "Người dùng khác nhau trong ngày")
    assert months[1:] == [("10/2026", 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0), ("11/2026", 5, 4, 7, 4, 3, 3, 3, 2, 5, 2, 0)]
    assert list(book["Theo đơn vị"].values)[1:3] == [
        (tree.unit_a.name, 2, 0, 1, 5, 2, 10),
        ("— " + tree.unit_a_child.name, 0, 2, 0, 0, 0, 2),
    ]
    csv_text = logged_in(provincial_admin).get(reverse(EXPORT), {"format": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[2] == "11/2026,5,4,7,4,3,3,3,2,5,2,0"


def test_officers_without_the_permission_are_refused(officer_a, counted):
    assert logged_in(officer_a).get(reverse(DASHBOARD)).status_code == 403
    assert logged_in(officer_a).get(reverse(EXPORT)).status_code == 403


def test_editors_see_the_to_do_list(editor, counted):
    page = logged_in(editor).get(reverse(DASHBOARD))
    assert page.status_code == 200 and "Cẩm nang cần bổ sung" in page.content.decode()


def test_counting_a_day_again_gives_the_same_rows(tree, known_usage):
    usage_aggregate_day(day=DAYS[1], today=TODAY)
    first = sorted(UsageDaily.objects.values_list("day", "kind", "key", "unit_id", "count"))
    usage_aggregate_day(day=DAYS[1], today=TODAY)
    assert sorted(UsageDaily.objects.values_list("day", "kind", "key", "unit_id", "count")) == first
