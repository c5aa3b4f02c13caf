from __future__ import annotations

from accounts.selectors import scope_to_officer, unit_list_for_officer, user_list_for_officer
from tests.factories import OfficerFactory
from units.models import Unit, UnitPhone


def test_officer_of_unit_a_sees_unit_a_and_its_children(officer_a, tree):
    assert set(unit_list_for_officer(officer=officer_a)) == {tree.unit_a, tree.unit_a_child}


def test_officer_of_unit_a_never_sees_unit_b_or_the_province(officer_a, tree):
    visible = set(unit_list_for_officer(officer=officer_a))
    assert tree.unit_b not in visible and tree.province not in visible


def test_officer_of_unit_b_does_not_see_unit_a(officer_b, tree):
    assert set(unit_list_for_officer(officer=officer_b)) == {tree.unit_b}


def test_provincial_admin_sees_every_unit(provincial_admin, tree):
    assert set(unit_list_for_officer(officer=provincial_admin)) == set(Unit.objects.all())


def test_officer_without_a_unit_sees_nothing(tree):
    lost = OfficerFactory(unit=None)
    assert not unit_list_for_officer(officer=lost).exists()


def test_inactive_officer_sees_nothing(officer_a):
    officer_a.is_active = False
    assert not unit_list_for_officer(officer=officer_a).exists()


def test_scoping_follows_a_relation_to_the_unit(officer_a, tree):
    phones = scope_to_officer(UnitPhone.objects.all(), officer=officer_a, unit_field="unit")
    assert {p.unit for p in phones} == {tree.unit_a, tree.unit_a_child}


def test_users_are_scoped_like_units(officer_a, officer_b, leader_a):
    assert set(user_list_for_officer(officer=leader_a)) == {officer_a, leader_a}


def test_scoping_is_one_query(officer_a, django_assert_num_queries):
    officer_a.unit  # noqa: B018 - loaded by the login in real use
    with django_assert_num_queries(2):  # role check, then the scoped rows
        list(unit_list_for_officer(officer=officer_a))
