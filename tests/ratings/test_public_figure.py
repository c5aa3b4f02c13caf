"""The public satisfaction figure a unit page shows in the Mini App."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from tests.ratings.factories import RatingFactory


def url(unit) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/units/{unit.pk}/satisfaction/"


def rate(unit, procedure, levels, *, days_ago=1):  # type: ignore[no-untyped-def]
    at = timezone.now() - timedelta(days=days_ago)
    for level in levels:
        RatingFactory(unit=unit, procedure=procedure, level=level, created_at=at)


def test_the_rate_is_shown_once_there_are_enough_ratings(api, tree, procedure, settings):
    settings.RATINGS_PUBLIC_MIN_COUNT = 4
    rate(tree.unit_b, procedure, [3, 2, 1])
    few = api.get(url(tree.unit_b)).json()
    assert few == {"unit_id": tree.unit_b.pk, "days": 90, "min_count": 4, "count": 3, "enough": False, "rate": None}
    rate(tree.unit_b, procedure, [3])
    assert api.get(url(tree.unit_b)).json()["count"] == 3  # cached for RATINGS cache TTL (ten minutes)
    cache.clear()
    enough = api.get(url(tree.unit_b)).json()
    assert (enough["count"], enough["enough"], enough["rate"]) == (4, True, 75.0)


def test_only_the_last_ninety_days_count(api, tree, procedure, settings):
    settings.RATINGS_PUBLIC_MIN_COUNT = 1
    rate(tree.unit_b, procedure, [1, 1], days_ago=91)
    rate(tree.unit_b, procedure, [3, 2], days_ago=89)
    body = api.get(url(tree.unit_b)).json()
    assert (body["count"], body["rate"]) == (2, 100.0)


def test_a_unit_figure_includes_its_subtree(api, tree, procedure, settings):
    settings.RATINGS_PUBLIC_MIN_COUNT = 1
    rate(tree.unit_a, procedure, [3, 1])
    rate(tree.unit_a_child, procedure, [2, 2])
    rate(tree.unit_b, procedure, [1])
    assert api.get(url(tree.unit_a)).json()["count"] == 4
    assert api.get(url(tree.unit_a)).json()["rate"] == 75.0
    assert api.get(url(tree.unit_a_child)).json()["rate"] == 100.0
    assert api.get(url(tree.province)).json()["count"] == 5


def test_the_figure_is_cache_friendly_and_costs_few_queries(
    api, tree, procedure, settings, django_assert_max_num_queries
):
    settings.RATINGS_PUBLIC_MIN_COUNT = 1
    rate(tree.unit_a, procedure, [3] * 30)
    with django_assert_max_num_queries(2):
        assert api.get(url(tree.unit_a)).status_code == 200
    with django_assert_max_num_queries(0):
        assert api.get(url(tree.unit_a)).json()["count"] == 30


def test_an_unknown_unit_is_a_404(api, tree):
    assert api.get("/api/v1/units/999999/satisfaction/").status_code == 404
