"""kombu's Redis transports with one Redis client per channel instead of one per published message.

kombu's Redis channel builds a new `redis.Redis` for every message it publishes (`conn_or_acquire` without a
client); the connection itself comes from the channel's pool and is reused, but building the client object costs
more than the LPUSH it sends (redis-py rebuilds its response-callback table each time: common/redis_client.py says
the same of Django's cache backend). A web request that enqueues a notification paid that on every publish.

Here each channel keeps the client it built and hands it out again while the channel's pool is the same one (kombu
drops the pool when the channel closes or its connection is lost, and a new pool gets a new client). A redis-py
client is safe to share: each command takes a connection from the pool and gives it back. Nothing else changes:
same pool, same connections, same commands, same failover through the Sentinels.

`transports_register()` (config/celery.py, where the Celery app is built) makes them what the redis://, rediss://
and sentinel:// schemes name, so whichever broker URL is configured, or set later (a test's Sentinel), gets them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kombu import transport as kombu_transport
from kombu.transport import redis as kombu_redis


class _ClientReuse:
    """Mixin for kombu's Redis channels: `conn_or_acquire()` without a client yields the channel's own client."""

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


class SentinelChannel(_ClientReuse, kombu_redis.SentinelChannel):
    pass


class Transport(kombu_redis.Transport):
    Channel = Channel


class SentinelTransport(kombu_redis.SentinelTransport):
    Channel = SentinelChannel


def transports_register() -> None:
    """Make kombu's Redis URL schemes name the transports above (kombu resolves a scheme through this table)."""
    kombu_transport.TRANSPORT_ALIASES.update(
        redis="common.broker:Transport", rediss="common.broker:Transport", sentinel="common.broker:SentinelTransport"
    )
