from __future__ import annotations

import pytest

from tests.factories import UnitFactory, UnitPhoneFactory


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(response):
    return [item["name"] for item in results(response)]


def test_list_returns_active_units_with_their_phones(api, tree):
    UnitFactory(name="Công an xã Đã Giải Thể", parent=tree.province, is_active=False)
    items = results(api.get("/api/v1/units/"))
    assert {i["name"] for i in items} == {u.name for u in vars(tree).values()}
    province = next(i for i in items if i["code"] == "T-CAT")
    assert province["kind"] == {"code": "cong_an_tinh", "name": "Công an tỉnh"}
    assert province["children_count"] == 2
    assert province["phones"][0]["label_display"] == "Trực ban"


@pytest.mark.parametrize("query", ["duc hanh", "Đức Hạnh", "ĐỨC HẠNH", "  duc   HANH ", "xa duc"])
def test_search_ignores_diacritics_case_and_spacing(api, tree, query):
    assert names(api.get("/api/v1/units/", {"search": query})) == ["Công an xã Đức Hạnh"]


def test_search_treats_d_with_stroke_as_d(api, tree):
    # "dong tam" must find "Đồng Tâm" (đ = d), in the ward and its team.
    assert set(names(api.get("/api/v1/units/", {"search": "dong tam"}))) == {
        "Công an phường Đồng Tâm",
        "Đội Cảnh sát khu vực Đồng Tâm",
    }


def test_search_that_matches_nothing_returns_an_empty_page(api, tree):
    body = api.get("/api/v1/units/", {"search": "không có đơn vị này"}).json()
    assert body["count"] == 0 and body["results"] == []


def test_filter_by_parent_gives_direct_children_in_display_order(api, tree):
    assert names(api.get("/api/v1/units/", {"parent": tree.province.pk})) == [
        "Công an phường Đồng Tâm",
        "Công an xã Đức Hạnh",
    ]


def test_filter_by_kind_and_root(api, tree):
    assert names(api.get("/api/v1/units/", {"kind": "doi"})) == ["Đội Cảnh sát khu vực Đồng Tâm"]
    assert names(api.get("/api/v1/units/", {"root": "true"})) == ["Công an tỉnh Thử Nghiệm"]


def test_detail_has_contacts_breadcrumb_and_children(api, tree):
    body = api.get(f"/api/v1/units/{tree.unit_a.pk}/").json()
    assert body["name"] == "Công an phường Đồng Tâm"
    assert body["ancestors"] == [{"id": tree.province.pk, "name": "Công an tỉnh Thử Nghiệm"}]
    assert [c["name"] for c in body["children"]] == ["Đội Cảnh sát khu vực Đồng Tâm"]
    assert len(body["phones"]) == 1


def test_subtree_lists_the_unit_and_all_descendants_in_tree_order(api, tree):
    assert names(api.get(f"/api/v1/units/{tree.unit_a.pk}/subtree/")) == [
        "Công an phường Đồng Tâm",
        "Đội Cảnh sát khu vực Đồng Tâm",
    ]


def test_inactive_or_unknown_unit_is_a_404_with_the_error_shape(api, tree):
    gone = UnitFactory(parent=tree.province, is_active=False)
    for url in (f"/api/v1/units/{gone.pk}/", "/api/v1/units/999999/", f"/api/v1/units/{gone.pk}/subtree/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert response.json()["message"]


def test_bad_filter_values_are_a_400_naming_the_field(api, tree):
    response = api.get("/api/v1/units/", {"parent": "abc"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "parent" in response.json()["fields"]
    assert api.get("/api/v1/units/", {"search": "x" * 10_000}).status_code == 400


def _grow(tree, extra_units: int) -> None:
    for i in range(extra_units):
        unit = UnitFactory(parent=tree.unit_b if i % 2 else tree.unit_a)
        UnitPhoneFactory(unit=unit)
        UnitPhoneFactory(unit=unit)


@pytest.mark.parametrize("extra_units", [0, 30])
def test_list_costs_a_constant_number_of_queries(api, tree, django_assert_num_queries, extra_units):
    _grow(tree, extra_units)
    with django_assert_num_queries(3):  # count, page, phones
        results(api.get("/api/v1/units/", {"page_size": 100}))


@pytest.mark.parametrize("extra_units", [0, 30])
def test_subtree_costs_a_constant_number_of_queries(api, tree, django_assert_num_queries, extra_units):
    _grow(tree, extra_units)
    with django_assert_num_queries(4):  # unit, count, page, phones
        results(api.get(f"/api/v1/units/{tree.province.pk}/subtree/", {"page_size": 100}))


@pytest.mark.parametrize("extra_units", [0, 30])
def test_detail_costs_a_constant_number_of_queries(api, tree, django_assert_num_queries, extra_units):
    _grow(tree, extra_units)
    with django_assert_num_queries(4):  # unit, phones, ancestors, children
        assert api.get(f"/api/v1/units/{tree.unit_a.pk}/").status_code == 200


def test_site_names_the_province_unit(api, tree, settings):
    settings.SITE_NAME = "Công an tỉnh Thử Nghiệm"
    body = api.get("/api/v1/site/").json()
    assert body["province_unit_id"] == tree.province.pk
    assert body["emergency_number"] == "113"
    assert body["name"] == "Công an tỉnh Thử Nghiệm"


def test_unit_kinds_are_listed_by_their_order(api, tree):
    from units.models import UnitKind

    UnitKind.objects.filter(code="cong_an_tinh").update(order=0)
    UnitKind.objects.filter(code="doi").update(order=5)
    UnitKind.objects.exclude(code__in=["cong_an_tinh", "doi"]).update(order=9)
    codes = [k["code"] for k in results(api.get("/api/v1/unit-kinds/"))]
    assert codes[:2] == ["cong_an_tinh", "doi"]
