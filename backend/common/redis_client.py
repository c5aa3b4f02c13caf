"""Long-lived Redis clients per process for our own keys, one per role, each reached directly or through Sentinel.

Two roles (docs/huong-dan-van-hanh.md, "Nhiều máy chủ"): the cache (REDIS_CACHE_URL: API cache, rate limits; may
evict, `allkeys-lru`) and the durable store (REDIS_BROKER_URL: Celery's queues and the few keys of ours that must not
be evicted, such as revoked token families; `noeviction`). Both default to REDIS_URL, one Redis as before.

A URL is either redis://… / rediss://… (one server), or, for Redis Sentinel, Celery's form
`sentinel://[:password@]host:26379[/db];sentinel://host2:26379;…` with the master's name in a setting: the clients
ask the Sentinels for the current primary and follow a failover by themselves.

Creating a redis-py client per call costs more than the call itself (it rebuilds its callback table), which is what
Django's cache backend does on every operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import redis
from django.conf import settings
from redis.sentinel import Sentinel, SentinelConnectionPool

from common.process_cache import process_cache

_clients = process_cache("common.redis_client")


@dataclass(frozen=True)
class SentinelAddress:
    sentinels: tuple[tuple[str, int], ...]
    password: str | None
    db: int


def is_sentinel(url: str) -> bool:
    return url.startswith("sentinel://")


def sentinel_address(url: str) -> SentinelAddress:
    """The Sentinels, the primary's password and the database number of a `sentinel://…;sentinel://…` URL."""
    sentinels: list[tuple[str, int]] = []
    password: str | None = None
    db = 0
    for index, part in enumerate(p for p in url.split(";") if p.strip()):
        parts = urlsplit(part.strip())
        if parts.scheme != "sentinel" or not parts.hostname:
            raise ValueError("not a sentinel:// URL")
        sentinels.append((parts.hostname, parts.port or 26379))
        if index == 0:
            password = unquote(parts.password) if parts.password else None
            path = parts.path.strip("/")
            db = int(path) if path.isdigit() else 0
    return SentinelAddress(tuple(sentinels), password, db)


def _sentinel_pool(url: str, master: str, **options: Any) -> SentinelConnectionPool:
    address = sentinel_address(url)
    sentinel_kwargs: dict[str, Any] = {
        key: options[key] for key in ("socket_connect_timeout", "socket_timeout") if key in options
    }
    if settings.REDIS_SENTINEL_PASSWORD:
        sentinel_kwargs["password"] = settings.REDIS_SENTINEL_PASSWORD
    manager = Sentinel(list(address.sentinels), sentinel_kwargs=sentinel_kwargs)
    return SentinelConnectionPool(master, manager, db=address.db, password=address.password, **options)


class SentinelPool:
    """For Django's Redis cache backend (OPTIONS "pool_class"): a pool that asks the Sentinels for the primary."""

    @classmethod
    def from_url(cls, url: str, *, master_name: str, **options: Any) -> SentinelConnectionPool:
        options.pop("parser_class", None)
        return _sentinel_pool(url, master_name, **options)


def redis_for(url: str, master: str) -> redis.Redis:
    """A new client for `url` (a Sentinel URL: the current primary of `master`), with the project's timeouts."""
    timeouts = {
        "socket_connect_timeout": settings.REDIS_TIMEOUT_SECONDS,
        "socket_timeout": settings.REDIS_TIMEOUT_SECONDS,
    }
    if is_sentinel(url):
        return redis.Redis(connection_pool=_sentinel_pool(url, master, **timeouts))
    return redis.Redis.from_url(url, **timeouts)


def shared_redis() -> redis.Redis | None:
    """The cache role's client (API cache, rate limits). None in the embedded mode (no Redis): callers fall back to
    Django's local cache."""
    url = settings.REDIS_CACHE_URL
    if not url:
        return None
    return _clients.get_or_create(("cache", url), lambda: redis_for(url, settings.REDIS_CACHE_SENTINEL_MASTER))


def durable_redis() -> redis.Redis | None:
    """The durable role's client (the broker's Redis, never evicting): keys that must outlive memory pressure.
    None in the embedded mode."""
    url = settings.REDIS_BROKER_URL
    if not url:
        return None
    return _clients.get_or_create(("durable", url), lambda: redis_for(url, settings.REDIS_BROKER_SENTINEL_MASTER))
