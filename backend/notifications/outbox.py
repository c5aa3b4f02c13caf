"""The outbox: who is told, through which channel, one row each, enqueued after commit.

Rows are written in the transaction that records the dossier event (the dossier signal connected in apps.py)
and enqueued after commit. If the enqueue fails (Redis down) the row stays `queued` and the sweeper
(sweeper.py) finds it later. Sending is delivery.py.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from citizens.models import Citizen
from dossiers.models import Dossier, DossierEvent, DossierFollow
from notifications import channels
from notifications.messages import event_kind
from notifications.models import Notification, NotificationTemplate, State

logger = logging.getLogger(__name__)


# --- Who, and through which channel -------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    key: str  # part of the row key: "c<citizen id>" or "applicant"
    label: str
    citizen: Citizen | None


def _recipients(dossier: Dossier, followers: list[Citizen], owner: Citizen | None) -> list[Recipient]:
    """Citizens following the dossier, and the applicant by the phone given at the counter (once)."""
    recipients = [Recipient(f"c{c.pk}", f"công dân #{c.pk}", c) for c in followers]
    phone_hash = dossier.applicant_phone_hash
    if phone_hash and not any(c.phone_hash == phone_hash for c in followers):
        if owner is not None:
            recipients.append(Recipient(f"c{owner.pk}", f"công dân #{owner.pk} (người nộp)", owner))
        else:
            recipients.append(Recipient("applicant", "người nộp (theo số điện thoại)", None))
    return recipients


def channels_for(citizen: Citizen | None, dossier: Dossier | None, kind: str) -> list[str]:
    """The channels that can reach this recipient with this kind of message, in NOTIFY_CHANNEL_ORDER."""
    return [
        name
        for name in settings.NOTIFY_CHANNEL_ORDER
        if name in channels.CHANNELS and channels.CHANNELS[name].usable(citizen, dossier, kind)
    ]


# --- The outbox ---------------------------------------------------------------------------------


def notifications_for_events(*, events: list[DossierEvent]) -> list[Notification]:
    """The outbox rows for many events at once (the upstream sync writes thousands per chunk): a fixed
    number of queries whatever the count, rows inserted in bulk, the queued ones enqueued after commit."""
    active = set(NotificationTemplate.objects.filter(active=True).values_list("kind", flat=True))
    wanted = [(event, kind) for event in events if (kind := event_kind(event)) in active]
    if not wanted:
        return []
    dossier_ids = {event.dossier_id for event, _ in wanted}
    dossiers = {
        d.pk: d
        for d in Dossier.objects.filter(pk__in=dossier_ids).only(
            "id", "unit_id", "applicant_phone_hash", "applicant_phone_encrypted"
        )
    }
    followers: dict[int, list[Citizen]] = {}
    for follow in (
        DossierFollow.objects.filter(dossier_id__in=dossier_ids).select_related("citizen").order_by("citizen_id")
    ):
        followers.setdefault(follow.dossier_id, []).append(follow.citizen)
    phone_hashes = {d.applicant_phone_hash for d in dossiers.values() if d.applicant_phone_hash}
    owners: dict[str, Citizen] = {}
    for citizen in Citizen.objects.filter(phone_hash__in=phone_hashes).order_by("-pk") if phone_hashes else ():
        owners[citizen.phone_hash] = citizen  # the lowest pk wins, as one account per phone is expected
    rows = []
    for event, kind in wanted:
        dossier = dossiers[event.dossier_id]
        recipients = _recipients(dossier, followers.get(dossier.pk, []), owners.get(dossier.applicant_phone_hash))
        common = {"event_id": event.pk, "dossier_id": dossier.pk, "unit_id": dossier.unit_id, "kind": kind}
        if not recipients:
            rows.append(
                Notification(
                    key=f"{event.pk}:none:none",
                    recipient="—",
                    state=State.SKIPPED,
                    reason="Chưa có người nhận: hồ sơ không có số điện thoại và chưa có ai theo dõi.",
                    **common,
                )
            )
            continue
        for recipient in recipients:
            usable = channels_for(recipient.citizen, dossier, kind)
            channel = usable[0] if usable else ""
            rows.append(
                Notification(
                    key=f"{event.pk}:{recipient.key}:{channel or 'none'}",
                    citizen=recipient.citizen,
                    recipient=recipient.label,
                    channel=channel,
                    state=State.QUEUED if channel else State.SKIPPED,
                    reason="" if channel else channels.unreachable_reason(recipient.citizen, dossier, kind),
                    **common,
                )
            )
    # An event handled twice keeps its first rows (the key is unique): those are read back as they are.
    inserted = _insert_new(rows)
    created = [row for row in rows if row.key in inserted]
    if len(created) < len(rows):
        created += Notification.objects.filter(key__in=[row.key for row in rows if row.key not in inserted])
    queued = [row.pk for row in created if row.state == State.QUEUED and row.attempts == 0]
    if queued:
        enqueue_on_commit(queued)
    return created


_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.DateTimeField,
)


def _insert_new(rows: list[Notification]) -> set[str]:
    """Insert the rows whose key is not taken yet and give them their ids; the keys inserted. On PostgreSQL one
    INSERT … SELECT FROM unnest(one array per column) … ON CONFLICT DO NOTHING RETURNING: a sync chunk's few
    thousand rows cost 0.2 s through bulk_create (each value prepared by its field) and a second read for the
    ids, at the end of the run where nothing else overlaps it."""
    if not rows:
        return set()
    if connection.vendor != "postgresql":
        taken = set(Notification.objects.filter(key__in=[row.key for row in rows]).values_list("key", flat=True))
        new = [row for row in rows if row.key not in taken]
        Notification.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        ids = dict(Notification.objects.filter(key__in=[row.key for row in new]).values_list("key", "id"))
        for row in new:
            row.pk = ids.get(row.key)
            row._state.adding = False
        return set(ids)
    now = timezone.now()
    columns, arrays, types = [], [], []
    for field in Notification._meta.concrete_fields:
        if field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values: list[Any] = [now] * len(rows)
            for row in rows:
                setattr(row, field.attname, now)
        elif isinstance(field, _AS_IS):  # the attribute is the column's value
            values = [getattr(row, field.attname) for row in rows]
        else:  # JSON, and whatever a later field needs prepared
            values = [field.get_db_prep_save(getattr(row, field.attname), connection) for row in rows]
        columns.append(connection.ops.quote_name(field.column or field.attname))
        arrays.append(values)
        types.append(field.db_type(connection))
    table = connection.ops.quote_name(Notification._meta.db_table)
    unnest = ", ".join(f"%s::{kind}[]" for kind in types)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({unnest}) ON CONFLICT (key) DO NOTHING"
            " RETURNING key, id",
            arrays,
        )
        ids = dict(cursor.fetchall())
    for row in rows:
        if row.key in ids:
            row.pk = ids[row.key]
            row._state.adding = False
    return set(ids)


FANOUT_BATCH = 500
SEND_BATCH = 20  # rows per send task: the task's own cost (broker, ack) is paid once for them all


def enqueue_on_commit(ids: list[int]) -> None:
    """Enqueue rows when the transaction that wrote them commits, together with every other row that
    transaction wrote (many status changes in one request, a sync chunk): one fan-out, not a task per row.
    A rolled-back transaction enqueues nothing; outside a transaction the rows go at once."""
    if not connection.in_atomic_block:
        publish(ids)
        return
    pending = getattr(connection, "_pz_notify_pending", None)
    # One list for the whole transaction, across savepoints: many status changes each in their own atomic()
    # inside one request share one fan-out. Reusing the list is safe while its callback is still registered:
    # Django drops a callback when a savepoint it was registered under rolls back, so a registered callback's
    # savepoints were all released or are still open around the rows written now — whatever makes these rows
    # vanish drops nothing they need, and rows of a savepoint that rolls back later cost a claim that finds
    # nothing (their ids are not reused on PostgreSQL; on SQLite a reused id is a queued row, claimed once).
    if pending is None or not any(entry[1] is pending[1] for entry in connection.run_on_commit):
        collected: list[int] = []

        def flush() -> None:
            if getattr(connection, "_pz_notify_pending", None) is pending:
                connection._pz_notify_pending = None  # type: ignore[attr-defined]
            publish(collected)

        pending = (collected, flush)
        connection._pz_notify_pending = pending  # type: ignore[attr-defined]
        transaction.on_commit(flush)
    pending[0].extend(ids)


# --- A web process's rows, published together ----------------------------------------------------


class _Window:
    """Rows committed by this process's requests, handed to Celery together a moment after the first of them.

    Each publish costs the web process about 0.4 ms of CPU (Celery builds the message, kombu pushes it to
    Redis) whether it names one row or twenty, and under load a named report, a reply or an officer's status
    change each wrote one: batching the rows committed within NOTIFY_PUBLISH_WINDOW_SECONDS turns many publishes
    into one `send_batch` per 20 rows. Nothing is weaker for it: the rows are committed `queued` before they
    are buffered, so a process killed inside the window leaves them to the sweeper (NOTIFY_REQUEUE_AFTER_SECONDS),
    exactly like a publish that failed; a worker that exits normally publishes what it holds first
    (config/gunicorn.py)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ids: list[int] = []
        self.lock = threading.Lock()
        self.due = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="notify-publish", daemon=True)
        self.thread.start()

    def add(self, ids: list[int]) -> None:
        with self.lock:
            self.ids.extend(ids)
        self.due.set()

    def _loop(self) -> None:
        while True:
            self.due.wait()
            time.sleep(self.seconds)
            # Cleared before the rows are taken: rows added from here on are either taken now or wake the next round.
            self.due.clear()
            try:
                self.flush()
            except Exception:  # noqa: BLE001 - the thread must outlive any error; the rows stay queued for the sweeper
                logger.exception("could not publish buffered notifications; the sweeper will")

    def flush(self) -> None:
        with self.lock:
            ids, self.ids = self.ids, []
        if ids:
            enqueue_many(ids)


_window: _Window | None = None


def publish_window_start(seconds: float | None = None) -> bool:
    """From now on this process publishes committed rows together, every `seconds` (default
    NOTIFY_PUBLISH_WINDOW_SECONDS; 0 turns it off). Called in each gunicorn worker once the app is loaded
    (config/gunicorn.py); Celery workers and commands publish at once. Not in eager mode, where publishing runs
    the task itself. Whether the window is on."""
    global _window
    seconds = settings.NOTIFY_PUBLISH_WINDOW_SECONDS if seconds is None else seconds
    if _window is None and seconds > 0 and not settings.CELERY_TASK_ALWAYS_EAGER:
        _window = _Window(seconds)
    return _window is not None


def publish_window_stop() -> None:
    """Publish what the window holds, and publish at once from now on (a gunicorn worker exiting)."""
    global _window
    window, _window = _window, None
    if window is not None:
        window.flush()


def publish(ids: list[int]) -> None:
    """Hand committed rows to Celery: through this process's window when it has one, else at once."""
    window = _window
    if window is None:
        enqueue_many(ids)
    else:
        window.add(ids)


def enqueue_many(ids: list[int], *, countdown: float = 0, retry: bool = False, fan_out: bool = True) -> None:
    """Hand rows to Celery. A broker outage is logged, not raised: the sweeper re-enqueues queued rows.

    Many rows at once (a sync chunk) go as one fan-out task per 500 rows, which a notify worker turns into
    the send tasks: the caller publishes a handful of messages instead of thousands."""
    if fan_out and not retry and not countdown and len(ids) > 20:
        for start in range(0, len(ids), FANOUT_BATCH):
            try:
                _send_by_name("notifications.fan_out", [ids[start : start + FANOUT_BATCH]])
            except Exception:  # noqa: BLE001 - as below: the sweeper picks the rows up
                logger.warning("could not enqueue a fan-out of %s notifications; the sweeper will", len(ids))
                return
        return
    if not retry and len(ids) > 1:
        for start in range(0, len(ids), SEND_BATCH):
            try:
                _send_by_name(
                    "notifications.send_batch", [ids[start : start + SEND_BATCH]], countdown=countdown or None
                )
            except Exception:  # noqa: BLE001 - as below
                logger.warning("could not enqueue %s notifications; the sweeper will pick them up", len(ids))
                return
        return
    name = "notifications.retry" if retry else "notifications.send"
    for pk in ids:
        try:
            _send_by_name(name, [pk], countdown=countdown or None)
        except Exception:  # noqa: BLE001 - any broker error; the row stays queued and is swept later
            logger.warning("could not enqueue notification %s; the sweeper will pick it up", pk)
            return


def _send_by_name(name: str, args: list[object], countdown: float | None = None) -> None:
    """By name, so that tasks.py imports this module and never the other way round. A signature rather than
    `send_task`, which ignores CELERY_TASK_ALWAYS_EAGER: eager mode still runs the task at once (apps.py
    imports tasks.py, so the name is registered)."""
    current_app.signature(name, args=args).apply_async(countdown=countdown, retry=False)


def max_countdown() -> float:
    # Celery over Redis re-delivers unacknowledged tasks after the visibility timeout: keep countdowns
    # well under it (longer waits go through next_attempt_at and the sweeper).
    return settings.CELERY_VISIBILITY_TIMEOUT_SECONDS / 2
