"""A batch task's rows: claimed in one statement, their rate tokens taken in one Redis call, each sent and its
outcome committed before the next (delivery.notifications_send)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import ratelimit
from notifications import delivery
from notifications.models import Notification, NotificationAttempt, State
from tests.dossiers.conftest import PHONE_A, receive

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued(tree, officer_a, procedure, oa_authorised, fake_zalo) -> list[int]:
    """Five ZNS rows (one per dossier, to the counter phone), sent once at intake and put back to queued."""
    for n in range(5):
        receive(officer_a, tree.unit_a, procedure, code=f"B-{n:03d}", phone=PHONE_A)
    ids = list(Notification.objects.order_by("id").values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(state=State.QUEUED, attempts=0, sent_at=None)
    NotificationAttempt.objects.all().delete()
    caches["default"].clear()  # the intake's sends took rate tokens and counted against the day's quota
    with fake_zalo.server.app.state.lock:
        fake_zalo.server.app.state.requests.clear()
    return ids


@pytest.fixture
def enqueued(monkeypatch) -> list[tuple[list[int], float]]:
    """What the batch hands back to Celery (eager mode would run it at once, inside the test)."""
    calls: list[tuple[list[int], float]] = []
    monkeypatch.setattr(delivery, "enqueue_many", lambda ids, countdown=0, **kw: calls.append((list(ids), countdown)))
    return calls


def test_a_batch_is_one_claim_then_one_commit_per_message(queued, fake_zalo):
    delivery.notifications_send(queued)  # the template and the OA token are then in this process's memory
    Notification.objects.filter(pk__in=queued).update(state=State.QUEUED)
    with CaptureQueriesContext(connection) as queries:
        outcomes = delivery.notifications_send(queued)
    assert outcomes == dict.fromkeys(queued, "sent")
    statements = [q["sql"].split(" (")[0] for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert statements == ["EXECUTE pz_notification_claim_many"] + ["EXECUTE pz_notification_sent"] * 5
    # every row reached Zalo once per send, in order, with its own tracking id
    tracking = [c["json"]["tracking_id"] for c in fake_zalo.requests("zns")]
    assert tracking == [str(pk) for pk in queued] * 2


def test_rows_another_task_holds_are_not_claimed(queued, fake_zalo):
    Notification.objects.filter(pk__in=queued[:2]).update(state=State.SENDING)
    outcomes = delivery.notifications_send(queued)
    assert set(outcomes) == set(queued[2:])
    assert {c["json"]["tracking_id"] for c in fake_zalo.requests("zns")} == {str(pk) for pk in queued[2:]}
    assert delivery.notifications_send(queued[2:]) == {}  # a redelivered task: nothing left to claim


def test_rows_past_the_rate_go_back_to_the_queue_for_when_a_token_is_there(queued, fake_zalo, settings, enqueued):
    settings.NOTIFY_RATE_PER_SECOND = {"zns": 2}  # the bucket holds two tokens
    outcomes = delivery.notifications_send(queued)
    assert list(outcomes.values()).count("sent") == 2
    held = [pk for pk in queued if outcomes[pk] == "rate-limited"]
    assert len(held) == 3
    [(ids, countdown)] = enqueued
    assert ids == held and 0 < countdown <= 0.5
    for row in Notification.objects.filter(pk__in=held):
        assert row.state == State.QUEUED and row.attempts == 0  # waiting for a token is not an attempt
    assert len(fake_zalo.requests("zns")) == 2


def test_rows_past_the_daily_quota_are_deferred_to_tomorrow(queued, fake_zalo, settings, enqueued):
    settings.NOTIFY_DAILY_QUOTA = {"zns": 3}
    outcomes = delivery.notifications_send(queued)
    assert [outcomes[pk] for pk in queued] == ["sent"] * 3 + ["deferred"] * 2
    for row in Notification.objects.filter(pk__in=queued[3:]):
        assert row.state == State.DEFERRED and row.attempts == 0 and "ngày mai" in row.reason
    assert enqueued == [] and len(fake_zalo.requests("zns")) == 3


def test_what_a_slow_batch_has_not_sent_in_time_goes_back_before_the_sweeper_would_take_it(
    queued, fake_zalo, settings, enqueued
):
    settings.NOTIFY_SENDING_TIMEOUT_SECONDS = 0  # every claim is already older than half of it
    outcomes = delivery.notifications_send(queued)
    assert set(outcomes.values()) == {"released"}
    assert enqueued == [(queued, 0)]
    assert all(r.state == State.QUEUED and r.attempts == 0 for r in Notification.objects.filter(pk__in=queued))
    assert fake_zalo.requests("zns") == []


def test_the_bucket_gives_part_of_a_batch_and_says_what_stopped_the_rest():
    day = "2026-12-04"
    assert ratelimit.bucket_take_many("t", 3, per_second=5, daily_quota=100, day=day) == (3, "ok", 0)
    taken, verdict, wait_ms = ratelimit.bucket_take_many("t", 5, per_second=5, daily_quota=100, day=day)
    assert (taken, verdict) == (2, "wait") and 0 < wait_ms <= 200
    assert ratelimit.bucket_take_many("q", 5, per_second=50, daily_quota=3, day=day) == (3, "quota", 0)
    assert ratelimit.bucket_take("q", per_second=50, daily_quota=3, day=day) == ("quota", 0)
