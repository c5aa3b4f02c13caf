"""Parallel test workers never share a Redis database (tests/worker_services.py)."""

import pytest

from tests.worker_services import worker_redis_url


def test_each_worker_adds_its_index_to_the_database_number():
    assert worker_redis_url("redis://127.0.0.1:6379/10", "gw0") == "redis://127.0.0.1:6379/10"
    assert worker_redis_url("redis://127.0.0.1:6379/10", "gw1") == "redis://127.0.0.1:6379/11"
    assert worker_redis_url("redis://127.0.0.1:6379", "gw2") == "redis://127.0.0.1:6379/2"
    assert (
        worker_redis_url("redis://:secret@redis:6379/3?protocol=3", "gw1") == "redis://:secret@redis:6379/4?protocol=3"
    )


def test_a_worker_beyond_the_last_database_stops_with_what_to_change():
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        worker_redis_url("redis://127.0.0.1:6379/15", "gw1")
