"""The leaders' dashboard: exact figures on a known fixture, subtree scoping, exports, query counts."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ratings.models import Level
from ratings.selectors import DashboardFilter, rating_dashboard
from ratings.services import rating_create
from tests.ratings.conftest import finish

DASHBOARD = "admin:ratings_rating_dashboard"
EXPORT = "admin:ratings_rating_export"


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def figures(rows, key):  # type: ignore[no-untyped-def]
    return {
        row[key]: (row["total"], row["very_satisfied"], row["satisfied"], row["unsatisfied"], row["rate"])
        for row in rows
    }


def test_province_wide_figures_on_the_known_fixture(provincial_admin, tree, known_ratings, officer_a, officer_b):
    d = rating_dashboard(officer=provincial_admin, flt=DashboardFilter(), today=date(2026, 11, 30))
    assert d.totals == {"total": 9, "very_satisfied": 4, "satisfied": 3, "unsatisfied": 2, "rate": 77.8}
    assert figures(d.by_unit, "name") == {
        tree.province.name: (9, 4, 3, 2, 77.8),
        tree.unit_a.name: (6, 3, 1, 2, 66.7),  # its own four and its child's two
        tree.unit_a_child.name: (2, 1, 0, 1, 50.0),
        tree.unit_b.name: (3, 1, 2, 0, 100.0),
    }
    assert [row["name"] for row in d.by_unit] == [
        tree.province.name,
        tree.unit_a.name,
        tree.unit_a_child.name,
        tree.unit_b.name,
    ]
    assert figures(d.by_procedure, "procedure__name") == {
        "Đăng ký thường trú": (6, 3, 1, 2, 66.7),
        "Cấp hộ chiếu phổ thông": (3, 1, 2, 0, 100.0),
    }
    assert figures(d.by_officer, "officer_id") == {officer_a.pk: (6, 3, 1, 2, 66.7), officer_b.pk: (3, 1, 2, 0, 100.0)}
    months = {f"{row['month']:%Y-%m}": (row["total"], row["rate"]) for row in d.by_month}
    assert months == {"2026-10": (4, 75.0), "2026-11": (5, 80.0)}


def test_the_drivers_citizens_pick_are_counted_in_sql(leader_a, provincial_admin, tree, procedure, officer_a):
    from tests.ratings.factories import RatingFactory

    for drivers in (["fast", "friendly"], ["fast"], ["slow"]):
        RatingFactory(unit=tree.unit_a, procedure=procedure, officer=officer_a, drivers=drivers)
    RatingFactory(unit=tree.unit_b, procedure=procedure, drivers=["late"])
    rows = rating_dashboard(officer=leader_a, flt=DashboardFilter()).drivers
    assert [(r["code"], r["count"], r["positive"]) for r in rows] == [
        ("fast", 2, True),
        ("slow", 1, False),
        ("friendly", 1, True),
    ]
    assert rows[0]["label"] == "Nhanh chóng"
    everything = rating_dashboard(officer=provincial_admin, flt=DashboardFilter()).drivers
    assert {r["code"]: r["count"] for r in everything}["late"] == 1


def test_a_leader_sees_the_figures_of_the_subtree_only(leader_a, tree, known_ratings):
    d = rating_dashboard(officer=leader_a, flt=DashboardFilter())
    assert d.totals["total"] == 6 and d.totals["rate"] == 66.7
    assert figures(d.by_unit, "name") == {
        tree.unit_a.name: (6, 3, 1, 2, 66.7),
        tree.unit_a_child.name: (2, 1, 0, 1, 50.0),
    }
    assert [row["procedure__name"] for row in d.by_procedure] == ["Đăng ký thường trú"]
    body = logged_in(leader_a).get(reverse(DASHBOARD)).content.decode()
    assert tree.unit_a.name in body and tree.unit_b.name not in body and "Cấp hộ chiếu" not in body


def test_a_leader_cannot_widen_the_view_to_another_unit(leader_a, tree, known_ratings):
    response = logged_in(leader_a).get(reverse(DASHBOARD), {"unit": tree.unit_b.pk})
    assert response.status_code == 200
    assert response.context["d"].totals["total"] == 6  # the foreign unit is not a valid choice: ignored
    assert tree.unit_b.name not in response.content.decode()


def test_filters_by_dates_and_unit(provincial_admin, tree, known_ratings):
    flt = DashboardFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), unit=tree.unit_a)
    d = rating_dashboard(officer=provincial_admin, flt=flt)
    assert d.totals == {"total": 2, "very_satisfied": 1, "satisfied": 0, "unsatisfied": 1, "rate": 50.0}
    assert figures(d.by_unit, "name") == {
        tree.unit_a.name: (2, 1, 0, 1, 50.0),
        tree.unit_a_child.name: (2, 1, 0, 1, 50.0),
    }
    october = rating_dashboard(officer=provincial_admin, flt=DashboardFilter(date_to=date(2026, 10, 31)))
    assert october.totals["total"] == 4


def test_the_page_shows_the_rate_chart_and_open_follow_ups(leader_a, dossiers, citizen):
    rating_create(
        citizen=citizen, dossier=finish(dossiers.a), proof="lookup", level=Level.UNSATISFIED, reason="Chờ lâu"
    )
    response = logged_in(leader_a).get(reverse(DASHBOARD))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="rt-rate">0,0%' in body and 'id="rt-total">1' in body
    assert "<svg" in body and "Chờ lâu" in body and "A-0001" in body
    assert reverse("admin:ratings_followup_change", args=[dossiers.a.rating.follow_up.pk]) in body


def test_officers_without_the_dashboard_permission_are_refused(officer_a, known_ratings):
    assert logged_in(officer_a).get(reverse(DASHBOARD)).status_code == 403
    assert logged_in(officer_a).get(reverse(EXPORT)).status_code == 403


def test_csv_export_has_the_leaders_rows_only(leader_a, tree, known_ratings):
    response = logged_in(leader_a).get(reverse(EXPORT), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Mã hồ sơ", "Đơn vị", "Thủ tục", "Cán bộ tiếp nhận", "Mức độ"]
    assert len(rows) == 1 + 6
    assert {r[1] for r in rows[1:]} == {tree.unit_a.name, tree.unit_a_child.name}
    assert sorted(r[4] for r in rows[1:]) == sorted(["Rất hài lòng"] * 3 + ["Hài lòng"] + ["Không hài lòng"] * 2)


def test_xlsx_export_has_the_summaries_and_the_rows(provincial_admin, tree, known_ratings):
    response = logged_in(provincial_admin).get(reverse(EXPORT), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Theo đơn vị", "Theo thủ tục", "Theo cán bộ", "Theo tháng", "Chi tiết"]
    by_unit = list(book["Theo đơn vị"].values)
    assert by_unit[0] == ("Đơn vị", "Tổng số", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Tỷ lệ hài lòng (%)")
    assert by_unit[1] == (tree.province.name, 9, 4, 3, 2, 77.8)
    assert list(book["Theo tháng"].values)[1:] == [("10/2026", 4, 2, 1, 1, 75.0), ("11/2026", 5, 2, 2, 1, 80.0)]
    assert len(list(book["Chi tiết"].values)) == 1 + 9


def _queries_for_dashboard(client, django_assert_max_num_queries, limit):  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(reverse(DASHBOARD)).status_code == 200
    return len(captured)


# Session, user, permissions, the scope check of each scoped read, units, seven aggregates, follow-ups,
# the filter's unit choices: a constant, whatever the number of ratings.
DASHBOARD_QUERIES = 22


def test_the_dashboard_costs_the_same_number_of_queries_whatever_the_ratings(
    leader_a, tree, known_ratings, procedure, officer_a, django_assert_max_num_queries
):
    from tests.ratings.factories import RatingFactory

    client = logged_in(leader_a)
    before = _queries_for_dashboard(client, django_assert_max_num_queries, DASHBOARD_QUERIES)
    for level in (1, 2, 3) * 10:
        RatingFactory(unit=tree.unit_a_child, procedure=procedure, officer=officer_a, level=level)
    after = _queries_for_dashboard(client, django_assert_max_num_queries, DASHBOARD_QUERIES)
    assert before == after


RATINGS_SQL = """
INSERT INTO ratings_rating (dossier_id, unit_id, procedure_id, officer_id, level, drivers, reason, comment, proof,
    created_at)
SELECT d.id, d.unit_id, d.procedure_id, d.created_by_id, 1 + d.id %% 3, '[]'::jsonb, '', '', 'lookup',
       now() - (d.id %% 365) * interval '1 day'
  FROM dossiers_dossier d WHERE d.code LIKE 'BULK-%%';
ANALYZE ratings_rating;
"""


def _bulk_dossiers_sql(*, n: int, procedure_id: int, unit_ids: list[int], officer_id: int) -> tuple[str, list]:  # type: ignore[type-arg]
    """INSERT … SELECT generate_series for n finished dossiers; every other column gets its model default,
    so a column added to Dossier later does not break the test."""
    from dossiers.models import Dossier

    given = {
        "code": "'BULK-' || g",
        "procedure_id": "%s",
        "unit_id": f"(ARRAY{unit_ids}::bigint[])[1 + g %% {len(unit_ids)}]",
        "status": "9",
        "received_at": "now()",
        "created_at": "now()",
        "updated_at": "now()",
        "created_by_id": "CASE WHEN g %% 2 = 0 THEN %s END",
    }
    columns, values, params = [], [], []
    for field in Dossier._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in given:
            values.append(given[field.column])
            params += [procedure_id] if field.column == "procedure_id" else []
            params += [officer_id] if field.column == "created_by_id" else []
        elif field.null:
            values.append("NULL")
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(field.get_default(), connection))
    sql = (
        f"INSERT INTO dossiers_dossier ({', '.join(columns)}) SELECT {', '.join(values)} FROM generate_series(1, {n}) g"
    )
    return sql, params


@pytest.mark.slow
def test_two_hundred_thousand_ratings_cost_no_more_queries(
    leader_a, provincial_admin, tree, procedure, officer_a, django_assert_max_num_queries
):
    if connection.vendor != "postgresql":
        pytest.skip("bulk insert with generate_series needs PostgreSQL")
    admin_client, leader_client = logged_in(provincial_admin), logged_in(leader_a)
    empty = [
        _queries_for_dashboard(c, django_assert_max_num_queries, DASHBOARD_QUERIES)
        for c in (admin_client, leader_client)
    ]
    units = [tree.province.pk, tree.unit_a.pk, tree.unit_a_child.pk, tree.unit_b.pk]
    sql, params = _bulk_dossiers_sql(n=200_000, procedure_id=procedure.pk, unit_ids=units, officer_id=officer_a.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute(RATINGS_SQL, [])
    full = [
        _queries_for_dashboard(c, django_assert_max_num_queries, DASHBOARD_QUERIES)
        for c in (admin_client, leader_client)
    ]
    assert full == empty
    d = rating_dashboard(officer=provincial_admin, flt=DashboardFilter())
    assert d.totals["total"] == 200_000
    assert d.by_unit[0]["total"] == 200_000  # the province rolls up everything
    assert sum(row["total"] for row in d.by_month) == 200_000
    with django_assert_max_num_queries(1):
        from ratings.selectors import unit_satisfaction_public

        assert unit_satisfaction_public(unit=tree.unit_a)["count"] > 0
