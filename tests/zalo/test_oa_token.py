"""The OA token: refreshed once however many callers see it expire (the refresh token is single-use)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from common.crypto import decrypt_text
from zalo import oa_token
from zalo.client import OATokens
from zalo.models import OfficialAccount


@pytest.fixture
def stored(db, fake_zalo):
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))
    return fake_zalo


def test_tokens_are_encrypted_at_rest(stored):
    row = OfficialAccount.objects.get()
    assert "fake-oa" not in row.access_token_encrypted + row.refresh_token_encrypted
    assert decrypt_text(row.refresh_token_encrypted) == "fake-oa-refresh-initial"
    assert oa_token.oa_access_token() == "fake-oa-access-initial"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_refreshes_make_one_call_to_zalo(fake_zalo):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))
    fake_zalo.inject("oa_token", delay=0.5)  # keep the first refresh in flight while the second arrives
    results, errors = [], []

    def refresh():
        try:
            results.append(oa_token.oa_token_refresh(seen_access_token="fake-oa-access-initial"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(fake_zalo.requests("oa_token")) == 1
    assert len(set(results)) == 1 and results[0].startswith("fake-oa-access-")
    assert oa_token.oa_access_token() == results[0]


def test_a_rejected_refresh_token_flags_the_oa_for_reauthorisation(stored):
    oa_token.oa_token_refresh()  # spends the initial refresh token
    row = OfficialAccount.objects.get()
    from common.crypto import encrypt_text

    row.refresh_token_encrypted = encrypt_text("fake-oa-refresh-initial")  # already used at the fake
    row.save()
    with pytest.raises(oa_token.OATokenUnavailable):
        oa_token.oa_token_refresh()
    assert OfficialAccount.objects.get().needs_authorization is True


def test_beat_refreshes_only_when_expiry_is_near(stored):
    assert oa_token.oa_token_refresh_if_expiring() is False
    OfficialAccount.objects.update(expires_at=timezone.now() + timedelta(hours=1))
    assert oa_token.oa_token_refresh_if_expiring() is True
    assert len(stored.requests("oa_token")) == 1
