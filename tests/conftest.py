"""A fixed cast for every test: a small province tree and the officers who work in it.

province (Công an tỉnh Thử Nghiệm)
├── unit_a (Công an phường Đồng Tâm)
│   └── unit_a_child (Đội Cảnh sát khu vực Đồng Tâm)
└── unit_b (Công an xã Đức Hạnh)
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from accounts import roles
from tests.factories import (
    OfficerFactory,
    UnitFactory,
    UnitKindFactory,
    UnitPhoneFactory,
)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def tree(db) -> SimpleNamespace:
    province_kind = UnitKindFactory(code="cong_an_tinh", name="Công an tỉnh")
    ward_kind = UnitKindFactory(code="cong_an_phuong", name="Công an phường")
    commune_kind = UnitKindFactory(code="cong_an_xa", name="Công an xã")
    team_kind = UnitKindFactory(code="doi", name="Đội")
    province = UnitFactory(code="T-CAT", name="Công an tỉnh Thử Nghiệm", kind=province_kind)
    unit_a = UnitFactory(code="T-A", name="Công an phường Đồng Tâm", kind=ward_kind, parent=province, display_order=1)
    unit_a_child = UnitFactory(code="T-A1", name="Đội Cảnh sát khu vực Đồng Tâm", kind=team_kind, parent=unit_a)
    unit_b = UnitFactory(code="T-B", name="Công an xã Đức Hạnh", kind=commune_kind, parent=province, display_order=2)
    for unit in (province, unit_a, unit_a_child, unit_b):
        UnitPhoneFactory(unit=unit)
    return SimpleNamespace(province=province, unit_a=unit_a, unit_a_child=unit_a_child, unit_b=unit_b)


@pytest.fixture
def officer_a(tree):
    return OfficerFactory(username="officer_a", unit=tree.unit_a, roles=[roles.UNIT_OFFICER])


@pytest.fixture
def leader_a(tree):
    return OfficerFactory(username="leader_a", unit=tree.unit_a, roles=[roles.UNIT_LEADER])


@pytest.fixture
def officer_b(tree):
    return OfficerFactory(username="officer_b", unit=tree.unit_b, roles=[roles.UNIT_OFFICER])


@pytest.fixture
def editor(tree):
    return OfficerFactory(username="editor", unit=tree.province, roles=[roles.CONTENT_EDITOR])


@pytest.fixture
def provincial_admin(tree):
    return OfficerFactory(username="province_admin", unit=tree.province, roles=[roles.PROVINCIAL_ADMIN])
