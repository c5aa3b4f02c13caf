from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import UnitFactory
from units.models import Unit
from units.selectors import unit_subtree


def test_paths_follow_the_tree(tree):
    assert tree.province.path == f"{tree.province.pk}/"
    assert tree.unit_a_child.path == f"{tree.province.pk}/{tree.unit_a.pk}/{tree.unit_a_child.pk}/"
    assert [tree.unit_a_child.depth, tree.unit_a.depth, tree.province.depth] == [2, 1, 0]


def test_subtree_contains_the_unit_and_its_descendants_only(tree):
    assert set(unit_subtree(unit=tree.unit_a)) == {tree.unit_a, tree.unit_a_child}
    assert set(unit_subtree(unit=tree.province)) == {tree.province, tree.unit_a, tree.unit_a_child, tree.unit_b}


def test_subtree_of_unit_1_does_not_include_unit_10(db):
    # As text "9001/" is not a prefix of "90010/": the trailing slash keeps the two apart.
    short = UnitFactory(pk=9001)
    long = UnitFactory(pk=90010)
    assert long.path.startswith(str(short.pk))
    assert set(unit_subtree(unit=short)) == {short}


def test_moving_a_unit_rewrites_its_whole_subtree_in_one_update(tree, django_assert_max_num_queries):
    tree.unit_a.parent = tree.unit_b
    with django_assert_max_num_queries(6):
        tree.unit_a.save()
    child = Unit.objects.get(pk=tree.unit_a_child.pk)
    assert child.path == f"{tree.province.pk}/{tree.unit_b.pk}/{tree.unit_a.pk}/{child.pk}/"
    assert child.depth == 3
    assert set(unit_subtree(unit=tree.unit_b)) == {tree.unit_b, tree.unit_a, child}


def test_a_unit_cannot_be_moved_under_its_own_descendant(tree):
    tree.unit_a.parent = tree.unit_a_child
    with pytest.raises(ValidationError) as excinfo:
        tree.unit_a.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_name_search_column_has_no_diacritics(tree):
    assert tree.unit_b.name_search == "cong an xa duc hanh"
