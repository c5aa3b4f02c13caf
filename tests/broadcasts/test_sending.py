"""A broadcast to 5,000 followers of an OA narrowed to one ward: approved, scheduled, paced at the configured
rate (read from the fake Zalo's own timestamps), stopped halfway and resumed, each recipient exactly once,
with a real Celery worker and a second sender competing for the same rows."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest

from broadcasts import services
from broadcasts.models import Broadcast, BroadcastRecipient, RecipientState, SendState
from broadcasts.receipts import on_seen
from common.errors import ApplicationError
from publishing.services import content_publish, content_submit
from tests.broadcasts.conftest import draft, followers, living_in
from tests.dossiers.conftest import receive

RATE = 100  # per second: BROADCAST_RATE_PER_SECOND for the worker and this process
WARD_SIZE = 300


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture
def worker_env(monkeypatch, fake_zalo, settings):
    """What the worker process reads from its environment: the fake Zalo over HTTP, the broadcast pace."""
    for name, value in {
        "ZALO_MODE": "fake",
        "ZALO_FAKE_URL": fake_zalo.url,
        "ZALO_GRAPH_URL": f"{fake_zalo.url}/graph",
        "ZALO_OAUTH_URL": f"{fake_zalo.url}/oauth",
        "ZALO_OPENAPI_URL": f"{fake_zalo.url}/openapi",
        "ZALO_ZNS_URL": f"{fake_zalo.url}/zns",
        "BROADCAST_RATE_PER_SECOND": str(RATE),
        "BROADCAST_BATCH_SIZE": "50",
    }.items():
        monkeypatch.setenv(name, value)
    settings.BROADCAST_RATE_PER_SECOND = RATE
    settings.BROADCAST_BATCH_SIZE = 50


def sends(fake_zalo) -> list[dict]:
    return fake_zalo.requests("oa_promotion")


@pytest.mark.slow
def test_a_ward_broadcast_is_approved_scheduled_paced_stopped_resumed_and_sent_once_each(
    worker_env, celery_worker_process, tree, oas, editor_a, approver, officer_b, procedure, fake_zalo
):
    province, _, _ = oas
    everyone = followers(province, 5000, prefix="p")
    ward_dossier = receive(officer_b, tree.unit_b, procedure, code="W-0001", phone="")
    ward = everyone[:WARD_SIZE]
    living_in(ward, ward_dossier)

    broadcast = draft(editor_a, province, area=tree.unit_b, seconds=30)
    # Not approved: due or not, nothing starts.
    assert services.broadcasts_tick(now=broadcast.scheduled_at + timedelta(seconds=1))["started"] == 0
    content_submit(item=broadcast, user=editor_a)
    with pytest.raises(ApplicationError):
        content_publish(item=broadcast, user=editor_a)  # an editor cannot approve
    content_publish(item=broadcast, user=approver)
    assert services.broadcasts_tick(now=broadcast.scheduled_at - timedelta(seconds=1))["started"] == 0  # not yet
    assert services.broadcasts_tick(now=broadcast.scheduled_at + timedelta(seconds=1))["started"] == 1
    assert BroadcastRecipient.objects.filter(broadcast=broadcast).count() == WARD_SIZE

    # The worker sends; this process sends too, competing for the same rows.
    wait_until(lambda: len(sends(fake_zalo)) >= 20)
    services.broadcast_send_batch(broadcast_id=broadcast.pk, limit=40)
    wait_until(lambda: len(sends(fake_zalo)) >= WARD_SIZE // 2)
    services.broadcast_stop(broadcast=broadcast, user=editor_a)
    wait_until(lambda: not BroadcastRecipient.objects.filter(broadcast=broadcast, state="sending").exists())
    at_stop = len(sends(fake_zalo))
    time.sleep(1.0)
    assert len(sends(fake_zalo)) == at_stop < WARD_SIZE  # stopped midway: nothing more goes
    assert Broadcast.objects.get(pk=broadcast.pk).send_state == SendState.STOPPED

    services.broadcast_resume(broadcast=broadcast, user=editor_a)
    wait_until(lambda: Broadcast.objects.get(pk=broadcast.pk).send_state == SendState.DONE)

    calls = sends(fake_zalo)
    per_recipient = Counter(call["json"]["recipient"]["user_id"] for call in calls)
    assert per_recipient == Counter({row.follower_id: 1 for row in ward})  # each in the ward, exactly once
    assert {call["oa_id"] for call in calls} == {province.oa_id}
    states = Counter(BroadcastRecipient.objects.filter(broadcast=broadcast).values_list("state", flat=True))
    assert states == {RecipientState.SENT: WARD_SIZE}
    # The pace, from the fake's own clock: the bucket holds at most RATE tokens and refills RATE a second,
    # so no 2×RATE consecutive sends fit in less than a second.
    times = sorted(call["at"] for call in calls)
    assert all(times[i + 2 * RATE] - times[i] >= 0.99 for i in range(len(times) - 2 * RATE))
    button = calls[0]["json"]["message"]["attachment"]["payload"]["buttons"][0]["payload"]["url"]
    assert button.endswith(f"/news/{broadcast.article_id}")  # the article opens in the Mini App

    row = BroadcastRecipient.objects.filter(broadcast=broadcast).first()
    on_seen({"event_name": "user_seen_message", "message": {"msg_ids": [row.message_id]}})
    row.refresh_from_db()
    assert row.state == RecipientState.SEEN and row.seen_at
