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
            response = get(self, request, *args, **kwargs)
            if response.status_code == 200:
                response = self.finalize_response(request, response, *args, **kwargs)
                response.render()
                try:
                    _store(namespace, generation, field, response.content, ttl)
                except redis.RedisError:
                    logger.warning("API cache unavailable (store %s)", namespace)
            return response

        return wrapper

    return decorator
