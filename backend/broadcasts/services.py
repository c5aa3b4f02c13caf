"""Starting, sending, stopping and resuming broadcasts.

- Start (at the scheduled time, once approved): one recipient row per follower in the audience, written once
  (unique broadcast+follower); followers over Zalo's per-follower limits get a `skipped` row saying why.
- Send: a row is claimed pending → sending with one compare-and-set statement, then sent, then recorded. A
  worker that dies mid-send leaves the row `sending`; the sweep marks it `unknown` and never sends it again:
  each recipient at most once. The pace is one token bucket per OA in Redis (BROADCAST_RATE_PER_SECOND), the
  OA's monthly quota is counted from the rows themselves.
- Stop and resume are compare-and-set moves of `send_state`; a claim only succeeds while it is `sending`.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from broadcasts.models import Broadcast, BroadcastRecipient, RecipientState, SendState
from broadcasts.selectors import broadcast_audience
from common import ratelimit
from common.errors import ApplicationError, ErrorCode
from publishing.models import PublishState
from usage.services import usage_broadcast
from zalo.client import zalo_client
from zalo.errors import Action, ZaloError
from zalo.oa_token import OATokenUnavailable, oa_access_token, oa_token_refresh

logger = logging.getLogger(__name__)

BROADCAST_NOT_ALLOWED = ErrorCode("broadcast_not_allowed", "Bạn không có quyền dừng hay gửi tiếp tin này.", 403)
BROADCAST_BAD_MOVE = ErrorCode("broadcast_bad_move", "Tin đang ở tình trạng không thể làm việc này.", 409)
DELIVERED = (RecipientState.SENT, RecipientState.SEEN)
# A row left `sending` this long belongs to a worker that died: it becomes `unknown`, never resent.
STUCK_SENDING_SECONDS = 300


def broadcast_link(broadcast: Broadcast) -> str:
    """The button: the linked article in the Mini App (MINIAPP_ARTICLE_URL), else the Mini App's news page."""
    app_id = quote(settings.ZALO_APP_ID or "")
    if broadcast.article_id:
        return settings.MINIAPP_ARTICLE_URL.format(app_id=app_id, article_id=broadcast.article_id)
    return settings.MINIAPP_NEWS_URL.format(app_id=app_id)


def broadcast_payload(broadcast: Broadcast) -> dict[str, Any]:
    """Zalo's promotion message: a header, the text and one button (docs/oa-va-tin-truyen-thong.md)."""
    return {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "promotion",
                "language": "VI",
                "elements": [
                    {"type": "header", "content": broadcast.title[:100], "align": "left"},
                    {"type": "text", "align": "left", "content": broadcast.body[:1000]},
                ],
                "buttons": [
                    {"title": "Xem chi tiết", "type": "oa.open.url", "payload": {"url": broadcast_link(broadcast)}}
                ],
            },
        }
    }


def _month_start(now: datetime) -> datetime:
    return timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _day_start(now: datetime) -> datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def _enqueue_send(broadcast_id: int, countdown: float = 0) -> None:
    current_app.signature("broadcasts.send", args=[broadcast_id]).apply_async(countdown=countdown)


# --- Start --------------------------------------------------------------------------------------


def broadcast_start(*, broadcast_id: int, now: datetime | None = None) -> int:
    """Approved and due: write the recipient rows and start sending. Returns the rows written (0: not now)."""
    now = now or timezone.now()
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().filter(pk=broadcast_id).first()
        if (
            broadcast is None
            or broadcast.state != PublishState.PUBLISHED
            or broadcast.send_state != SendState.WAITING
            or broadcast.scheduled_at > now
        ):
            return 0
        followers = list(broadcast_audience(broadcast=broadcast).values_list("pk", flat=True))
        # Zalo's per-follower limits for this OA (UNVERIFIED values, settings): counted from our own rows.
        earlier = (
            BroadcastRecipient.objects.filter(
                broadcast__oa_id=broadcast.oa_id, state__in=DELIVERED, sent_at__gte=_month_start(now)
            )
            .exclude(broadcast=broadcast)
            .values("follower_id")
            .annotate(month=Count("id"), today=Count("id", filter=Q(sent_at__gte=_day_start(now))))
        )
        over: dict[int, str] = {}
        for row in earlier:
            if row["month"] >= settings.BROADCAST_PER_FOLLOWER_MONTHLY:
                over[row["follower_id"]] = "Người này đã nhận đủ số tin truyền thông của OA trong tháng"
            elif row["today"] >= settings.BROADCAST_PER_FOLLOWER_DAILY:
                over[row["follower_id"]] = "Người này đã nhận tin truyền thông của OA hôm nay"
        BroadcastRecipient.objects.bulk_create(
            [
                BroadcastRecipient(
                    broadcast=broadcast,
                    follower_id=pk,
                    state=RecipientState.SKIPPED if pk in over else RecipientState.PENDING,
                    detail=over.get(pk, ""),
                )
                for pk in followers
            ],
            ignore_conflicts=True,  # each follower once per broadcast, whatever runs this twice
            batch_size=1000,
        )
        broadcast.send_state = SendState.SENDING
        broadcast.started_at = now
        broadcast.send_note = f"{len(followers)} người nhận"
        broadcast.save(update_fields=["send_state", "started_at", "send_note"])
        transaction.on_commit(lambda: _enqueue_send(broadcast_id))
    return len(followers)


# --- Send ---------------------------------------------------------------------------------------

_CLAIM_SQL = """
UPDATE broadcasts_broadcastrecipient r
   SET state = 'sending', claimed_at = %s
  FROM zalo_oafollower f
 WHERE r.id = (
        SELECT r2.id FROM broadcasts_broadcastrecipient r2
          JOIN broadcasts_broadcast b ON b.id = r2.broadcast_id
         WHERE r2.broadcast_id = %s AND r2.state = 'pending' AND b.send_state = 'sending'
         ORDER BY r2.id
         LIMIT 1
           FOR UPDATE OF r2 SKIP LOCKED
           -- The broadcast row shared-locked: a stop committed after this statement began is seen (the row is
           -- re-read under the lock), and a stop begun after the claim waits for it; without it a claim could
           -- slip past a stop that had already returned, and send one more.
           FOR SHARE OF b)
   AND f.id = r.follower_id
RETURNING r.id, f.follower_id
"""


def _claim(broadcast_id: int) -> tuple[int, str] | None:
    """pending → sending for one row, only while the broadcast is `sending` (a stop wins at once)."""
    if connection.vendor != "postgresql":  # embedded mode: one process, the same compare-and-set in two steps
        for pk, follower_id in BroadcastRecipient.objects.filter(
            broadcast_id=broadcast_id, state=RecipientState.PENDING
        ).values_list("pk", "follower__follower_id")[:20]:
            moved = BroadcastRecipient.objects.filter(
                pk=pk,
                state=RecipientState.PENDING,
                broadcast__send_state=SendState.SENDING,
            ).update(state=RecipientState.SENDING, claimed_at=timezone.now())
            if moved:
                return int(pk), str(follower_id)
            if not Broadcast.objects.filter(pk=broadcast_id, send_state=SendState.SENDING).exists():
                return None
        return None
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, [timezone.now(), broadcast_id])
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else None


def _record(recipient_id: int, **fields: Any) -> None:
    BroadcastRecipient.objects.filter(pk=recipient_id, state=RecipientState.SENDING).update(**fields)


def _wait_for_rate(oa_id: int) -> None:
    """Block until the OA's bucket gives a token (BROADCAST_RATE_PER_SECOND, shared by every worker)."""
    rate = float(settings.BROADCAST_RATE_PER_SECOND)
    while True:
        try:
            verdict, wait_ms = ratelimit.bucket_take(
                f"broadcast:oa:{oa_id}", per_second=rate, daily_quota=10**9, day=timezone.localdate().isoformat()
            )
        except Exception:  # noqa: BLE001 - without Redis, pace this process alone
            logger.warning("broadcast rate limiter unavailable; pacing locally")
            time.sleep(1 / rate)
            return
        if verdict == "ok":
            return
        time.sleep(max(wait_ms, 1) / 1000)


def _finish_if_done(broadcast_id: int) -> bool:
    open_rows = BroadcastRecipient.objects.filter(
        broadcast_id=broadcast_id, state__in=[RecipientState.PENDING, RecipientState.SENDING]
    )
    if open_rows.exists():
        return False
    return (
        Broadcast.objects.filter(pk=broadcast_id, send_state=SendState.SENDING).update(
            send_state=SendState.DONE, finished_at=timezone.now()
        )
        == 1
    )


def _stop_for_quota(broadcast_id: int, note: str) -> None:
    Broadcast.objects.filter(pk=broadcast_id, send_state=SendState.SENDING).update(
        send_state=SendState.STOPPED, send_note=note[:300]
    )


def broadcast_send_batch(*, broadcast_id: int, limit: int | None = None) -> str:
    """Send up to `limit` recipients, at the OA's pace. Returns "more" when the caller should run it again."""
    broadcast = Broadcast.objects.select_related("oa", "article").filter(pk=broadcast_id).first()
    if broadcast is None or broadcast.send_state != SendState.SENDING:
        return "not-sending"
    limit = limit or settings.BROADCAST_BATCH_SIZE
    oa = broadcast.oa
    quota = oa.broadcast_monthly_quota or settings.BROADCAST_OA_MONTHLY_QUOTA
    used = BroadcastRecipient.objects.filter(
        broadcast__oa=oa, state__in=DELIVERED, sent_at__gte=_month_start(timezone.now())
    ).count()
    payload = broadcast_payload(broadcast)
    try:
        token = oa_access_token(oa.pk)
    except OATokenUnavailable as exc:
        _stop_for_quota(broadcast_id, f"OA chưa được cấp quyền hoặc cần cấp lại: {exc}")
        return "no-token"
    client = zalo_client()
    for _ in range(limit):
        if used >= quota:
            _stop_for_quota(broadcast_id, "OA đã dùng hết hạn mức tin truyền thông của tháng; gửi tiếp tháng sau")
            return "quota"
        _wait_for_rate(oa.pk)
        claimed = _claim(broadcast_id)
        if claimed is None:
            _finish_if_done(broadcast_id)
            return "done"
        recipient_id, follower_id = claimed
        try:
            try:
                sent = client.send_oa_promotion(token, follower_id=follower_id, payload=payload)
            except ZaloError as error:
                if error.action != Action.REFRESH_TOKEN:
                    raise
                token = oa_token_refresh(oa=oa.pk, seen_access_token=token)  # -216 / -220, then one retry
                sent = client.send_oa_promotion(token, follower_id=follower_id, payload=payload)
        except ZaloError as error:
            outcome = _failure(broadcast_id, recipient_id, error)
            if outcome == "stop":
                return "quota"
            continue
        except OATokenUnavailable as exc:
            BroadcastRecipient.objects.filter(pk=recipient_id, state=RecipientState.SENDING).update(
                state=RecipientState.PENDING, claimed_at=None
            )
            _stop_for_quota(broadcast_id, f"Không làm mới được mã truy cập OA: {exc}")
            return "no-token"
        _record(recipient_id, state=RecipientState.SENT, sent_at=timezone.now(), message_id=sent.message_id[:100])
        usage_broadcast(event="sent", unit_id=broadcast.unit_id)
        used += 1
    return "more"


def _failure(broadcast_id: int, recipient_id: int, error: ZaloError) -> str:
    detail = f"{error.api.value} {error.code}: {error.classification.meaning}"
    if error.code is None:
        # Timeout or HTTP 5xx: Zalo may have sent it. At most once: never resent.
        _record(recipient_id, state=RecipientState.UNKNOWN, detail=detail[:300])
        return "unknown"
    if error.action in (Action.DEFER_QUOTA, Action.RETRY):
        # Refused before sending (quota, rate): back to pending; a quota stops the broadcast for now.
        BroadcastRecipient.objects.filter(pk=recipient_id, state=RecipientState.SENDING).update(
            state=RecipientState.PENDING, claimed_at=None
        )
        if error.action == Action.DEFER_QUOTA:
            _stop_for_quota(broadcast_id, f"Zalo báo hết hạn mức ({detail}); bấm gửi tiếp khi có hạn mức")
            return "stop"
        time.sleep(1.0)
        return "retry"
    _record(recipient_id, state=RecipientState.FAILED, code=error.code, detail=detail[:300])
    return "failed"


# --- Stop, resume, sweep ------------------------------------------------------------------------


def _require_send_permission(user: Any, broadcast: Broadcast) -> None:
    from broadcasts.selectors import broadcast_list_for_officer

    allowed = (
        user.has_perm("broadcasts.send_broadcast")
        and broadcast_list_for_officer(officer=user).filter(pk=broadcast.pk).exists()
    )
    if not allowed:
        raise ApplicationError(BROADCAST_NOT_ALLOWED)


def broadcast_stop(*, broadcast: Broadcast, user: Any) -> None:
    _require_send_permission(user, broadcast)
    moved = Broadcast.objects.filter(pk=broadcast.pk, send_state__in=[SendState.WAITING, SendState.SENDING]).update(
        send_state=SendState.STOPPED, send_note=f"Dừng bởi {user.get_username()}"[:300]
    )
    if not moved:
        raise ApplicationError(BROADCAST_BAD_MOVE)


def broadcast_resume(*, broadcast: Broadcast, user: Any) -> None:
    _require_send_permission(user, broadcast)
    started = Broadcast.objects.filter(pk=broadcast.pk).values_list("started_at", flat=True).first()
    new_state = SendState.SENDING if started else SendState.WAITING
    moved = Broadcast.objects.filter(pk=broadcast.pk, send_state=SendState.STOPPED).update(
        send_state=new_state, send_note=f"Gửi tiếp bởi {user.get_username()}"[:300]
    )
    if not moved:
        raise ApplicationError(BROADCAST_BAD_MOVE)
    if new_state == SendState.SENDING:
        transaction.on_commit(lambda: _enqueue_send(broadcast.pk))
    else:
        transaction.on_commit(lambda: broadcast_start(broadcast_id=broadcast.pk))


def broadcasts_tick(*, now: datetime | None = None) -> dict[str, int]:
    """Beat, every minute: start the due ones, give up on rows of dead workers, restart stalled sending."""
    now = now or timezone.now()
    started = 0
    due = Broadcast.objects.filter(
        state=PublishState.PUBLISHED, send_state=SendState.WAITING, scheduled_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        started += 1 if broadcast_start(broadcast_id=pk, now=now) else 0
    stuck = BroadcastRecipient.objects.filter(
        state=RecipientState.SENDING, claimed_at__lt=now - timedelta(seconds=STUCK_SENDING_SECONDS)
    ).update(
        state=RecipientState.UNKNOWN,
        detail="Máy gửi dừng giữa chừng; không rõ tin đã tới chưa nên không gửi lại (tránh gửi trùng)",
    )
    kicked = 0
    quiet_since = now - timedelta(seconds=60)
    for pk in Broadcast.objects.filter(send_state=SendState.SENDING).values_list("pk", flat=True):
        if _finish_if_done(pk):
            continue
        # A sending task re-enqueues itself; restart only a broadcast nobody has claimed a row of for a minute.
        if not BroadcastRecipient.objects.filter(broadcast_id=pk, claimed_at__gte=quiet_since).exists():
            _enqueue_send(pk)
            kicked += 1
    return {"started": started, "unknown": stuck, "kicked": kicked}
