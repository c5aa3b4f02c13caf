"""The rate limits' Lua scripts run on a pooled connection directly (common/ratelimit.py `_run`), not through
redis-py's Script call: what that call did for them must still happen, against the real Redis."""

from __future__ import annotations

import pytest
import redis

from common import ratelimit
from common.redis_client import shared_redis

LIMIT = ratelimit.Limit("test-script-run", 3, 60)


@pytest.fixture
def client():
    client = shared_redis()
    if client is None:
        pytest.skip("needs Redis (REDIS_URL)")
    keys = [ratelimit._key(LIMIT, f"k{n}") for n in range(3)]
    client.delete(*keys)
    yield client
    client.delete(*keys)


def test_a_script_the_server_forgot_is_loaded_again(client):
    assert ratelimit.hit_chain([(LIMIT, "k0")]) == (None, 0)
    client.script_flush()  # a restarted server, or a failover to a replica that never saw it
    assert ratelimit.hit_chain([(LIMIT, "k0")]) == (None, 0)
    assert ratelimit.hit(LIMIT, "k0")[0] is True  # the third attempt of three
    refused, retry_after = ratelimit.hit_chain([(LIMIT, "k0")])
    assert refused == LIMIT and 0 < retry_after <= 60


def test_a_connection_the_server_closed_is_replaced_without_losing_the_count(client):
    assert ratelimit.hit_chain([(LIMIT, "k1")]) == (None, 0)
    pooled = client.connection_pool.get_connection()
    pooled.send_command("CLIENT", "ID")
    connection_id = pooled.read_response()
    client.connection_pool.release(pooled)
    killer = redis.Redis(connection_pool=redis.ConnectionPool(**client.connection_pool.connection_kwargs))
    assert killer.client_kill_filter(_id=connection_id) == 1
    killer.close()
    assert ratelimit.hit_chain([(LIMIT, "k1")]) == (None, 0)  # on a new connection
    assert int(client.get(ratelimit._key(LIMIT, "k1"))) == 2  # counted once each, never twice


def test_a_refund_never_goes_below_zero_and_a_wrong_script_is_an_error(client):
    ratelimit.refund(LIMIT, "k2")  # nothing counted: nothing to give back
    assert client.get(ratelimit._key(LIMIT, "k2")) is None
    with pytest.raises(redis.ResponseError):
        ratelimit._run(client, "return redis.call('NO-SUCH-COMMAND')", [], [])
    assert ratelimit.hit_chain([(LIMIT, "k2")]) == (None, 0)  # the connection is still in step
