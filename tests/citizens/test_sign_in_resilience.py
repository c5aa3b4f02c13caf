"""A slow or failing Zalo cannot hold the web workers (citizens/services.py): the sign-in's call to Zalo has its own
short timeout, Zalo's answer is kept per access token (under a keyed hash, never the token), and a circuit breaker
answers at once while Zalo keeps failing. Against the fake Zalo over real HTTP."""

from __future__ import annotations

import time

from django.core.cache import cache

from common.redis_client import shared_redis
from tests.citizens.test_sign_in import sign_in


def test_a_token_zalo_confirmed_is_not_asked_again_and_is_never_a_key(api, fake_zalo, db, settings):
    token = "fake-citizen-cached-1"
    assert sign_in(api, token).status_code == 200
    assert sign_in(api, token).status_code == 200
    assert len(fake_zalo.requests("me")) == 1
    client = shared_redis()
    assert client is not None
    keys = [key.decode() for key in client.keys("*")]
    assert any("zalo-sign-in:user:" in key for key in keys)
    assert not any(token in key for key in keys)  # a keyed hash of it, never the token
    assert all(token.encode() not in (client.dump(key) or b"") for key in client.keys("*"))
    settings.ZALO_SIGN_IN_CACHE_SECONDS = 1
    cache.clear()
    assert sign_in(api, token).status_code == 200
    assert len(fake_zalo.requests("me")) == 2  # forgotten: Zalo is asked again


def test_the_sign_in_waits_for_zalo_no_longer_than_its_own_timeout(api, fake_zalo, db, settings):
    settings.ZALO_SIGN_IN_TIMEOUT_SECONDS = 0.5
    settings.ZALO_READ_TIMEOUT = 15
    fake_zalo.inject("me", delay=3.0)
    started = time.monotonic()
    response = sign_in(api, "fake-citizen-slow-1")
    assert response.status_code == 503 and response.json()["code"] == "zalo_unavailable"
    assert time.monotonic() - started < 2.5


def test_after_failures_in_a_row_sign_ins_are_refused_at_once_then_zalo_is_tried_again(api, fake_zalo, db, settings):
    settings.ZALO_SIGN_IN_BREAKER_FAILURES = 3
    settings.ZALO_SIGN_IN_BREAKER_SECONDS = 1
    fake_zalo.inject("me", status=503, times=3)
    for n in range(3):
        assert sign_in(api, f"fake-citizen-breaker-{n}").status_code == 503
    asked = len(fake_zalo.requests("me"))
    refused = sign_in(api, "fake-citizen-breaker-9")
    assert refused.status_code == 503 and refused.json()["code"] == "zalo_unavailable"
    assert len(fake_zalo.requests("me")) == asked  # open: Zalo was not asked
    time.sleep(1.1)
    assert sign_in(api, "fake-citizen-breaker-9").status_code == 200  # the pause is over: Zalo answers again
    assert len(fake_zalo.requests("me")) == asked + 1


def test_a_confirmed_token_signs_in_while_the_breaker_is_open(api, fake_zalo, db, settings):
    settings.ZALO_SIGN_IN_BREAKER_FAILURES = 1
    settings.ZALO_SIGN_IN_BREAKER_SECONDS = 60
    assert sign_in(api, "fake-citizen-known-1").status_code == 200
    fake_zalo.inject("me", status=503)
    assert sign_in(api, "fake-citizen-new-1").status_code == 503  # opens the breaker
    assert sign_in(api, "fake-citizen-new-2").status_code == 503
    assert sign_in(api, "fake-citizen-known-1").status_code == 200
