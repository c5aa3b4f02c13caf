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
    url = settings.REDIS_URL
    if not url:
        return CheckResult(True, "không dùng (chế độ nhúng)")
    client = redis.Redis.from_url(
        url, socket_connect_timeout=settings.REDIS_TIMEOUT_SECONDS, socket_timeout=settings.REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        return CheckResult(False, f"Không kết nối được Redis ({type(exc).__name__}).")
    finally:
        client.close()
    return CheckResult(True, "ping")
