"""Routing: a chosen commune, the nearest unit covering the coordinates, a commune named in the address,
else the province's reception unit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reports.models import Coverage
from reports.routing import distance_km, report_route
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_point_inside_one_units_radius_goes_to_that_unit(areas):
    assert report_route(latitude=21.01, longitude=105.81) == areas.tree.unit_a
    assert report_route(latitude=21.11, longitude=105.91) == areas.tree.unit_b


def test_where_radii_overlap_the_nearest_unit_wins(areas):
    areas.a.radius_km = Decimal("30")
    areas.a.save()
    areas.b.radius_km = Decimal("30")
    areas.b.save()
    assert report_route(latitude=21.09, longitude=105.89) == areas.tree.unit_b
    assert report_route(latitude=21.02, longitude=105.82) == areas.tree.unit_a


def test_a_point_outside_every_area_goes_to_the_reception_unit(areas):
    assert distance_km(21.0, 105.8, 10.8, 106.7) > 1000
    assert report_route(latitude=10.8, longitude=106.7) == areas.tree.province


def test_a_chosen_commune_wins_over_coordinates(areas):
    assert report_route(area=areas.tree.unit_b, latitude=21.0, longitude=105.8) == areas.tree.unit_b


def test_an_address_naming_a_covered_commune_goes_to_its_unit_whatever_the_accents(areas):
    assert report_route(address="ngõ 5, thôn Đông, xa Tan Lap cũ") == areas.tree.unit_a
    assert report_route(address="Số 3 đường 19/5, xã Đức Hạnh") == areas.tree.unit_b
    assert report_route(address="Một nơi không ai phụ trách") == areas.tree.province


def test_the_reception_unit_comes_from_the_setting_then_the_flag_then_the_root(areas, settings):
    other = UnitFactory(code="T-TIEP-DAN", parent=areas.tree.province)
    settings.REPORT_RECEPTION_UNIT_CODE = "T-TIEP-DAN"
    assert report_route() == other
    settings.REPORT_RECEPTION_UNIT_CODE = ""
    Coverage.objects.filter(is_reception=True).update(is_reception=False)
    Coverage.objects.create(unit=areas.tree.unit_a_child, is_reception=True)
    assert report_route() == areas.tree.unit_a_child
    Coverage.objects.filter(is_reception=True).delete()
    assert report_route() == areas.tree.province


def test_an_inactive_unit_never_receives(areas):
    areas.tree.unit_a.is_active = False
    areas.tree.unit_a.save()
    assert report_route(latitude=21.01, longitude=105.81) == areas.tree.province
    assert report_route(area=areas.tree.unit_a) == areas.tree.province


def test_submitting_by_commune_or_location_routes_the_report(api, areas, fake_zalo):
    from reports.models import Report
    from tests.reports.conftest import submit

    by_commune = submit(api, area=areas.tree.unit_b.pk).json()["code"]
    by_location = submit(api, zalo_access_token="fake-x", location_token="fake-location-21.001,105.801").json()["code"]
    by_address = submit(api, address="Thôn 2, Xã Đức Hạnh").json()["code"]
    nowhere = submit(api).json()["code"]
    units = dict(Report.objects.values_list("code", "unit__code"))
    assert units == {by_commune: "T-B", by_location: "T-A", by_address: "T-B", nowhere: "T-CAT"}
