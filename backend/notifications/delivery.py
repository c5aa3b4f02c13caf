"""Delivery: claim one row, render its message, send it through its channel, record the outcome.

- A send claims its row with a compare-and-set (queued → sending), calls Zalo outside any transaction,
  then records the outcome. A duplicate task delivery finds nothing to claim and does nothing.
- Outcomes follow zalo/errors.py: retry with jittered backoff (bounded), refresh the OA token once,
  defer to 06:00 (night) or to the next day (quota), fall back to the next channel, or give up with
  the reason. Long waits are `next_attempt_at` + the beat sweeper (sweeper.py), never a long Celery countdown.
"""

from __future__ import annotations

import json
import logging
import random
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from citizens.models import Citizen
from common import db, ratelimit
from common.plain_errors import plain_error
from common.process_cache import process_cache
from dossiers.models import Dossier, DossierEvent
from dossiers.services import lookup_link
from notifications import channels
from notifications.messages import facts, render
from notifications.models import Channel, Notification, NotificationAttempt, NotificationTemplate, State
from notifications.outbox import channels_for, enqueue_many, max_countdown
from notifications.routing import oa_route
from procedures.models import Procedure
from units.models import Unit
from zalo.errors import Action, ZaloError
from zalo.oa_token import OATokenUnavailable, oa_access_token, oa_token_refresh

logger = logging.getLogger(__name__)

FALLBACK_ACTIONS = {Action.FALLBACK, Action.GIVE_UP_UNREACHABLE, Action.GIVE_UP_ALERT}


def _fallback_key(notification: Notification, channel: str) -> str:
    """The row key for the same message through another channel."""
    if notification.event_id is not None:
        recipient_key = notification.key.split(":")[1]
        return f"{notification.event_id}:{recipient_key}:{channel}"
    return f"{notification.key.split('>')[0]}>{channel}"[:120]


# --- Sending ------------------------------------------------------------------------------------


def _log(
    notification: Notification, outcome: str, *, code: int | None = None, detail: str = "", started: float | None = None
) -> None:
    NotificationAttempt.objects.create(
        notification=notification,
        channel=notification.channel,
        outcome=outcome,
        code=code,
        detail=detail[:300],
        duration_ms=int((time.monotonic() - started) * 1000) if started is not None else None,
    )


def _finish(notification: Notification, **fields: object) -> bool:
    """Record the outcome of a claimed send; only the claim holder (state sending) may."""
    fields.setdefault("updated_at", timezone.now())
    return Notification.objects.filter(pk=notification.pk, state=State.SENDING).update(**fields) == 1


def next_night_resume(now: datetime) -> datetime:
    local = timezone.localtime(now)
    resume = local.replace(hour=settings.NOTIFY_NIGHT_RESUME_HOUR, minute=0, second=0, microsecond=0)
    if local >= resume:
        resume += timedelta(days=1)
    return resume


def next_quota_day(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return (local + timedelta(days=1)).replace(hour=0, minute=5, second=0, microsecond=0)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with full jitter, capped."""
    ceiling = min(settings.NOTIFY_RETRY_MAX_SECONDS, settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


def _retry_later(notification: Notification, detail: str) -> str:
    if notification.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        _finish(notification, state=State.FAILED, reason=f"Đã thử {notification.attempts} lần, vẫn lỗi: {detail}"[:300])
        return "failed"
    delay = backoff_seconds(notification.attempts)
    _finish(
        notification, state=State.QUEUED, next_attempt_at=timezone.now() + timedelta(seconds=delay), reason=detail[:300]
    )
    if delay <= max_countdown():
        enqueue_many([notification.pk], countdown=delay, retry=True)
    return "retry"


def _fallback(notification: Notification, detail: str) -> str:
    # The send path carries only what a message needs; choosing the next channel needs the whole rows.
    dossier = Dossier.objects.filter(pk=notification.dossier_id).first() if notification.dossier_id else None
    citizen = Citizen.objects.filter(pk=notification.citizen_id).first() if notification.citizen_id else None
    usable = channels_for(citizen, dossier, notification.kind)
    # The channels after this one in NOTIFY_CHANNEL_ORDER, even if this one no longer reaches the citizen (the
    # consultation window closed while the answer waited).
    order = list(settings.NOTIFY_CHANNEL_ORDER)
    position = order.index(notification.channel) if notification.channel in order else len(order)
    later = [name for name in usable if order.index(name) > position]
    if not later:
        _finish(notification, state=State.FAILED, reason=f"{detail}; không còn kênh nào khác"[:300])
        return "failed"
    _finish(notification, state=State.FAILED, reason=f"{detail}; chuyển sang kênh {Channel(later[0]).label}"[:300])
    row, created = Notification.objects.get_or_create(
        key=_fallback_key(notification, later[0]),
        defaults={
            "event_id": notification.event_id,
            "dossier": dossier,
            "unit_id": notification.unit_id,
            "values": notification.values,
            "link": notification.link,
            "citizen": citizen,
            "recipient": notification.recipient,
            "kind": notification.kind,
            "channel": later[0],
        },
    )
    if created:
        enqueue_many([row.pk])
    return "fallback"


def _failure(notification: Notification, error: ZaloError, started: float) -> str:
    action = error.action
    detail = f"{error.api.value} {error.code}: {error.classification.meaning}"
    _log(notification, action.value, code=error.code, detail=detail, started=started)
    now = timezone.now()
    if action in (Action.RETRY, Action.REFRESH_TOKEN):
        return _retry_later(notification, detail)
    if action == Action.DEFER_NIGHT:
        _finish(notification, state=State.DEFERRED, next_attempt_at=next_night_resume(now), reason=detail)
        return "deferred"
    if action == Action.DEFER_QUOTA:
        _finish(
            notification, state=State.DEFERRED, next_attempt_at=next_quota_day(now), reason=detail, needs_attention=True
        )
        return "deferred"
    if action == Action.GIVE_UP_ALERT:
        logger.error("Notification %s: Zalo configuration problem (%s)", notification.pk, detail)
        Notification.objects.filter(pk=notification.pk).update(needs_attention=True)
    if action in FALLBACK_ACTIONS:
        return _fallback(notification, detail)
    _finish(notification, state=State.FAILED, reason=f"Công dân đã từ chối nhận: {detail}"[:300])
    return "failed"


# What a send reads: the row, the dossier facts its message quotes, the citizen's addresses, the event note.
SEND_FIELDS = (
    *(f.name for f in Notification._meta.concrete_fields),
    "dossier__code",
    "dossier__status",
    "dossier__appointment_date",
    "dossier__reason",
    "dossier__supplement_deadline",
    "dossier__collect_location",
    "dossier__collect_note",
    "dossier__fee_due",
    "dossier__applicant_phone_encrypted",
    "dossier__procedure__name",
    "dossier__unit__name",
    "citizen__zalo_user_id",
    "citizen__oa_follower_id",
    "citizen__phone_encrypted",
    "event__status",
    "event__note",
)
_templates: dict[str, tuple[float, NotificationTemplate | None]] = process_cache("notifications.templates")
_TEMPLATE_SECONDS = 30.0


def _template(kind: str) -> NotificationTemplate | None:
    """Templates change rarely and are read for every message: kept in this process for 30 seconds."""
    cached = _templates.get(kind)
    if cached and time.monotonic() - cached[0] < _TEMPLATE_SECONDS:
        return cached[1]
    template = NotificationTemplate.objects.filter(kind=kind).first()
    _templates[kind] = (time.monotonic(), template)
    return template


# A claim: queued → sending for due rows, returning with each what its send needs (one statement, one commit).
_CLAIM_SET = "SET state = 'sending', sending_started_at = $2, attempts = n.attempts + 1, updated_at = $2"
_CLAIM_RETURNING = """RETURNING n.id, n.key, n.event_id, n.dossier_id, n.citizen_id, n.unit_id, n.recipient, n.kind,
           n.channel, n.attempts, n."values", n.link"""
_CLAIM_READ = """
SELECT claimed.id, claimed.key, claimed.event_id, claimed.dossier_id, claimed.citizen_id, claimed.unit_id,
       claimed.recipient, claimed.kind, claimed.channel, claimed.attempts, claimed."values", claimed.link,
       d.code, d.status, d.appointment_date, d.reason, d.supplement_deadline, d.collect_location, d.collect_note,
       d.fee_due, d.applicant_phone_encrypted, p.name, u.name, e.status, e.note,
       c.zalo_user_id, c.oa_follower_id, c.phone_encrypted
  FROM claimed
  LEFT JOIN dossiers_dossier d ON d.id = claimed.dossier_id
  LEFT JOIN procedures_procedure p ON p.id = d.procedure_id
  LEFT JOIN units_unit u ON u.id = d.unit_id
  LEFT JOIN dossiers_dossierevent e ON e.id = claimed.event_id
  LEFT JOIN citizens_citizen c ON c.id = claimed.citizen_id
 ORDER BY claimed.id
"""
_DUE = "n.state = 'queued' AND (n.next_attempt_at IS NULL OR n.next_attempt_at <= $3)"
# One row (notifications.send, a retry): the compare-and-set on the primary key, as cheap as a claim can be.
_CLAIM_ONE_SQL = f"""
WITH claimed AS (
    UPDATE notifications_notification n {_CLAIM_SET}
     WHERE n.id = $1 AND {_DUE}
 {_CLAIM_RETURNING}
){_CLAIM_READ}"""
# A batch's rows. SKIP LOCKED: a row another transaction holds right now (a duplicate of this task claiming it, the
# sweeper re-enqueuing it) is left to that one instead of waited for; the sweeper re-enqueues any queued row nobody
# sent. The rows are found through the primary key from the list (unnest): with `id = ANY($1)` the prepared
# statement's generic plan walked the (state, next_attempt_at) index instead, every queued row and its dead entries.
# Locking first costs a single row about twice the plain compare-and-set (measured), hence _CLAIM_ONE_SQL.
_CLAIM_MANY_SQL = f"""
WITH due AS (
    SELECT n.id FROM unnest($1::bigint[]) AS wanted (id)
      JOIN notifications_notification n ON n.id = wanted.id
     WHERE {_DUE}
     ORDER BY n.id
       FOR UPDATE OF n SKIP LOCKED
), claimed AS (
    UPDATE notifications_notification n {_CLAIM_SET}
      FROM due
     WHERE n.id = due.id
 {_CLAIM_RETURNING}
){_CLAIM_READ}"""

_SENT_SQL = """
WITH done AS (
    UPDATE notifications_notification
       SET state = 'sent', sent_at = $2, provider_message_id = $3, reason = '',
           next_attempt_at = NULL, updated_at = $2
     WHERE id = $1 AND state = 'sending'
 RETURNING id, channel
)
INSERT INTO notifications_notificationattempt (notification_id, at, channel, outcome, code, detail, duration_ms)
SELECT id, $2, channel, 'sent', NULL, $3, $4 FROM done
"""


def _claim(notification_ids: list[int], now: datetime) -> list[Notification]:
    """queued → sending (compare-and-set) for the due rows among `notification_ids`, returning what each send
    needs, in id order. On PostgreSQL one statement (one commit) claims and reads them all; elsewhere the ORM
    does the same row by row."""
    due = now + timedelta(seconds=1)
    if connection.vendor != "postgresql":
        claimed = [
            pk
            for pk in notification_ids
            if Notification.objects.filter(pk=pk, state=State.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=due))
            .update(state=State.SENDING, sending_started_at=now, attempts=F("attempts") + 1, updated_at=now)
        ]
        return list(
            Notification.objects.select_related("dossier__procedure", "dossier__unit", "citizen", "event")
            .only(*SEND_FIELDS)
            .filter(pk__in=claimed)
            .order_by("pk")
        )
    with connection.cursor() as cursor:
        if len(notification_ids) == 1:
            db.execute(cursor, "pz_notification_claim", "bigint, timestamptz, timestamptz", _CLAIM_ONE_SQL,
                       [notification_ids[0], now, due])  # fmt: skip
        else:
            db.execute(cursor, "pz_notification_claim_many", "bigint[], timestamptz, timestamptz", _CLAIM_MANY_SQL,
                       [list(notification_ids), now, due])  # fmt: skip
        return [_claimed_row(row, now) for row in cursor.fetchall()]


def _claimed_row(row: tuple, now: datetime) -> Notification:
    (pk, key, event_id, dossier_id, citizen_id, unit_id, recipient, kind, channel, attempts, values, link, code, status,
     appointment, reason, supplement_deadline, collect_location, collect_note, fee_due, applicant_phone,
     procedure_name, unit_name, event_status, event_note, zalo_user_id, oa_follower_id,
     phone_encrypted) = row  # fmt: skip
    if isinstance(values, str):  # psycopg hands jsonb back decoded; a text cast would not be
        values = json.loads(values)
    notification = Notification(
        id=pk, key=key, recipient=recipient, kind=kind, channel=channel, attempts=attempts, unit_id=unit_id,
        state=State.SENDING, sending_started_at=now, values=values or {}, link=link,
    )  # fmt: skip
    if dossier_id is not None:
        notification.dossier = Dossier(
            id=dossier_id, code=code, status=status, appointment_date=appointment, reason=reason,
            supplement_deadline=supplement_deadline, collect_location=collect_location, collect_note=collect_note,
            fee_due=fee_due, applicant_phone_encrypted=applicant_phone,
            procedure=Procedure(name=procedure_name), unit=Unit(name=unit_name),
        )  # fmt: skip
    if event_id is not None:
        notification.event = DossierEvent(id=event_id, dossier_id=dossier_id, status=event_status, note=event_note)
    if citizen_id is not None:
        notification.citizen = Citizen(
            id=citizen_id, zalo_user_id=zalo_user_id, oa_follower_id=oa_follower_id, phone_encrypted=phone_encrypted
        )
    return notification


def _release(notifications: list[Notification], now: datetime) -> list[int]:
    """Claimed rows this task will not send after all go back to queued, their claim not counted as an attempt."""
    ids = [n.pk for n in notifications]
    Notification.objects.filter(pk__in=ids, state=State.SENDING, sending_started_at=now).update(
        state=State.QUEUED, attempts=F("attempts") - 1, updated_at=timezone.now()
    )
    return ids


def _take_tokens(claimed: list[Notification], now: datetime) -> tuple[list[Notification], dict[int, str]]:
    """The channel's rate and daily quota for the claimed rows, one Redis call per channel. Returns the rows that
    may be sent (in order) and the outcome of the others: released for when the bucket has a token again
    (re-enqueued with that countdown), or deferred to tomorrow when the quota is used."""
    allowed: set[int] = set()
    held: dict[int, str] = {}
    for name in dict.fromkeys(n.channel for n in claimed):
        rows = [n for n in claimed if n.channel == name]
        channel = channels.CHANNELS[name]
        try:
            taken, verdict, wait_ms = ratelimit.bucket_take_many(
                f"notify:{channel.name}",
                len(rows),
                per_second=channel.rate_per_second(),
                daily_quota=channel.daily_quota(),
                day=timezone.localdate().isoformat(),
            )
        except Exception:  # noqa: BLE001 - a rate limiter we cannot reach fails open (as GOV.UK Notify does)
            logger.warning("notification rate limiter unavailable; sending without it")
            taken, verdict, wait_ms = len(rows), "ok", 0
        allowed.update(n.pk for n in rows[:taken])
        rest = rows[taken:]
        if not rest:
            continue
        if verdict == "quota":
            for notification in rest:
                _log(notification, "quota", detail="Hết hạn mức gửi trong ngày của kênh")
                _finish(
                    notification,
                    state=State.DEFERRED,
                    attempts=F("attempts") - 1,
                    next_attempt_at=next_quota_day(now),
                    reason="Hết hạn mức trong ngày; gửi vào ngày mai",
                )
                held[notification.pk] = "deferred"
            continue
        enqueue_many(_release(rest, now), countdown=max(wait_ms / 1000, 0.05))
        held.update((n.pk, "rate-limited") for n in rest)
    return [n for n in claimed if n.pk in allowed], held


def _record_sent(notification: Notification, provider_id: str, started: float) -> None:
    """sending → sent and the attempt, in one commit."""
    now = timezone.now()
    duration = int((time.monotonic() - started) * 1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            db.execute(cursor, "pz_notification_sent", "bigint, timestamptz, text, integer", _SENT_SQL,
                       [notification.pk, now, provider_id[:100], duration])  # fmt: skip
        return
    with transaction.atomic():
        _log(notification, "sent", detail=provider_id, started=started)
        _finish(notification, state=State.SENT, sent_at=now, provider_message_id=provider_id[:100], reason="",
                next_attempt_at=None)  # fmt: skip


def notifications_send(notification_ids: list[int]) -> dict[int, str]:
    """Send the due rows among `notification_ids` (a batch task's): one statement claims them all, one Redis call
    per channel takes their rate tokens, then they are sent one after another, each outcome committed before the
    next row goes to Zalo. So a worker killed mid-batch has at most one message sent and not recorded (the
    sweeper sends it again with the same tracking id); the rows it had claimed and not sent yet wait for the
    sweeper too (`sending` longer than NOTIFY_SENDING_TIMEOUT_SECONDS) and are then sent for the first time.

    A row is sent only within half of NOTIFY_SENDING_TIMEOUT_SECONDS of its claim (Zalo answering slowly):
    what is left after that goes back to the queue, so the sweeper never takes a row this task still sends."""
    now = timezone.now()
    claimed = _claim(notification_ids, now)
    if not claimed:
        return {}
    sendable, outcomes = _take_tokens(claimed, now)
    started = time.monotonic()
    budget = settings.NOTIFY_SENDING_TIMEOUT_SECONDS / 2
    for position, notification in enumerate(sendable):
        if time.monotonic() - started > budget:
            rest = sendable[position:]
            enqueue_many(_release(rest, now))
            outcomes.update((n.pk, "released") for n in rest)
            break
        try:
            outcomes[notification.pk] = _deliver(notification)
        except Exception:  # noqa: BLE001 - this row waits for the sweeper; the others still go
            logger.exception("notification %s: send failed; the sweeper will retry it", notification.pk)
            outcomes[notification.pk] = "error"
    return outcomes


def notification_send(*, notification_id: int) -> str:
    """Claim one queued row and send it. Safe to run twice for the same row: only one run claims it."""
    now = timezone.now()
    claimed = _claim([notification_id], now)
    if not claimed:
        return "not-claimed"
    sendable, held = _take_tokens(claimed, now)
    if not sendable:
        return held[notification_id]
    return _deliver(sendable[0])


def _deliver(notification: Notification) -> str:
    """Render and send one claimed row that has its rate token, and record the outcome."""
    channel = channels.CHANNELS[notification.channel]
    template = _template(notification.kind)
    if template is None:
        _finish(notification, state=State.SKIPPED, reason="Mẫu tin đã bị xóa")
        return "skipped"
    if notification.event_id is None:
        message = render(template, notification.values, notification.link)
    else:
        message = render(
            template,
            facts(notification.dossier, notification.event),  # type: ignore[arg-type]
            lookup_link(notification.dossier.code),  # type: ignore[union-attr]
        )

    started = time.monotonic()
    token = ""
    oa_pk: int | None = None  # the province's OA unless the route picks a unit's
    try:
        if channel.routes_by_unit_oa:
            route = oa_route(notification)
            if not route.follower_id:
                _log(notification, "no_follower", detail="không quan tâm OA nào gửi được tin này", started=started)
                return _fallback(notification, "Người nhận không quan tâm OA của đơn vị hay OA tỉnh")
            oa_pk = route.oa_pk
            notification.citizen.oa_follower_id = route.follower_id  # type: ignore[union-attr] # that OA's address
        if channel.needs_oa_token:
            token = oa_access_token(oa_pk)
        provider_id = channel.send(notification, message, token)
    except OATokenUnavailable as exc:
        _log(notification, "no_oa_token", detail=str(exc), started=started)
        Notification.objects.filter(pk=notification.pk).update(needs_attention=True)
        return _fallback(notification, "Chưa ủy quyền OA (Quản trị › Zalo)")
    except ZaloError as error:
        if error.action != Action.REFRESH_TOKEN:
            return _failure(notification, error, started)
        _log(notification, "refresh_token", code=error.code, detail="token rejected; refreshing once", started=started)
        try:
            token = oa_token_refresh(oa=oa_pk, seen_access_token=token)
            provider_id = channel.send(notification, message, token)
        except ZaloError as again:
            return _failure(notification, again, started)
        except OATokenUnavailable as exc:
            Notification.objects.filter(pk=notification.pk).update(needs_attention=True)
            return _fallback(notification, f"Không làm mới được token OA: {exc}")
    except Exception as exc:  # noqa: BLE001 - an unexpected bug or network oddity: bounded retries, then failed
        logger.exception("notification %s: unexpected error", notification.pk)
        _log(notification, "error", detail=f"Lỗi không mong đợi: {plain_error(exc)}", started=started)
        return _retry_later(notification, plain_error(exc))
    _record_sent(notification, provider_id, started)
    return "sent"
