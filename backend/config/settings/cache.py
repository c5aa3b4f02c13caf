"""Redis (REDIS_URL) and Django's cache on it; without Redis (embedded) a local memory cache."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_float, env_str
from config.settings.base import PRODUCTION

REDIS_URL = env_str("REDIS_URL", None if PRODUCTION else "")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured(
        "Thiếu biến môi trường bắt buộc REDIS_URL (missing required environment variable REDIS_URL)."
    )
REDIS_TIMEOUT_SECONDS = env_float("REDIS_TIMEOUT_SECONDS", 2.0)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pz",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
