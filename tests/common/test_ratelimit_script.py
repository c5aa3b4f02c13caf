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
    keys = [ratelimit._key(LIMIT, f"k{n}") for n in range(4)]
    client.delete(*keys)
    yield client
    client.delete(*keys)


def _script_connection_id(client) -> int:
    """The id the server gave the connection the scripts run on (the one idle connection after a call)."""
    idle = ratelimit._idle[id(client.connection_pool)][1]
    assert len(idle) == 1
    idle[0].send_command("CLIENT", "ID")
    return idle[0].read_response()


def test_a_script_the_server_forgot_is_loaded_again(client):
    assert ratelimit.hit_chain([(LIMIT, "k0")]) == (None, 0)
    client.script_flush()  # a restarted server, or a failover to a replica that never saw it
    assert ratelimit.hit_chain([(LIMIT, "k0")]) == (None, 0)
    assert ratelimit.hit(LIMIT, "k0")[0] is True  # the third attempt of three
    refused, retry_after = ratelimit.hit_chain([(LIMIT, "k0")])
    assert refused == LIMIT and 0 < retry_after <= 60


def test_a_connection_the_server_closed_is_replaced_without_losing_the_count(client):
    assert ratelimit.hit_chain([(LIMIT, "k1")]) == (None, 0)
    connection_id = _script_connection_id(client)
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


def test_the_scripts_reuse_one_connection_and_an_interrupted_call_drops_it(client, monkeypatch):
    assert ratelimit.hit_chain([(LIMIT, "k2")]) == (None, 0)
    first = _script_connection_id(client)
    for _ in range(2):
        ratelimit.refund(LIMIT, "k3")  # nothing counted there: nothing changes
    assert _script_connection_id(client) == first  # calls one after another: the same connection

    connection = ratelimit._idle[id(client.connection_pool)][1][0]
    real_read = type(connection).read_response

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt  # e.g. a worker told to stop while the reply was on its way

    monkeypatch.setattr(type(connection), "read_response", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ratelimit.hit_chain([(LIMIT, "k2")])
    monkeypatch.setattr(type(connection), "read_response", real_read)
    # The unread reply went with the socket: the next call gets its own answer, on a new connection.
    assert ratelimit.hit_chain([(LIMIT, "k2")]) == (None, 0)
    assert _script_connection_id(client) != first
    # The interrupted call had reached the server (counted there), and was not sent again: 3, not 4.
    assert int(client.get(ratelimit._key(LIMIT, "k2"))) == 3


def test_a_forked_child_opens_its_own_connection(client):
    import os

    assert ratelimit.hit_chain([(LIMIT, "k0")]) == (None, 0)
    parent = _script_connection_id(client)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a call of its own, then its connection's id to the parent
        code = 1
        try:
            ratelimit.hit_chain([(LIMIT, "k0")])
            os.write(write, str(_script_connection_id(client)).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    child = os.read(read, 64).decode()
    os.close(read)
    assert os.waitpid(pid, 0)[1] == 0
    assert child and int(child) != parent
    assert _script_connection_id(client) == parent  # the parent's connection is untouched
    assert int(client.get(ratelimit._key(LIMIT, "k0"))) == 2
