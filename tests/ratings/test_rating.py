"""Who may rate a dossier, once, and what a "Không hài lòng" needs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import requests
from django.utils import timezone

from citizens.models import Citizen
from citizens.tokens import access_token_issue
from dossiers.lookup import follow_token_issue
from dossiers.models import Dossier, DossierFollow, DossierStatus
from dossiers.services import dossier_status_change
from ratings.models import FollowUp, FollowUpState, Proof, Rating
from tests.dossiers.conftest import PHONE_A, PHONE_B
from tests.ratings.conftest import citizen_client, finish, receive, verified

URL = "/api/v1/ratings/"
ELIGIBILITY = "/api/v1/ratings/eligibility"


def looked_up(client, code="A-0001", verifier="1234"):  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/dossiers/lookup", {"code": code, "verifier": verifier}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["follow_token"]


def test_a_citizen_who_looked_up_a_finished_dossier_rates_it(citizen_api, citizen, finished, officer_a):
    token = looked_up(citizen_api)
    response = citizen_api.post(
        URL, {"follow_token": token, "level": 3, "drivers": ["fast", "friendly"], "comment": " Cảm ơn "}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["level"], body["level_label"], body["follow_up_deadline"]) == (3, "Rất hài lòng", None)
    assert body["message"].startswith("Cảm ơn bạn")
    rating = Rating.objects.get()
    assert rating.dossier == finished.a and rating.citizen == citizen and rating.proof == Proof.LOOKUP
    assert (rating.unit, rating.procedure, rating.officer) == (finished.a.unit, finished.a.procedure, officer_a)
    assert rating.drivers == ["fast", "friendly"] and rating.comment == "Cảm ơn"
    assert not FollowUp.objects.exists()


def test_a_returned_dossier_can_be_rated_too(citizen_api, dossiers):
    finish(dossiers.a, returned=True)
    response = citizen_api.post(URL, {"follow_token": looked_up(citizen_api), "level": 2}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("status", [DossierStatus.REJECTED, DossierStatus.STOPPED])
def test_a_dossier_not_received_or_stopped_can_be_rated(citizen_api, dossiers, status):
    # As the upstream one-stop system reports it (a received dossier cannot be "not received" from the admin).
    Dossier.objects.filter(pk=dossiers.a.pk).update(status=status)
    token = looked_up(citizen_api)
    eligibility = citizen_api.post(ELIGIBILITY, {"follow_token": token}, format="json").json()
    assert (eligibility["can_rate"], eligibility["message"]) == (True, "")
    response = citizen_api.post(
        URL, {"follow_token": token, "level": 1, "reason": "Không được hướng dẫn rõ"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Rating.objects.get().dossier == dossiers.a
    assert FollowUp.objects.count() == 1  # the unhappy rating reaches the unit leader like any other


def test_a_withdrawn_dossier_cannot_be_rated(citizen_api, dossiers):
    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.WITHDRAWN, reason="Công dân rút")
    response = citizen_api.post(URL, {"follow_token": looked_up(citizen_api), "level": 3}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "rating_not_yet")


def test_a_dossier_without_its_result_cannot_be_rated(citizen_api, dossiers):
    response = citizen_api.post(URL, {"follow_token": looked_up(citizen_api), "level": 3}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "rating_not_yet"
    assert "chưa có kết quả" in response.json()["message"]
    assert not Rating.objects.exists()


def test_a_dossier_id_alone_is_not_proof_without_a_matching_verified_phone(citizen_api, citizen, finished):
    response = citizen_api.post(URL, {"dossier_id": finished.a.pk, "level": 3}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "rating_not_allowed"
    verified(citizen, PHONE_B)  # someone else's phone
    response = citizen_api.post(URL, {"dossier_id": finished.a.pk, "level": 3}, format="json")
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_a_citizen_whose_verified_phone_matches_rates_from_my_dossiers(citizen, finished):
    client = citizen_client(verified(citizen, PHONE_A))
    response = client.post(URL, {"dossier_id": finished.a.pk, "level": 2}, format="json")
    assert response.status_code == 201
    assert Rating.objects.get().proof == Proof.PHONE


def test_a_citizen_who_follows_the_dossier_rates_it_after_the_lookup_token_expired(citizen_api, citizen, finished):
    DossierFollow.objects.create(citizen=citizen, dossier=finished.a)  # following needed a lookup or the phone
    response = citizen_api.post(URL, {"dossier_id": finished.a.pk, "level": 3}, format="json")
    assert response.status_code == 201
    assert Rating.objects.get().proof == Proof.FOLLOW


def test_another_citizens_follow_token_or_a_forged_one_is_refused(citizen_api, other_citizen, finished):
    stolen = follow_token_issue(citizen=other_citizen, dossier_id=finished.a.pk)
    for token in (stolen, "forged:token", looked_up(citizen_api) + "x"):
        response = citizen_api.post(URL, {"follow_token": token, "level": 3}, format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "rating_token_invalid"
    assert not Rating.objects.exists()


def test_rating_needs_a_signed_in_citizen(api, finished):
    assert api.post(URL, {"dossier_id": finished.a.pk, "level": 3}, format="json").status_code == 401


def test_a_second_rating_of_the_same_dossier_is_refused_with_a_clear_message(citizen_api, other_citizen, finished):
    assert citizen_api.post(URL, {"follow_token": looked_up(citizen_api), "level": 3}, format="json").status_code == 201
    again = citizen_api.post(URL, {"follow_token": looked_up(citizen_api), "level": 1, "reason": "x"}, format="json")
    assert again.status_code == 409
    assert again.json() == {
        "code": "rating_exists",
        "message": "Hồ sơ đã được đánh giá! Mỗi hồ sơ chỉ được đánh giá một lần.",
        "fields": {},
    }
    other = citizen_client(other_citizen)  # one rating per dossier, whoever asks
    assert (
        other.post(URL, {"follow_token": looked_up(other), "level": 1, "reason": "x"}, format="json").status_code == 409
    )
    assert Rating.objects.count() == 1 and not FollowUp.objects.exists()


def test_not_satisfied_requires_a_reason(citizen_api, finished):
    token = looked_up(citizen_api)
    for reason in (None, "", "   "):
        payload = {"follow_token": token, "level": 1, **({} if reason is None else {"reason": reason})}
        response = citizen_api.post(URL, payload, format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "rating_reason_required"
        assert "reason" in response.json()["fields"]
    assert not Rating.objects.exists()


def test_not_satisfied_opens_a_follow_up_for_the_leader_due_in_five_working_days(citizen_api, finished, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 11, 27))  # a Friday
    response = citizen_api.post(
        URL,
        {"follow_token": looked_up(citizen_api), "level": 1, "reason": "Phải đi lại ba lần", "drivers": ["many_trips"]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["follow_up_deadline"] == "2026-12-04"  # Mon–Fri of the next week
    follow_up = FollowUp.objects.get()
    assert follow_up.rating.reason == "Phải đi lại ba lần"
    assert (follow_up.unit, follow_up.state) == (finished.a.unit, FollowUpState.OPEN)


@pytest.mark.parametrize(
    "payload",
    [
        {"level": 4},
        {"level": 0},
        {"level": "3x"},
        {"level": 3, "drivers": ["bribe"]},
        {"level": 3, "drivers": "fast"},
        {"level": 3, "comment": "x" * 2001},
    ],
)
def test_malformed_ratings_are_a_clear_400(citizen_api, finished, payload):
    response = citizen_api.post(URL, {"follow_token": looked_up(citizen_api), **payload}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_both_or_neither_proof_is_a_400(citizen_api, finished):
    token = looked_up(citizen_api)
    assert citizen_api.post(URL, {"level": 3}, format="json").status_code == 400
    both = {"level": 3, "follow_token": token, "dossier_id": finished.a.pk}
    assert citizen_api.post(URL, both, format="json").status_code == 400


def test_eligibility_says_whether_the_dossier_can_be_rated(citizen_api, dossiers):
    token = looked_up(citizen_api)
    before = citizen_api.post(ELIGIBILITY, {"follow_token": token}, format="json").json()
    assert (before["can_rate"], before["rated"]) == (False, False) and "chưa có kết quả" in before["message"]
    finish(dossiers.a)
    ready = citizen_api.post(ELIGIBILITY, {"follow_token": token}, format="json").json()
    assert ready == {"dossier_id": dossiers.a.pk, "code": "A-0001", "rated": False, "can_rate": True, "message": ""}
    citizen_api.post(URL, {"follow_token": token, "level": 2}, format="json")
    after = citizen_api.post(ELIGIBILITY, {"follow_token": token}, format="json").json()
    assert (after["can_rate"], after["rated"]) == (False, True)
    assert citizen_api.post(ELIGIBILITY, {"dossier_id": dossiers.b.pk}, format="json").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_ratings_of_one_dossier_make_one_rating_and_no_500(live_server, tree, officer_a, procedure):
    dossier = finish(receive(officer_a, tree.unit_a, procedure, code="C-0001"))
    citizens = [Citizen.objects.create(zalo_user_id=f"80{n:02d}") for n in range(20)]
    proofs = [(access_token_issue(citizen=c), follow_token_issue(citizen=c, dossier_id=dossier.pk)) for c in citizens]

    def one(proof: tuple[str, str]) -> int:
        access, follow = proof
        return requests.post(
            f"{live_server.url}{URL}",
            json={"follow_token": follow, "level": 1, "reason": "Chờ lâu"},
            headers={"Authorization": f"Bearer {access}"},
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(one, proofs))
    assert sorted(statuses) == [201] + [409] * 19
    assert Rating.objects.count() == 1 and FollowUp.objects.count() == 1
