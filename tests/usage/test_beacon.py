"""The Mini App's beacon: openings and page views, anonymous or signed in, bad input refused in Vietnamese."""

from __future__ import annotations

from usage.models import Kind, UsageEvent
from usage.recording import usage_flush

URL = "/api/v1/usage/events/"


def test_an_anonymous_opening_and_a_unit_page_view_are_counted(api, tree):
    assert api.post(URL, {"event": "visit", "page": "/"}, format="json", HTTP_X_DEVICE_ID="abc").status_code == 204
    assert (
        api.post(
            URL, {"event": "page_view", "page": "/contacts/:id", "unit": tree.unit_a.pk}, format="json"
        ).status_code
        == 204
    )
    assert api.post(URL, {"event": "page_view", "page": "/news"}, format="json").status_code == 204
    usage_flush()
    rows = sorted(UsageEvent.objects.values_list("kind", "key", "unit_id"), key=str)
    assert (Kind.PAGE_VIEW, "/contacts/:id", tree.unit_a.pk) in rows and (Kind.PAGE_VIEW, "/news", None) in rows
    visit = UsageEvent.objects.get(kind=Kind.VISIT)
    assert visit.key and "abc" not in visit.key


def test_bad_beacons_are_refused_in_vietnamese(api, tree):
    cases = [
        ({"event": "page_view", "page": "/reports/mine/TB-123"}, "page"),  # a concrete path, not a pattern
        ({"event": "click"}, "event"),
        ({"event": "page_view"}, "page"),
        ({"event": "page_view", "page": "/contacts/:id", "unit": "mười hai"}, "unit"),
    ]
    for body, field in cases:
        response = api.post(URL, body, format="json")
        assert response.status_code == 400, body
        payload = response.json()
        assert payload["message"] and all(ord(c) < 0x250 or c.isalpha() for c in payload["message"])
        if field:
            assert field in payload["fields"]
    usage_flush()
    assert UsageEvent.objects.count() == 0


def test_a_closed_units_page_counts_for_the_app_only(api, tree):
    assert (
        api.post(URL, {"event": "page_view", "page": "/contacts/:id", "unit": 999999}, format="json").status_code == 204
    )
    usage_flush()
    assert list(UsageEvent.objects.values_list("key", "unit_id")) == [("/contacts/:id", None)]


def test_the_beacon_is_rate_limited_per_address(api, tree, settings):
    settings.USAGE_BEACON_PER_IP_PER_MINUTE = 2
    statuses = [api.post(URL, {"event": "page_view", "page": "/"}, format="json").status_code for _ in range(3)]
    assert statuses == [204, 204, 429]
