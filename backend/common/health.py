"""Readiness checks of the services the app cannot work without."""

from __future__ import annotations

from dataclasses import dataclass

import redis
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import Error as DatabaseError


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "detail": self.detail}


def check_database(connection: BaseDatabaseWrapper) -> CheckResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # Drop the broken connection so the next request reconnects.
        connection.close_if_unusable_or_obsolete()
        return CheckResult(False, f"Không kết nối được cơ sở dữ liệu ({type(exc).__name__}).")
    return CheckResult(True, connection.vendor)


def check_redis() -> CheckResult:
    """Both roles (the broker's Redis and the cache's; one server when they are the same URL)."""
    from common.redis_client import redis_for

    if not settings.REDIS_BROKER_URL:
        return CheckResult(True, "không dùng (chế độ nhúng)")
    roles = {settings.REDIS_BROKER_URL: ("hàng đợi", settings.REDIS_BROKER_SENTINEL_MASTER)}
    roles.setdefault(settings.REDIS_CACHE_URL, ("bộ đệm", settings.REDIS_CACHE_SENTINEL_MASTER))
    for url, (role, master) in roles.items():
        client = redis_for(url, master)
        try:
            client.ping()
        except redis.RedisError as exc:
            which = f" {role}" if len(roles) > 1 else ""
            return CheckResult(False, f"Không kết nối được Redis{which} ({type(exc).__name__}).")
        finally:
            client.close()
    return CheckResult(True, "ping")
