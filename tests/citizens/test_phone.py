"""Verified phone: exchanged with Zalo, stored encrypted with a keyed hash, consent recorded, withdrawable."""

from __future__ import annotations

import logging

import pytest

from citizens.models import Citizen, Consent
from citizens.services import phone_normalize
from common.crypto import decrypt_text, keyed_hash
from common.errors import ApplicationError


@pytest.fixture
def signed_in(api, fake_zalo, db):
    body = api.post("/api/v1/auth/zalo", {"access_token": "fake-citizen-2"}, format="json").json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    return api


def verify(api, number="0912345678"):
    return api.post(
        "/api/v1/auth/zalo/phone",
        {"access_token": "fake-citizen-2", "phone_token": f"fake-phone-{number}"},
        format="json",
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


def test_a_bad_phone_token_is_refused_and_nothing_is_stored(signed_in):
    response = signed_in.post(
        "/api/v1/auth/zalo/phone", {"access_token": "fake-citizen-2", "phone_token": "bad"}, format="json"
    )
    assert response.status_code == 401
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
