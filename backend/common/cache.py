"""Response caching for public, read-mostly catalogue endpoints (units, later procedures).

A cached entry is the rendered JSON of a 200 response, keyed by the path and the sorted query
string, inside one Redis hash per namespace. Any committed write to the namespace's models bumps the
namespace's generation and drops the hash (see `invalidate_on_change`); an entry is stored only if
the generation it was computed under is still current, so a reader that raced a writer can never
park stale data. A hit costs one Redis round trip. If Redis is unreachable the view simply runs.
In the embedded mode (no Redis) the same logic runs on Django's local-memory cache.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

import redis
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from common.public_url import public_base
from common.redis_client import shared_redis

logger = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 300

# Store `value` under `field` only if the generation is still the one the value was computed under.
_SET_IF_CURRENT = """
if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  return 1
end
return 0
"""
# Bump the generation and drop every entry of the namespace, atomically.
_INVALIDATE = """
redis.call('INCR', KEYS[1])
redis.call('DEL', KEYS[2])
return 1
"""


def _keys(namespace: str) -> tuple[str, str]:
    prefix = f"pz:apicache:{namespace}"
    return f"{prefix}:gen", f"{prefix}:data"


def _lookup(namespace: str, field: str) -> tuple[str, bytes | None]:
    gen_key, data_key = _keys(namespace)
    client = shared_redis()
    if client is None:
        generation = str(cache.get(gen_key, 0))
        return generation, cache.get(f"{data_key}:{generation}:{field}")
    pipe = client.pipeline(transaction=False)
    pipe.get(gen_key)
    pipe.hget(data_key, field)
    generation, value = pipe.execute()
    return (generation or b"0").decode(), value


def _store(namespace: str, generation: str, field: str, value: bytes, ttl: int) -> None:
    gen_key, data_key = _keys(namespace)
    client = shared_redis()
    if client is None:
        cache.set(f"{data_key}:{generation}:{field}", value, timeout=ttl)
        return
    client.eval(_SET_IF_CURRENT, 2, gen_key, data_key, generation, field, value, ttl)


# One request computes a missing answer while the others asking for the same one wait for it (the tail after an
# expiry or a write: a search that misses costs tens of milliseconds, and a popular one is asked by several clients
# in that time). A waiter polls for at most LEAD_WAIT_SECONDS, then computes the answer itself; the lead expires on
# its own after LEAD_SECONDS if its holder dies. Nothing is served that a miss would not serve: a waiter takes only
# an entry stored under the generation it read, as any reader would.
LEAD_SECONDS = 5
LEAD_WAIT_SECONDS = 1.0
LEAD_POLL_SECONDS = 0.01


def _lead_key(namespace: str, field: str) -> str:
    return f"pz:apicache:{namespace}:lead:{field}"


def _lead(namespace: str, field: str) -> bool:
    """Whether this request computes the answer (no other request is computing it now)."""
    key = _lead_key(namespace, field)
    try:
        client = shared_redis()
        if client is None:
            return bool(cache.add(key, 1, timeout=LEAD_SECONDS))
        return bool(client.set(key, 1, nx=True, ex=LEAD_SECONDS))
    except redis.RedisError:
        return True  # no coordination without Redis: compute, as before


def _unlead(namespace: str, field: str) -> None:
    key = _lead_key(namespace, field)
    try:
        client = shared_redis()
        if client is None:
            cache.delete(key)
        else:
            client.delete(key)
    except redis.RedisError:
        pass  # it expires by itself


def _wait_for(namespace: str, generation: str, field: str) -> bytes | None:
    """The entry another request is computing, once stored under `generation`; None if it does not come in time."""
    deadline = time.monotonic() + LEAD_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(LEAD_POLL_SECONDS)
        try:
            current, hit = _lookup(namespace, field)
        except redis.RedisError:
            return None
        if current != generation:
            return None  # a write came in meanwhile: compute under the new generation
        if hit is not None:
            return hit
        if not _lead_held(namespace, field):
            return None  # the leader stored nothing (an error, a non-200 answer): compute
    return None


def _lead_held(namespace: str, field: str) -> bool:
    key = _lead_key(namespace, field)
    try:
        client = shared_redis()
        return cache.get(key) is not None if client is None else bool(client.exists(key))
    except redis.RedisError:
        return False


def invalidate_namespace(namespace: str) -> None:
    gen_key, data_key = _keys(namespace)

    def invalidate() -> None:
        try:
            client = shared_redis()
            if client is None:
                try:
                    cache.incr(gen_key)
                except ValueError:
                    cache.set(gen_key, 1, timeout=None)
            else:
                client.eval(_INVALIDATE, 2, gen_key, data_key)
        except redis.RedisError:
            logger.warning("API cache unavailable (invalidate %s)", namespace)

    # After commit: a reader must not cache the old rows after the bump.
    transaction.on_commit(invalidate)


def invalidate_on_change(namespace: str, models: Iterable[type[Model]]) -> None:
    """Invalidate the namespace whenever one of `models` is saved or deleted (bulk writes must call
    `invalidate_namespace` themselves: they send no signals)."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                lambda sender, **kwargs: invalidate_namespace(namespace),
                sender=model,
                weak=False,
                dispatch_uid=f"apicache-{namespace}-{model._meta.label}-{signal is post_save}",
            )


def cached_get(namespace: str, ttl: int = DEFAULT_TTL_SECONDS) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate an APIView's `get` so identical requests are answered from the cache."""

    def decorator(get: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(get)
        def wrapper(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            query = urlencode(sorted(request.query_params.lists()), doseq=True)
            # The public base is part of the key: answers carry absolute file addresses (common/public_url.py).
            field = hashlib.sha256(f"{public_base(request)}{request.path}?{query}".encode()).hexdigest()
            try:
                generation, hit = _lookup(namespace, field)
            except redis.RedisError:
                logger.warning("API cache unavailable (read %s)", namespace)
                return get(self, request, *args, **kwargs)
            if hit is not None:
                return HttpResponse(hit, content_type="application/json")
            leader = _lead(namespace, field)
            if not leader:  # the same answer is being computed by another request: wait for it, briefly
                hit = _wait_for(namespace, generation, field)
                if hit is not None:
                    return HttpResponse(hit, content_type="application/json")
            try:
                response = get(self, request, *args, **kwargs)
                if response.status_code == 200:
                    response = self.finalize_response(request, response, *args, **kwargs)
                    response.render()
                    try:
                        _store(namespace, generation, field, response.content, ttl)
                    except redis.RedisError:
                        logger.warning("API cache unavailable (store %s)", namespace)
            finally:
                if leader:
                    _unlead(namespace, field)
            return response

        return wrapper

    return decorator
