"""Exactly one beat, however many are started: a PostgreSQL advisory lock held by the scheduler.

Every beat process runs `SingleBeatScheduler` (settings.CELERY_BEAT_SCHEDULER). Before each tick it makes sure it
holds a session-level advisory lock on its own connection: the holder schedules, every other beat waits and tries
again every BEAT_STANDBY_SECONDS. The lock lives as long as the holder's connection, so when the holder's process or
container dies PostgreSQL releases it and a waiting beat takes over within a few seconds, re-reading the schedule
(with the last run times the holder saved) from the database so nothing due is sent twice or skipped.

The lock needs a session that stays with one server connection: BEAT_LOCK_DATABASE_URL goes straight to
PostgreSQL, never through a PgBouncer in transaction mode (which would hand the session to another client).
Without PostgreSQL (the embedded mode's SQLite) there is only ever one process, and it schedules.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

# Any constant shared by every beat of this installation: "pzbeat" in ASCII.
BEAT_LOCK_KEY = 0x707A62656174


class AdvisoryLock:
    """A session-level PostgreSQL advisory lock on a connection of its own (not Django's, which closes and reopens
    its connections as it likes)."""

    def __init__(self, database: dict[str, Any], key: int = BEAT_LOCK_KEY):
        self.database = database
        self.key = key
        self.connection: Any = None

    def _connect(self) -> Any:
        import psycopg2

        options = self.database.get("OPTIONS") or {}
        return psycopg2.connect(
            dbname=self.database["NAME"],
            user=self.database.get("USER") or None,
            password=self.database.get("PASSWORD") or None,
            host=self.database.get("HOST") or None,
            port=self.database.get("PORT") or None,
            connect_timeout=options.get("connect_timeout", 5),
            application_name="policezalo-beat-lock",
            # A holder whose host vanished is noticed by the server within about a minute and its lock released.
            keepalives=1,
            keepalives_idle=15,
            keepalives_interval=5,
            keepalives_count=3,
        )

    def held(self) -> bool:
        """True while this process holds the lock: checks the connection is alive, takes the lock if it is free."""
        try:
            if self.connection is not None:
                with self.connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
                return True
            self.connection = self._connect()
            self.connection.autocommit = True
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
                taken = bool(cursor.fetchone()[0])
            if not taken:
                self.release()
            return taken
        except Exception:  # noqa: BLE001 - a lost or refused connection means "not holding"; tried again later
            logger.warning("beat: không kết nối được PostgreSQL để giữ khóa lập lịch", exc_info=True)
            self.release()
            return False

    def release(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()  # closing the session releases the lock
            except Exception:  # noqa: BLE001, S110 - already gone
                pass


def lock_database() -> dict[str, Any] | None:
    """The connection settings the lock uses, or None when the database is not PostgreSQL."""
    database = settings.BEAT_LOCK_DATABASE or settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"] and database["ENGINE"] != "common.postgresql":
        return None
    return database


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, active only in the beat that holds the advisory lock."""

    def __init__(self, *args: Any, **kwargs: Any):
        database = lock_database()
        self.lock = AdvisoryLock(database) if database is not None else None
        self.leading = self.lock is None
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if self.lock is not None:
            holding = self.lock.held()
            if holding and not self.leading:
                logger.info("beat: giữ khóa lập lịch, bắt đầu gửi tác vụ định kỳ")
                # Re-read the schedule: the previous holder saved each task's last run in the database.
                self._initial_read = True
                self._heap = None
            elif not holding and self.leading:
                logger.warning("beat: mất khóa lập lịch, chuyển sang chờ")
            elif not holding and not getattr(self, "_said_standby", False):
                logger.info("beat: một beat khác đang lập lịch; beat này chờ (dự phòng)")
                self._said_standby = True
            self.leading = holding
            if not holding:
                return float(settings.BEAT_STANDBY_SECONDS)
        return super().tick(*args, **kwargs)

    def close(self) -> None:
        super().close()
        if self.lock is not None:
            self.lock.release()
