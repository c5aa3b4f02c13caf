"""Redis by role and Django's caches on it; without Redis (embedded) local memory caches.

REDIS_URL is the one Redis of a single-server install. Several servers split it by role (docs/huong-dan-van-hanh.md,
"Nhiều máy chủ"): REDIS_BROKER_URL, the durable one (`noeviction`: Celery's queues, revoked sign-ins, replay guards),
and REDIS_CACHE_URL (`allkeys-lru`: response cache, rate limits, short-lived values). Both default to REDIS_URL.
Either may be a Sentinel URL (sentinel://host:26379;sentinel://host2:26379, common/redis_client.py) with the
primary's name in REDIS_BROKER_SENTINEL_MASTER / REDIS_CACHE_SENTINEL_MASTER.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import env_float, env_secret, env_str
from config.settings.base import PRODUCTION

REDIS_URL = env_str("REDIS_URL", "")
REDIS_BROKER_URL = env_str("REDIS_BROKER_URL", REDIS_URL)
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL", REDIS_URL)
if PRODUCTION and not (REDIS_BROKER_URL and REDIS_CACHE_URL):
    raise ImproperlyConfigured(
        "Thiếu biến môi trường bắt buộc REDIS_URL (missing required environment variable REDIS_URL), "
        "hoặc cả hai REDIS_BROKER_URL và REDIS_CACHE_URL."
    )
if bool(REDIS_BROKER_URL) != bool(REDIS_CACHE_URL):
    raise ImproperlyConfigured("Đặt cả REDIS_BROKER_URL và REDIS_CACHE_URL (hoặc REDIS_URL cho cả hai).")
REDIS_BROKER_SENTINEL_MASTER = env_str("REDIS_BROKER_SENTINEL_MASTER", "policezalo-broker")
REDIS_CACHE_SENTINEL_MASTER = env_str("REDIS_CACHE_SENTINEL_MASTER", "policezalo-cache")
# The Sentinels' own password (their `requirepass`), if they have one; the primaries' is in the URLs.
REDIS_SENTINEL_PASSWORD = env_secret("REDIS_SENTINEL_PASSWORD", "")
REDIS_TIMEOUT_SECONDS = env_float("REDIS_TIMEOUT_SECONDS", 2.0)


def _redis_cache(url: str, master: str) -> dict[str, Any]:
    options: dict[str, Any] = {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS}
    location: Any = url
    if url.startswith("sentinel://"):
        # One LOCATION (Django splits a string at ";"): the pool asks the Sentinels for the primary.
        location = [url]
        options.update(pool_class="common.redis_client.SentinelPool", master_name=master)
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": "pz",
        "OPTIONS": options,
    }


if REDIS_CACHE_URL:
    # "durable": values that must not be evicted (sync push replay guard), on the broker's Redis.
    CACHES = {
        "default": _redis_cache(REDIS_CACHE_URL, REDIS_CACHE_SENTINEL_MASTER),
        "durable": _redis_cache(REDIS_BROKER_URL, REDIS_BROKER_SENTINEL_MASTER),
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "durable": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "durable"},
    }
