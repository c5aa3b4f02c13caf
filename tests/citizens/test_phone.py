"""Verified phone: exchanged with Zalo, stored encrypted with a keyed hash, consent recorded, withdrawable."""

from __future__ import annotations

import logging

import pytest

from citizens.models import Citizen, Consent
from citizens.services import phone_normalize
from common.crypto import decrypt_text, keyed_hash
from common.errors import ApplicationError
from zalo.fake.app import phone_token_for

MINE = "fake-citizen-2"  # the signed-in citizen's Zalo access token
ANOTHER_USER = "fake-citizen-9"  # someone else's Zalo account


@pytest.fixture
def signed_in(api, fake_zalo, db):
    body = api.post("/api/v1/auth/zalo", {"access_token": MINE}, format="json").json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    return api


def verify(api, number="0912345678", *, access_token=MINE, obtained_with=None):
    """Send the phone token the Mini App got while holding `obtained_with`, together with `access_token`."""
    phone_token = phone_token_for(obtained_with or access_token, number)
    return api.post(
        "/api/v1/auth/zalo/phone", {"access_token": access_token, "phone_token": phone_token}, format="json"
    )


def test_the_phone_is_stored_encrypted_with_a_hash_and_consent(signed_in, caplog):
    with caplog.at_level(logging.DEBUG):
        response = verify(signed_in)
    assert response.status_code == 200, response.content
    assert response.json()["phone_masked"] == "********678"
    citizen = Citizen.objects.get()
    assert "912345678" not in citizen.phone_encrypted
    assert decrypt_text(citizen.phone_encrypted) == "84912345678"
    assert citizen.phone_hash == keyed_hash("84912345678")
    consent = Consent.objects.get()
    assert consent.purpose == "phone" and consent.withdrawn_at is None
    assert "912345678" not in caplog.text  # no phone number in logs


def test_withdrawing_consent_deletes_the_phone(signed_in):
    verify(signed_in)
    response = signed_in.delete("/api/v1/me/phone")
    assert response.status_code == 200 and response.json()["phone_masked"] == ""
    citizen = Citizen.objects.get()
    assert citizen.phone_encrypted == "" and citizen.phone_hash == "" and citizen.phone_verified_at is None
    assert Consent.objects.get().withdrawn_at is not None
    assert signed_in.get("/api/v1/me/").json()["consents"][0]["withdrawn_at"]


def test_a_fresh_access_token_of_the_same_zalo_user_verifies_the_phone(signed_in):
    # The Mini App asks Zalo for an access token again before sending the phone token; same user, new token.
    assert verify(signed_in, access_token=f"{MINE}~later").status_code == 200
    assert Citizen.objects.get().phone_verified_at is not None


def test_another_users_access_token_and_phone_token_cannot_verify_my_phone(signed_in, fake_zalo, caplog):
    response = verify(signed_in, "0987654321", access_token=ANOTHER_USER)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "zalo_account_mismatch" and "tài khoản Zalo" in body["message"]
    citizen = Citizen.objects.get()
    assert citizen.phone_hash == "" and citizen.phone_verified_at is None and not Consent.objects.exists()
    assert fake_zalo.requests("phone") == []  # the other user's phone token was never exchanged
    assert "987654321" not in caplog.text


def test_another_users_phone_token_sent_with_my_own_access_token_is_refused(signed_in):
    response = verify(signed_in, "0987654321", obtained_with=ANOTHER_USER)
    assert response.status_code == 400 and response.json()["code"] == "zalo_phone_refused"
    assert Citizen.objects.get().phone_hash == "" and not Consent.objects.exists()


def test_a_bad_phone_token_is_refused_without_ending_our_session(signed_in):
    response = signed_in.post("/api/v1/auth/zalo/phone", {"access_token": MINE, "phone_token": "bad"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "zalo_phone_refused"
    assert Citizen.objects.get().phone_hash == ""
    assert signed_in.get("/api/v1/me/").status_code == 200


def test_an_access_token_zalo_does_not_know_is_refused(signed_in):
    response = verify(signed_in, access_token="made-up")
    assert response.status_code == 400 and response.json()["code"] == "zalo_phone_refused"
    assert Citizen.objects.get().phone_hash == ""


def test_zalo_down_during_phone_verification_is_a_503(signed_in, fake_zalo):
    fake_zalo.inject("phone", status=503)
    response = verify(signed_in)
    assert response.status_code == 503 and response.json()["code"] == "zalo_unavailable"
    assert Citizen.objects.get().phone_hash == ""


def test_phone_endpoints_need_our_token(api, db):
    assert (
        api.post("/api/v1/auth/zalo/phone", {"access_token": "a", "phone_token": "b"}, format="json").status_code == 401
    )
    assert api.delete("/api/v1/me/phone").status_code == 401


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("0912345678", "84912345678"),
        ("+84 912 345 678", "84912345678"),
        ("84912345678", "84912345678"),
        ("091-234-5678", "84912345678"),
    ],
)
def test_phone_numbers_are_normalised_to_the_zns_form(raw, normalized):
    assert phone_normalize(raw) == normalized


@pytest.mark.parametrize("raw", ["", "12345", "0912345678999", "+1 415 555 0100"])
def test_impossible_numbers_are_refused(raw):
    with pytest.raises(ApplicationError):
        phone_normalize(raw)


def test_the_mini_app_notification_permission_is_recorded_and_can_be_turned_off(signed_in):
    assert (
        signed_in.post("/api/v1/me/notifications", {"allowed": True}, format="json").json()[
            "miniapp_notifications_allowed"
        ]
        is True
    )
    assert Citizen.objects.get().miniapp_notifications_allowed is True
    signed_in.post("/api/v1/me/notifications", {"allowed": False}, format="json")
    assert Citizen.objects.get().miniapp_notifications_allowed is False
