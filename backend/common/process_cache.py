"""Every cache kept in one process's memory, named in one registry.

Some values are read so often that even Redis is too far: verified citizen tokens, notification templates, the
Zalo OA token, the holiday calendar, kept-alive HTTP sessions, the Redis client itself. Each lives in a
`ProcessCache` taken from `process_cache(name)` at import time, so the whole set is known and can be dropped at
once with `forget_all()`: the tests call it before each test (tests/conftest.py), and a Celery worker child calls
it when it starts (config/celery.py), so it opens its own connections instead of sharing its parent's.

A cache here is never the only copy of anything: forgetting it costs a read, never a wrong answer. Registries
that must outlive such a reset (the Zalo webhook's handlers) are not caches and do not belong here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_caches: dict[str, ProcessCache] = {}


class ProcessCache(dict[Any, Any]):
    """A plain dict, plus `get_or_create` for the values built once per process (a session, a client)."""

    def get_or_create(self, key: Any, factory: Callable[[], Any]) -> Any:
        try:
            return self[key]
        except KeyError:
            value = self[key] = factory()
            return value


def process_cache(name: str) -> ProcessCache:
    """The cache registered under `name` ("package.what"), created on first use."""
    return _caches.setdefault(name, ProcessCache())


def forget_all() -> None:
    """Empty every process-local cache: the next use reads again from the database, Redis or settings."""
    for cache in _caches.values():
        cache.clear()


def cache_names() -> list[str]:
    return sorted(_caches)
