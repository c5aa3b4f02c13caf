"""A missing cached answer is computed by one request while the others asking for it wait (common/cache.py): they
take the entry it stores, and compute it themselves when it stores nothing, a write intervened or it takes too long."""

from __future__ import annotations

import threading
import time

import pytest

from common import cache as api_cache


def store_later(generation: str, value: bytes, delay: float = 0.05) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        api_cache._store("t", generation, "f", value, 60)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db
def test_one_request_leads_until_it_is_done():
    assert api_cache._lead("t", "f") is True
    assert api_cache._lead("t", "f") is False  # another request: it waits
    api_cache._unlead("t", "f")
    assert api_cache._lead("t", "f") is True


@pytest.mark.django_db
def test_a_waiter_takes_the_entry_the_leader_stores():
    generation, hit = api_cache._lookup("t", "f")
    assert hit is None and api_cache._lead("t", "f")
    thread = store_later(generation, b'{"count":1}')
    assert api_cache._wait_for("t", generation, "f") == b'{"count":1}'
    thread.join()


@pytest.mark.django_db
def test_a_waiter_computes_itself_when_the_leader_stores_nothing():
    generation, _ = api_cache._lookup("t", "f")
    api_cache._lead("t", "f")
    api_cache._unlead("t", "f")  # the leader's answer was an error: nothing stored
    started = time.monotonic()
    assert api_cache._wait_for("t", generation, "f") is None
    assert time.monotonic() - started < api_cache.LEAD_WAIT_SECONDS / 2


@pytest.mark.django_db
def test_a_waiter_never_takes_an_entry_of_an_older_generation(django_capture_on_commit_callbacks):
    generation, _ = api_cache._lookup("t", "f")
    api_cache._lead("t", "f")
    with django_capture_on_commit_callbacks(execute=True):
        api_cache.invalidate_namespace("t")  # a write: the generation moves on
    assert api_cache._wait_for("t", generation, "f") is None


@pytest.mark.django_db
def test_a_waiter_gives_up_after_the_wait(monkeypatch):
    monkeypatch.setattr(api_cache, "LEAD_WAIT_SECONDS", 0.1)
    generation, _ = api_cache._lookup("t", "f")
    api_cache._lead("t", "f")  # a leader that never finishes
    assert api_cache._wait_for("t", generation, "f") is None


def test_a_request_that_waited_in_vain_answers_as_usual(api, tree, monkeypatch):
    first = api.get("/api/v1/units/?search=dong tam").content
    from common.redis_client import shared_redis

    shared_redis().delete("pz:apicache:units:data")  # a miss again
    monkeypatch.setattr(api_cache, "_lead", lambda namespace, field: False)  # someone else "leads", stores nothing
    monkeypatch.setattr(api_cache, "LEAD_WAIT_SECONDS", 0.05)
    assert api.get("/api/v1/units/?search=dong tam").content == first
