from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts import roles


def login(client, user):
    client.force_login(user)
    return client


def test_admin_speaks_vietnamese(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="vi"' in content
    assert "Đăng nhập" in content and "Quản trị" in content


def test_every_role_group_exists_with_permissions(db):
    for role in roles.ALL_ROLES:
        assert Group.objects.get(name=role).permissions.exists(), role


def test_unit_changelist_shows_only_the_officer_subtree(client, leader_a, tree):
    content = login(client, leader_a).get("/admin/units/unit/").content.decode()
    assert "Công an phường Đồng Tâm" in content
    assert "Đội Cảnh sát khu vực Đồng Tâm" in content
    assert "Công an xã Đức Hạnh" not in content


def test_officer_cannot_open_another_units_change_page(client, leader_a, tree):
    # An object outside get_queryset() is not found, on every admin URL (accounts.admin_scoping).
    response = login(client, leader_a).get(f"/admin/units/unit/{tree.unit_b.pk}/change/")
    assert response.status_code == 404
    assert login(client, leader_a).post(f"/admin/units/unit/{tree.unit_b.pk}/change/", {"name": "x"}).status_code == 404
    tree.unit_b.refresh_from_db()
    assert tree.unit_b.name == "Công an xã Đức Hạnh"


def _select(content: str, name: str) -> str:
    start = content.index(f'name="{name}"')
    return content[start : content.index("</select>", start)]


def test_parent_choices_are_limited_to_the_subtree(client, leader_a, tree):
    page = login(client, leader_a).get(f"/admin/units/unit/{tree.unit_a_child.pk}/change/").content.decode()
    content = _select(page, "parent")
    assert f'<option value="{tree.unit_a.pk}"' in content
    assert f'<option value="{tree.unit_b.pk}"' not in content
    assert f'<option value="{tree.province.pk}"' not in content


def test_provincial_admin_sees_all_units(client, provincial_admin, tree):
    content = login(client, provincial_admin).get("/admin/units/unit/").content.decode()
    for unit in (tree.province, tree.unit_a, tree.unit_b):
        assert unit.name in content


def test_changelist_shows_the_tree_by_indentation(client, provincial_admin, tree):
    content = login(client, provincial_admin).get("/admin/units/unit/").content.decode()
    assert "— — Đội Cảnh sát khu vực Đồng Tâm" in content


@pytest.mark.parametrize("url", ["/admin/accounts/user/"])
def test_officer_list_is_scoped(client, leader_a, officer_b, url):
    content = login(client, leader_a).get(url).content.decode()
    assert "leader_a" in content and "officer_b" not in content
