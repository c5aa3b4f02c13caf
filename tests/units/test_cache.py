from __future__ import annotations

from tests.factories import UnitFactory, UnitPhoneFactory


def test_second_identical_request_is_served_without_queries(api, tree, django_assert_num_queries):
    first = api.get("/api/v1/units/", {"search": "dong tam"})
    with django_assert_num_queries(0):
        second = api.get("/api/v1/units/", {"search": "dong tam"})
    assert second.status_code == 200 and second.json() == first.json()


def test_a_saved_unit_is_visible_on_the_next_read(api, tree, django_capture_on_commit_callbacks):
    api.get("/api/v1/units/")
    with django_capture_on_commit_callbacks(execute=True):
        UnitFactory(name="Công an xã Mới Thành Lập", parent=tree.province)
    names = [u["name"] for u in api.get("/api/v1/units/").json()["results"]]
    assert "Công an xã Mới Thành Lập" in names


def test_a_changed_phone_number_is_visible_on_the_next_read(api, tree, django_capture_on_commit_callbacks):
    url = f"/api/v1/units/{tree.unit_b.pk}/"
    api.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        UnitPhoneFactory(unit=tree.unit_b, number="0200 999 999")
    assert "0200 999 999" in [p["number"] for p in api.get(url).json()["phones"]]


def test_errors_are_not_cached(api, tree, django_capture_on_commit_callbacks):
    assert api.get("/api/v1/units/987654/").status_code == 404
    assert api.get("/api/v1/units/987654/").status_code == 404
    assert api.get("/api/v1/units/", {"parent": "x"}).status_code == 400


def test_query_parameter_order_does_not_split_the_cache(api, tree, django_assert_num_queries):
    api.get("/api/v1/units/?kind=cong_an_xa&page_size=5")
    with django_assert_num_queries(0):
        assert api.get("/api/v1/units/?page_size=5&kind=cong_an_xa").status_code == 200
