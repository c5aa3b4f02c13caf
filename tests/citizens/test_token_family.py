"""A sign-in is a token family: reusing one of its refresh tokens revokes all of it, access tokens included,
at once and in every process; the citizen's other sign-ins are left alone."""

from __future__ import annotations

import pytest
import redis

from citizens import tokens
from citizens.models import RefreshToken

ME = "/api/v1/me/"


def sign_in(api, token="fake-citizen-1") -> dict:
    response = api.post("/api/v1/auth/zalo", {"access_token": token}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def refresh(api, session: dict):
    return api.post("/api/v1/auth/refresh", {"refresh_token": session["refresh_token"]}, format="json")


def me(api, session: dict):
    return api.get(ME, HTTP_AUTHORIZATION=f"Bearer {session['access_token']}")


def lookup(api, session: dict):
    return api.post(
        "/api/v1/dossiers/lookup",
        {"code": "HS-0001", "verifier": "1234"},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {session['access_token']}",
    )


@pytest.fixture
def stolen(api, fake_zalo, db) -> dict:
    """A sign-in whose first refresh token was copied: the owner refreshed (rotation), then the copy is replayed."""
    first = sign_in(api)
    assert me(api, first).status_code == 200  # verified and now remembered by this process
    second = refresh(api, first)
    assert second.status_code == 200
    assert me(api, second.json()).status_code == 200
    reuse = refresh(api, first)
    assert reuse.status_code == 401 and reuse.json()["code"] == "refresh_invalid"
    return {"first": first, "second": second.json()}


def test_reusing_a_refresh_token_refuses_the_live_access_tokens_of_that_sign_in(api, stolen):
    for session in (stolen["first"], stolen["second"]):
        response = me(api, session)
        assert response.status_code == 401
        body = response.json()
        assert body["code"] == "authentication_failed" and "thu hồi" in body["message"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_revoked_family_cannot_refresh_either(api, stolen):
    assert refresh(api, stolen["second"]).status_code == 401
    assert not RefreshToken.objects.filter(revoked_at__isnull=True).exists()


def test_the_hot_lookup_path_refuses_a_revoked_token_too(api, stolen):
    assert lookup(api, stolen["second"]).status_code == 401


def test_revocation_holds_in_a_process_that_never_saw_the_token(api, stolen):
    tokens._VERIFIED.clear()  # another worker process: nothing verified there yet
    assert me(api, stolen["second"]).status_code == 401
    assert lookup(api, stolen["second"]).status_code == 401


def test_revocation_made_elsewhere_holds_where_the_token_was_already_verified(api, fake_zalo, db):
    session = sign_in(api)
    assert me(api, session).status_code == 200
    assert tokens._VERIFIED  # this process remembers the token as valid until it expires
    family = RefreshToken.objects.get().family
    tokens.family_revoke(family)  # as the process that caught the reuse does
    assert me(api, session).status_code == 401


def test_another_sign_in_of_the_same_citizen_keeps_working(api, fake_zalo, db):
    other_phone = sign_in(api)
    first = sign_in(api)
    second = refresh(api, first).json()
    assert refresh(api, first).status_code == 401  # reuse: first's family is revoked
    assert me(api, second).status_code == 401
    assert me(api, other_phone).status_code == 200
    renewed = refresh(api, other_phone)
    assert renewed.status_code == 200
    assert me(api, renewed.json()).status_code == 200


def test_a_refresh_carries_the_family_on(api, fake_zalo, db):
    first = sign_in(api)
    refresh(api, first)
    sign_in(api)
    families = list(RefreshToken.objects.order_by("id").values_list("family", flat=True))
    assert families[0] == families[1] != families[2]


def test_when_redis_cannot_say_a_token_is_refused_not_let_through(api, fake_zalo, db, monkeypatch):
    session = sign_in(api)
    assert me(api, session).status_code == 200
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, socket_timeout=0.2)
    monkeypatch.setattr(tokens, "durable_redis", lambda: dead)
    response = me(api, session)
    assert response.status_code == 429 and response.json()["message"].startswith("Hệ thống tạm thời bận")


# --- The dossier lookup checks the revocation inside its rate-limit call (citizens/authentication.py) ---------------


def lookup_body(api, session: dict, body: object):
    return api.post(
        "/api/v1/dossiers/lookup", body, format="json", HTTP_AUTHORIZATION=f"Bearer {session['access_token']}"
    )


def rate_limit_keys() -> list[bytes]:
    from common.redis_client import shared_redis

    return list(shared_redis().scan_iter("pz:rl:dossier-lookup-*"))


def test_a_revoked_token_s_lookup_is_refused_exactly_as_before_and_counts_nothing(api, stolen):
    response = lookup(api, stolen["second"])
    assert response.status_code == 401
    assert "thu hồi" in response.json()["message"] and response["WWW-Authenticate"].startswith("Bearer")
    assert rate_limit_keys() == []  # refused before any limit was counted


@pytest.mark.parametrize("body", [{"code": "HS-0001", "verifier": "12"}, {"code": "HS 0001 ;", "verifier": "1234"}, {}])
def test_a_revoked_token_with_bad_input_gets_the_401_not_the_400(api, stolen, body):
    response = lookup_body(api, stolen["second"], body)
    assert response.status_code == 401 and "thu hồi" in response.json()["message"]
    assert lookup_body(api, sign_in(api, "fake-citizen-9"), body).status_code == 400  # a live token: the 400


def test_with_the_two_redis_roles_apart_the_revocation_is_checked_on_its_own(api, stolen, settings, monkeypatch):
    assert tokens.revoked_family_key("x") == "pz:citizens:revoked-family:x"  # one Redis for both roles
    settings.REDIS_BROKER_URL = "redis://broker.invalid:6379/0"
    assert tokens.revoked_family_key("x") is None  # apart: the lookup cannot check it in its own call
    settings.REDIS_BROKER_URL = settings.REDIS_CACHE_URL
    monkeypatch.setattr(tokens, "revoked_family_key", lambda family: None)  # as if apart, Redis reachable
    assert lookup(api, stolen["second"]).status_code == 401
    assert rate_limit_keys() == []
    live = sign_in(api, "fake-citizen-9")
    assert lookup(api, live).status_code == 404  # no such dossier: a live token is looked up and counted
    assert rate_limit_keys() != []


def test_a_live_token_s_lookup_makes_one_redis_call(api, fake_zalo, db, monkeypatch):
    session = sign_in(api)
    assert lookup(api, session).status_code == 404  # warm: the token is verified and remembered
    calls = []
    original = redis.connection.AbstractConnection.send_command

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[0])
        return original(self, *args, **kwargs)

    # Counted where every command goes out (the rate limit's script skips the client's execute_command).
    monkeypatch.setattr(redis.connection.AbstractConnection, "send_command", counting)
    assert lookup(api, session).status_code == 404
    assert calls == ["EVALSHA"]


def test_when_redis_cannot_say_a_lookup_is_refused_busy(api, fake_zalo, db, monkeypatch):
    session = sign_in(api)
    assert lookup(api, session).status_code == 404
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, socket_timeout=0.2)
    monkeypatch.setattr(tokens, "durable_redis", lambda: dead)
    monkeypatch.setattr("common.ratelimit.shared_redis", lambda: dead)
    for body in ({"code": "HS-0001", "verifier": "1234"}, {"code": "HS-0001", "verifier": "12"}):
        response = lookup_body(api, session, body)
        assert response.status_code == 429 and response.json()["message"].startswith("Hệ thống tạm thời bận")
