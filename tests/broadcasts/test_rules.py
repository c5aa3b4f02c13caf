"""Zalo's broadcast rules and the once-only guarantee, with the sender run in this process (eager mode)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from broadcasts import services
from broadcasts.models import Broadcast, BroadcastRecipient, RecipientState, SendState
from publishing.services import content_publish, content_submit
from tests.broadcasts.conftest import draft, followers


def approved(editor, approver, oa, **kwargs) -> Broadcast:
    broadcast = draft(editor, oa, seconds=-1, **kwargs)
    content_submit(item=broadcast, user=editor)
    content_publish(item=broadcast, user=approver)
    return broadcast


def start(django_capture_on_commit_callbacks, broadcast: Broadcast, *, send: bool = True) -> Broadcast:
    if send:
        with django_capture_on_commit_callbacks(execute=True):
            services.broadcast_start(broadcast_id=broadcast.pk)
    else:
        services.broadcast_start(broadcast_id=broadcast.pk)
    broadcast.refresh_from_db()
    return broadcast


def test_a_row_left_sending_by_a_dead_worker_becomes_unknown_and_is_never_resent(
    tree, oas, editor_a, approver, fake_zalo
):
    _, oa_a, _ = oas
    followers(oa_a, 3, prefix="a")
    broadcast = start(None, approved(editor_a, approver, oa_a), send=False)
    claimed_id, _ = services._claim(broadcast.pk)  # a worker claims a row, then dies before sending
    services.broadcasts_tick(now=timezone.now() + timedelta(minutes=10))
    assert BroadcastRecipient.objects.get(pk=claimed_id).state == RecipientState.UNKNOWN
    services.broadcast_send_batch(broadcast_id=broadcast.pk)
    assert len(fake_zalo.requests("oa_promotion")) == 2  # the other two; the unknown one is not sent again
    assert Broadcast.objects.get(pk=broadcast.pk).send_state == SendState.DONE


def test_an_expired_oa_token_220_is_refreshed_once_for_that_oa_and_the_broadcast_goes_on(
    tree, oas, editor_a, approver, fake_zalo, django_capture_on_commit_callbacks
):
    _, oa_a, _ = oas
    followers(oa_a, 3, prefix="a")
    fake_zalo.inject("oa_promotion", error=-220, times=1)
    start(django_capture_on_commit_callbacks, approved(editor_a, approver, oa_a))
    [refresh] = fake_zalo.requests("oa_token")
    assert refresh["form"]["refresh_token"] == "a-refresh"  # unit A's own refresh token
    states = list(BroadcastRecipient.objects.values_list("state", flat=True))
    assert states == [RecipientState.SENT] * 3


def test_zalos_out_of_quota_stops_the_broadcast_and_keeps_the_rest_pending(
    tree, oas, editor_a, approver, fake_zalo, django_capture_on_commit_callbacks
):
    _, oa_a, _ = oas
    followers(oa_a, 4, prefix="a")
    fake_zalo.inject("oa_promotion", error=-211, times=1)
    broadcast = start(django_capture_on_commit_callbacks, approved(editor_a, approver, oa_a))
    assert broadcast.send_state == SendState.STOPPED and "hạn mức" in broadcast.send_note
    assert BroadcastRecipient.objects.filter(state=RecipientState.PENDING).count() == 4


def test_the_oas_monthly_quota_stops_sending_when_used(
    tree, oas, editor_a, approver, fake_zalo, django_capture_on_commit_callbacks
):
    _, oa_a, _ = oas
    oa_a.broadcast_monthly_quota = 2
    oa_a.save()
    followers(oa_a, 5, prefix="a")
    broadcast = start(django_capture_on_commit_callbacks, approved(editor_a, approver, oa_a))
    assert len(fake_zalo.requests("oa_promotion")) == 2
    assert broadcast.send_state == SendState.STOPPED and "hạn mức" in broadcast.send_note


def test_a_follower_gets_at_most_the_daily_number_of_broadcasts_from_one_oa(
    tree, oas, editor_a, approver, fake_zalo, django_capture_on_commit_callbacks, settings
):
    settings.BROADCAST_PER_FOLLOWER_DAILY = 1
    _, oa_a, _ = oas
    followers(oa_a, 2, prefix="a")
    start(django_capture_on_commit_callbacks, approved(editor_a, approver, oa_a))
    second = start(django_capture_on_commit_callbacks, approved(editor_a, approver, oa_a))
    rows = BroadcastRecipient.objects.filter(broadcast=second)
    assert [r.state for r in rows] == [RecipientState.SKIPPED] * 2 and "hôm nay" in rows[0].detail
    assert len(fake_zalo.requests("oa_promotion")) == 2
    assert second.send_state in (SendState.SENDING, SendState.DONE)


def test_a_delivery_receipt_for_a_broadcast_message_is_not_waited_for_as_a_notification(
    tree, oas, editor_a, approver, fake_zalo, django_capture_on_commit_callbacks
):
    import time

    from notifications.receipts import on_received

    _, oa_a, _ = oas
    followers(oa_a, 1, prefix="a")
    start(django_capture_on_commit_callbacks, approved(editor_a, approver, oa_a))
    [row] = BroadcastRecipient.objects.all()
    receipt = {
        "event_name": "user_received_message",
        "message": {"msg_id": row.message_id},
        "timestamp": str(int(time.time() * 1000)),
    }
    on_received(receipt)  # returns: no HandlerRetry, so no task waits five minutes for it
