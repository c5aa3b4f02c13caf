"""A code is found however the citizen's keyboard typed it: case, spaces, dash look-alikes, full-width
characters (common/codes.py) — for dossier lookups and report tracking — without extra queries."""

from __future__ import annotations

import pytest

from common.codes import code_clean
from dossiers.models import Dossier
from tests.dossiers.conftest import receive

URL = "/api/v1/dossiers/lookup"


def lookup(client, code, verifier):  # type: ignore[no-untyped-def]
    return client.post(URL, {"code": code, "verifier": verifier}, format="json")


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("hs-demo-0001", "HS-DEMO-0001"),
        ("  HS-DEMO-0001 ", "HS-DEMO-0001"),
        ("hs–demo–0001", "HS-DEMO-0001"),  # en dash
        ("hs—demo−0001", "HS-DEMO-0001"),  # em dash, minus sign
        ("ＨＳ－ＤＥＭＯ－０００１", "HS-DEMO-0001"),  # full width (an IME)
        ("hs-demo-0001\u200b", "HS-DEMO-0001"),  # zero-width space from a copy
        ("h26.12 - 241201 - 0001", "H26.12-241201-0001"),
        ("pa-7kq2m9xh", "PA-7KQ2M9XH"),
    ],
)
def test_code_clean_folds_what_keyboards_add(typed, clean):
    assert code_clean(typed) == clean


@pytest.mark.parametrize("typed", ["a-0001", " A-0001 ", "a–0001", "Ａ－０００１", "a - 0001"])
def test_the_lookup_finds_the_dossier_however_the_code_is_typed(citizen_api, dossiers, typed):
    response = lookup(citizen_api, typed, "1234")
    assert response.status_code == 200, response.content
    assert response.json()["code"] == "A-0001"


def test_full_width_digits_in_the_second_factor_are_read_as_digits(citizen_api, dossiers):
    assert lookup(citizen_api, "a-0001", "１２３４").status_code == 200


def test_a_folded_code_costs_no_extra_query(citizen_api, dossiers, django_assert_max_num_queries):
    lookup(citizen_api, "A-0001", "1234")  # PREPARE once per connection, as in test_lookup
    with django_assert_max_num_queries(1):
        assert lookup(citizen_api, "a–0001", "1234").status_code == 200


def test_wrong_case_and_a_wrong_factor_still_fail_like_an_unknown_code(citizen_api, dossiers):
    wrong = lookup(citizen_api, "a-0001", "0000")
    unknown = lookup(citizen_api, "zz-0001", "1234")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_the_lock_counts_every_spelling_of_one_code_together(citizen_api, dossiers, settings):
    settings.DOSSIER_LOOKUP_FAILURES_PER_CODE = 2
    assert lookup(citizen_api, "a-0001", "0000").status_code == 404
    assert lookup(citizen_api, "A–0001", "0001").status_code == 404
    locked = lookup(citizen_api, "A-0001", "1234")
    assert locked.status_code == 429
    # The lock says for how long (the remaining time, in minutes), not just "later".
    settings_minutes = settings.DOSSIER_LOOKUP_CODE_LOCK_SECONDS // 60
    assert f"thử lại sau khoảng {settings_minutes} phút nữa" in locked.json()["message"]


def test_a_code_typed_at_the_counter_is_issued_in_upper_case(tree, officer_a, procedure):
    dossier = receive(officer_a, tree.unit_a, procedure, code="hs–moi-0001")
    assert Dossier.objects.get(pk=dossier.pk).code == "HS-MOI-0001"


def test_an_officer_typed_code_is_then_found_by_the_citizen_in_any_case(citizen_api, tree, officer_a, procedure):
    receive(officer_a, tree.unit_a, procedure, code="hs-moi-0002")
    assert lookup(citizen_api, "Hs-Moi-0002", "1234").status_code == 200
