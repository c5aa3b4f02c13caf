"""Recording usage events cheaply: an append to a per-process buffer, written in one INSERT later.

A request that records an event pays for a tuple appended to a list. After the response is sent (Django's
`request_finished`) or a Celery task ends, the buffer is written with one bulk INSERT once USAGE_BUFFER_SIZE
events wait or the oldest is USAGE_BUFFER_SECONDS old, and when the process exits. A process killed outright
loses at most that buffer: acceptable for statistics, never for anything a citizen relies on.

Distinct users per day: a visit's key is HMAC-SHA256(day salt, "c:<citizen id>" or "d:<device id>"), cut to
16 hex digits. The day's salt is random, lives only in the cache (never in the database or a log) and is deleted
when the day is counted for good (services.usage_aggregate_day), so the same person on two days gives two
unrelated keys and, once the salt is gone, a key cannot be tied to anyone by anyone. The keys themselves are
blanked at that point too.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import io
import logging
import secrets
import threading
import time
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import connection, transaction
from django.utils import timezone

from usage.models import Kind

logger = logging.getLogger(__name__)

_Event = tuple[date, datetime, str, str, "int | None"]

_buffer: list[_Event] = []
_oldest = 0.0
_lock = threading.Lock()
_salts: dict[date, bytes] = {}

SALT_KEY = "pz:usage:salt:{day}"
SALT_TTL_SECONDS = 3 * 86400  # until the day is counted for good (two days later), with a margin
KEY_MAX = 200


def usage_record(kind: str, *, key: str = "", unit_id: int | None = None, now: datetime | None = None) -> None:
    """Count one event. Never raises, never touches the database or Redis on the caller's path."""
    if not settings.USAGE_ENABLED:
        return
    global _oldest
    # To the hour: the figures need the day, and a time to the second could be matched with something else.
    day, hour = _hour_of(now)
    event = (day, hour, kind, key[:KEY_MAX], unit_id)
    with _lock:
        if not _buffer:
            _oldest = time.monotonic()
        _buffer.append(event)


# The current hour, worked out once an hour: its first second and the next hour's (epoch), (local day, the hour).
# The local day can only change at a full hour: the project's time zone (Asia/Ho_Chi_Minh) is a whole number of
# hours from UTC.
_hour: tuple[float, float, tuple[date, datetime]] = (0.0, 0.0, (date.min, datetime.min))


def _hour_of(now: datetime | None) -> tuple[date, datetime]:
    """(local day, the moment cut to the hour) of `now`, or of this moment (the hot path: no time zone work
    but once an hour)."""
    global _hour
    if now is None:
        epoch = time.time()
        if _hour[0] <= epoch < _hour[1]:
            return _hour[2]
        now = timezone.now()
        hour = now.replace(minute=0, second=0, microsecond=0)
        _hour = (hour.timestamp(), hour.timestamp() + 3600, (timezone.localdate(now), hour))
        return _hour[2]
    return timezone.localdate(now), now.replace(minute=0, second=0, microsecond=0)


def usage_visit(*, citizen_id: int | None, device_id: str, now: datetime | None = None) -> None:
    """One opening of the Mini App, counted towards the day's distinct users by a salted hash (see above)."""
    moment = now or timezone.now()
    identity = f"c:{citizen_id}" if citizen_id else f"d:{device_id}" if device_id else ""
    key = visitor_key(identity, day=timezone.localdate(moment)) if identity else ""
    usage_record(Kind.VISIT, key=key, now=moment)


def visitor_key(identity: str, *, day: date) -> str:
    return hmac.new(_salt(day), identity.encode(), hashlib.sha256).hexdigest()[:16]


def _salt(day: date) -> bytes:
    salt = _salts.get(day)
    if salt is None:
        name = SALT_KEY.format(day=day.isoformat())
        cache.add(name, secrets.token_hex(32), timeout=SALT_TTL_SECONDS)  # the first process of the day sets it
        value = cache.get(name) or secrets.token_hex(32)
        salt = value.encode()
        _salts.clear()  # only today's salt stays in memory
        _salts[day] = salt
    return salt


def salt_discard(day: date) -> None:
    cache.delete(SALT_KEY.format(day=day.isoformat()))
    _salts.pop(day, None)


def usage_flush(*, force: bool = True, quiet: bool = False) -> int:
    """Write the buffered events (all of them, or only when the size or age threshold is reached)."""
    global _buffer
    with _lock:
        if not _buffer:
            return 0
        due = len(_buffer) >= settings.USAGE_BUFFER_SIZE or time.monotonic() - _oldest >= settings.USAGE_BUFFER_SECONDS
        if not (force or due):
            return 0
        batch, _buffer = _buffer, []
    from usage.models import UsageEvent

    try:
        if not force and connection.in_atomic_block:
            # Inside someone's transaction the batch would vanish with its rollback: keep it for later.
            with _lock:
                _buffer = batch + _buffer
            return 0
        _insert(UsageEvent._meta.db_table, batch)
    except Exception:  # noqa: BLE001 - a database error or none reachable at all: the figures lose this batch
        if not quiet:
            logger.warning("usage events not written", extra={"count": len(batch)})
        return 0
    return len(batch)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _insert(table: str, batch: list[_Event]) -> None:
    """Write a batch without a model instance per event (bulk_create's share of a flush was most of a recorded
    request's cost). PostgreSQL: one COPY of text we format (binding ten thousand parameters cost more than the
    server's work); elsewhere one multi-row INSERT per slice, values adapted as the ORM would."""
    columns = "day, occurred_at, kind, key, unit_id"
    if connection.vendor == "postgresql":
        texts: dict[Any, str] = {}  # the few distinct days and hours of a batch, formatted once
        lines = []
        for day, hour, kind, key, unit_id in batch:
            day_text = texts.get(day) or texts.setdefault(day, day.isoformat())
            hour_text = texts.get(hour) or texts.setdefault(hour, hour.isoformat())
            unit = "\\N" if unit_id is None else str(int(unit_id))
            lines.append(
                f"{day_text}\t{hour_text}\t{kind.translate(_COPY_ESCAPES)}\t{key.translate(_COPY_ESCAPES)}\t{unit}\n"
            )
        own = not connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            if own:
                # Figures, not records: a batch may be lost if the database server itself crashes in the next
                # moment (as when this process is killed), so the commit does not wait for the disk. Only in a
                # transaction of our own.
                cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO("".join(lines)))
        return
    ops = connection.ops
    size = 150  # SQLite's limit on parameters per statement
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(batch), size):
            part = batch[start : start + size]
            params: list[Any] = []
            for day, hour, kind, key, unit_id in part:
                params += (ops.adapt_datefield_value(day), ops.adapt_datetimefield_value(hour), kind, key, unit_id)
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(part))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)


def pending() -> int:
    return len(_buffer)


def _flush_when_due(**_: object) -> None:
    if _buffer:
        usage_flush(force=False)


def _flush_at_exit() -> None:
    # The interpreter is going away (its log streams may be closed already): write what can be written, quietly.
    try:
        usage_flush(quiet=True)
    except Exception:  # noqa: BLE001, S110 - nothing else can be done at exit
        pass


def connect_flush_signals() -> None:
    request_finished.connect(_flush_when_due, dispatch_uid="usage-flush")
    from celery.signals import task_postrun

    task_postrun.connect(_flush_when_due, dispatch_uid="usage-flush-task", weak=False)
    atexit.register(_flush_at_exit)
