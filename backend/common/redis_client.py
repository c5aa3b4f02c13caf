"""One long-lived Redis client per process for our own keys (API cache, rate limits).

Creating a redis-py client per call costs more than the call itself (it rebuilds its callback table),
which is what Django's cache backend does on every operation.
"""

from __future__ import annotations

import redis
from django.conf import settings

from common.process_cache import process_cache

_clients = process_cache("common.redis_client")


def shared_redis() -> redis.Redis | None:
    """None in the embedded mode (no REDIS_URL): callers fall back to Django's local cache."""
    if not settings.REDIS_URL:
        return None
    return _clients.get_or_create(
        settings.REDIS_URL,
        lambda: redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=settings.REDIS_TIMEOUT_SECONDS,
            socket_timeout=settings.REDIS_TIMEOUT_SECONDS,
        ),
    )
