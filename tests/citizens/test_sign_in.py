"""Citizen sign-in: the server verifies the Zalo token with Zalo and issues its own short-lived token."""

from __future__ import annotations

import time

import jwt
import pytest

from citizens.models import Citizen
from citizens.tokens import AUDIENCE


def sign_in(api, token="fake-citizen-1"):
    return api.post("/api/v1/auth/zalo", {"access_token": token}, format="json")


def test_sign_in_creates_the_citizen_and_returns_our_tokens(api, fake_zalo, db):
    response = sign_in(api)
    assert response.status_code == 200, response.content
    body = response.json()
    citizen = Citizen.objects.get()
    assert int(citizen.zalo_user_id) > 2**53 and body["citizen"]["id"] == citizen.pk
    assert body["access_expires_in"] == 3600 and body["refresh_token"]
    me = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert me.status_code == 200 and me.json()["display_name"].startswith("Người dùng Demo")
    assert fake_zalo.requests("me")[0]["headers"]["appsecret-proof"]


def test_signing_in_again_updates_the_same_citizen(api, fake_zalo, db):
    sign_in(api)
    sign_in(api)
    assert Citizen.objects.count() == 1


def test_a_client_sent_user_id_is_never_trusted(api, fake_zalo, db):
    response = api.post("/api/v1/auth/zalo", {"access_token": "fake-citizen-1", "user_id": "123"}, format="json")
    assert Citizen.objects.get().zalo_user_id != "123"
    assert response.status_code == 200


def test_an_invalid_zalo_token_is_a_401(api, fake_zalo, db):
    response = sign_in(api, "stolen-or-made-up")
    assert response.status_code == 401 and response.json()["code"] == "zalo_token_invalid"
    assert not Citizen.objects.exists()


@pytest.mark.parametrize("spec", [{"status": 503}, {"delay": 2.0}])
def test_zalo_down_or_slow_is_a_clear_503_not_a_500(api, fake_zalo, db, spec):
    fake_zalo.inject("me", **spec)
    response = sign_in(api)
    assert response.status_code == 503
    assert response.json()["code"] == "zalo_unavailable" and "Zalo" in response.json()["message"]


def _forged(settings, **changes):
    claims = {
        "sub": "1",
        "aud": AUDIENCE,
        "typ": "access",
        "fam": "family-1",
        "iat": int(time.time()),
        "exp": int(time.time()) + 60,
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    key = claims.pop("key", settings.CITIZEN_TOKEN_SECRET)
    alg = claims.pop("alg", "HS256")
    return jwt.encode(claims, key, algorithm=alg)


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        "",
        pytest.param("wrong-key", id="wrong-key"),
        pytest.param("expired", id="expired"),
        pytest.param("wrong-aud", id="wrong-aud"),
        pytest.param("refresh-typ", id="refresh-typ"),
        pytest.param("no-family", id="no-family"),
        pytest.param("alg-none", id="alg-none"),
    ],
)
def test_forged_expired_or_malformed_tokens_get_401(api, db, settings, token):
    Citizen.objects.create(pk=1, zalo_user_id="1")
    forged = {
        "wrong-key": lambda: _forged(settings, key="another-secret-that-is-long-enough-000000"),
        "expired": lambda: _forged(settings, exp=int(time.time()) - 10),
        "wrong-aud": lambda: _forged(settings, aud="someone-else"),
        "refresh-typ": lambda: _forged(settings, typ="refresh"),
        "no-family": lambda: _forged(settings, fam=None),  # issued before sign-ins had families
        "alg-none": lambda: jwt.encode(
            {"sub": "1", "aud": AUDIENCE, "typ": "access", "iat": 1, "exp": 9999999999}, None, algorithm="none"
        ),
    }.get(token, lambda: token)()
    response = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {forged}")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_no_token_is_a_401(api, db):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_refresh_tokens_rotate_and_a_reused_one_revokes_the_session(api, fake_zalo, db):
    first = sign_in(api).json()
    second = api.post("/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, format="json")
    assert second.status_code == 200 and second.json()["refresh_token"] != first["refresh_token"]
    reuse = api.post("/api/v1/auth/refresh", {"refresh_token": first["refresh_token"]}, format="json")
    assert reuse.status_code == 401 and reuse.json()["code"] == "refresh_invalid"
    # The theft check revoked the newer token of the same sign-in too.
    after = api.post("/api/v1/auth/refresh", {"refresh_token": second.json()["refresh_token"]}, format="json")
    assert after.status_code == 401


def test_sign_in_is_rate_limited_per_client_ip_even_with_a_spoofed_forwarded_for(api, fake_zalo, db, settings):
    settings.SIGN_IN_PER_IP_PER_MINUTE = limit = 5
    statuses = [
        api.post(
            "/api/v1/auth/zalo", {"access_token": "x"}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
        ).status_code
        for i in range(limit + 3)
    ]
    assert statuses.count(429) == 3
