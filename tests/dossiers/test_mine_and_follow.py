from __future__ import annotations

import secrets
import time

import pytest
from django.core import signing

from dossiers.lookup import follow_token_issue
from dossiers.models import DossierFollow
from tests.dossiers.conftest import PHONE_A, citizen_client, receive, verified

LOOKUP = "/api/v1/dossiers/lookup"
MINE = "/api/v1/me/dossiers/"
FOLLOWS = "/api/v1/me/follows/"


@pytest.fixture
def owner(citizen):
    return verified(citizen, PHONE_A)


def test_my_dossiers_lists_the_dossiers_filed_under_my_verified_phone(owner, dossiers):
    response = citizen_client(owner).get(MINE)
    assert response.status_code == 200
    codes = sorted(item["code"] for item in response.json()["results"])
    assert codes == ["A-0001", "A1-0001"]  # not B-0001, filed under another phone
    item = response.json()["results"][0]
    assert {"status_label", "procedure_name", "unit_name", "deadline", "following"} <= item.keys()
    assert response["Cache-Control"] == "no-store"


def test_my_dossiers_asks_for_a_verified_phone_first(citizen_api, dossiers):
    response = citizen_api.get(MINE)
    assert response.status_code == 403
    assert response.json()["code"] == "phone_not_verified"


def test_my_dossiers_costs_the_same_queries_for_two_or_twenty(
    owner, dossiers, tree, officer_a, procedure, django_assert_num_queries
):
    client = citizen_client(owner)
    with django_assert_num_queries(3) as few:  # citizen, count, page (holidays cached)
        client.get(MINE)
    for n in range(18):
        receive(officer_a, tree.unit_a, procedure, code=f"A-1{n:03d}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(MINE).json()["count"] == 20


def test_my_dossier_detail_is_mine_or_followed_only(owner, other_citizen, dossiers):
    assert citizen_client(owner).get(f"{MINE}{dossiers.a.pk}/").status_code == 200
    assert citizen_client(owner).get(f"{MINE}{dossiers.b.pk}/").status_code == 404
    assert citizen_client(other_citizen).get(f"{MINE}{dossiers.a.pk}/").status_code == 404


def test_follow_after_a_lookup_then_unfollow(citizen_api, citizen, dossiers):
    token = citizen_api.post(LOOKUP, {"code": "B-0001", "verifier": "5678"}, format="json").json()["follow_token"]
    created = citizen_api.post(FOLLOWS, {"follow_token": token}, format="json")
    assert created.status_code == 201 and created.json()["dossier_id"] == dossiers.b.pk
    assert citizen_api.post(FOLLOWS, {"follow_token": token}, format="json").status_code == 200  # idempotent
    assert DossierFollow.objects.filter(citizen=citizen).count() == 1
    assert [d["code"] for d in citizen_api.get(FOLLOWS).json()["results"]] == ["B-0001"]
    assert citizen_api.get(f"{MINE}{dossiers.b.pk}/").json()["following"] is True  # followed: readable
    again = citizen_api.post(LOOKUP, {"code": "B-0001", "verifier": "5678"}, format="json").json()
    assert again["following"] is True
    assert citizen_api.delete(f"{FOLLOWS}{dossiers.b.pk}").status_code == 204
    assert citizen_api.delete(f"{FOLLOWS}{dossiers.b.pk}").status_code == 404
    assert citizen_api.get(f"{MINE}{dossiers.b.pk}/").status_code == 404


def test_a_follow_token_works_only_for_the_citizen_who_looked_up(citizen_api, other_citizen, dossiers):
    token = citizen_api.post(LOOKUP, {"code": "A-0001", "verifier": "1234"}, format="json").json()["follow_token"]
    response = citizen_client(other_citizen).post(FOLLOWS, {"follow_token": token}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "follow_token_invalid"
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert citizen_api.post(FOLLOWS, {"follow_token": tampered}, format="json").status_code == 400


def test_the_follow_token_is_what_django_signing_writes(citizen, settings, monkeypatch):
    # The lookup writes the token without Django's signer (the key is derived once); it must stay exactly the
    # signer's token, so signing.loads keeps reading it, and a new SECRET_KEY gets its own key.
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.5)
    first, second = secrets.token_urlsafe(50), secrets.token_urlsafe(50)  # never a secret published in the repository
    for secret in (first, second):
        settings.SECRET_KEY = secret
        token = follow_token_issue(citizen=citizen, dossier_id=987654)
        assert token == signing.dumps({"c": citizen.pk, "d": 987654}, salt="dossiers.follow")
        assert signing.loads(token, salt="dossiers.follow") == {"c": citizen.pk, "d": 987654}
    with pytest.raises(signing.BadSignature):
        settings.SECRET_KEY = first
        signing.loads(token, salt="dossiers.follow")


def test_follow_by_id_only_for_my_own_dossiers(owner, dossiers):
    client = citizen_client(owner)
    assert client.post(FOLLOWS, {"dossier_id": dossiers.a.pk}, format="json").status_code == 201
    refused = client.post(FOLLOWS, {"dossier_id": dossiers.b.pk}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "follow_not_allowed"
    flags = {d["code"]: d["following"] for d in client.get(MINE).json()["results"]}
    assert flags == {"A-0001": True, "A1-0001": False}


@pytest.mark.parametrize("body", [{}, {"follow_token": "x", "dossier_id": 1}, {"dossier_id": 0}])
def test_follow_input_must_be_one_of_token_or_id(citizen_api, dossiers, body):
    assert citizen_api.post(FOLLOWS, body, format="json").status_code == 400


def test_follow_endpoints_need_a_signed_in_citizen(api, dossiers):
    assert api.get(FOLLOWS).status_code == 401
    assert api.get(MINE).status_code == 401
    assert api.delete(f"{FOLLOWS}{dossiers.a.pk}").status_code == 401
