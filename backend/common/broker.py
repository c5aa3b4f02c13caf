"""kombu's Redis transport with one Redis client per channel instead of one per published message.

kombu's Redis channel builds a new `redis.Redis` for every message it publishes (`conn_or_acquire` without a
client); the connection itself comes from the channel's pool and is reused, but building the client object costs
more than the LPUSH it sends (redis-py rebuilds its response-callback table each time: common/redis_client.py says
the same of Django's cache backend). A web request that enqueues a notification paid that on every publish.

Here each channel keeps the client it built and hands it out again while the channel's pool is the same one (kombu
drops the pool when the channel closes or its connection is lost, and a new pool gets a new client). A redis-py
client is safe to share: each command takes a connection from the pool and gives it back. Nothing else changes:
same pool, same connections, same commands.

`transports_register()` (config/celery.py, where the Celery app is built) makes the redis:// and rediss:// schemes
name `Transport`, so whichever such broker URL is configured, or set later, gets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu import transport as kombu_transport
from kombu.transport import redis as kombu_redis


class _ClientReuse:
    """For kombu's Redis channel: `conn_or_acquire()` without a client yields the channel's own client."""

    _pz_client: Any = None

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        if client:
            yield client
            return
        pool = self.pool  # type: ignore[attr-defined]
        reused = self._pz_client
        if reused is None or reused.connection_pool is not pool:
            reused = self._pz_client = self._create_client()  # type: ignore[attr-defined]
        yield reused


class Channel(_ClientReuse, kombu_redis.Channel):
    pass


class Transport(kombu_redis.Transport):
    Channel = Channel


def transports_register() -> None:
    """Make kombu's Redis URL schemes name the transports above (kombu resolves a scheme through this table)."""
    # Not sentinel://: with the client kept, publishing after a Sentinel failover did not recover in
    # tests/notifications/test_sentinel_failover.py (not understood yet), so a Sentinel broker keeps kombu's own.
    kombu_transport.TRANSPORT_ALIASES.update(redis="common.broker:Transport", rediss="common.broker:Transport")
