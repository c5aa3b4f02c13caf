"""A web worker's publish window (notifications/outbox.py, _Window): the rows its requests commit are handed to
Celery together a moment later, one task per 20 rows instead of one each; nothing of a rolled-back transaction
is ever published, nothing is held back when the worker exits, a failed publish does not stop the next ones,
and the gunicorn configuration turns the window on in each worker and off as it exits."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.db import transaction

from notifications import outbox
from tests.notifications.test_enqueue_on_commit import rolled_back

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
WINDOW = 0.3


@pytest.fixture
def published(monkeypatch):
    sent: list[tuple[str, list]] = []
    arrived = threading.Event()

    def record(name, args, countdown=None):
        sent.append((name, args))
        arrived.set()

    monkeypatch.setattr(outbox, "_send_by_name", record)
    return sent, arrived


@pytest.fixture
def window(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert outbox.publish_window_start(WINDOW)
    yield
    outbox.publish_window_stop()


def wait_for(event: threading.Event, seconds: float = 5.0) -> None:
    assert event.wait(seconds), "nothing was published"


def test_rows_of_several_requests_go_out_together_after_the_window(published, window):
    sent, arrived = published
    started = time.monotonic()
    for ids in ([1], [2, 3], [4]):  # three requests, each committing its own rows
        with transaction.atomic():
            outbox.enqueue_on_commit(ids)
    assert sent == []  # committed, still inside the window
    wait_for(arrived)
    assert time.monotonic() - started >= WINDOW * 0.9
    assert sent == [("notifications.send_batch", [[1, 2, 3, 4]])]


def test_rows_outside_a_transaction_also_wait_for_the_window(published, window):
    sent, arrived = published
    outbox.enqueue_on_commit([7])
    assert sent == []
    wait_for(arrived)
    assert sent == [("notifications.send", [7])]


def test_a_rolled_back_transaction_publishes_nothing(published, window):
    sent, arrived = published
    with rolled_back():
        outbox.enqueue_on_commit([1])
    with transaction.atomic():
        outbox.enqueue_on_commit([2])
    wait_for(arrived)
    time.sleep(WINDOW)  # a second round, had there been anything more
    assert sent == [("notifications.send", [2])]


def test_rows_after_a_round_go_in_the_next_round(published, window):
    sent, arrived = published
    outbox.enqueue_on_commit([1])
    wait_for(arrived)
    arrived.clear()
    outbox.enqueue_on_commit([2])
    wait_for(arrived)
    assert sent == [("notifications.send", [1]), ("notifications.send", [2])]


def test_stopping_publishes_what_is_held_at_once_and_later_rows_go_straight(published, window):
    sent, _ = published
    outbox.enqueue_on_commit([1, 2])
    outbox.publish_window_stop()  # the worker exits inside the window
    assert sent == [("notifications.send_batch", [[1, 2]])]
    outbox.enqueue_on_commit([3])
    assert sent[-1] == ("notifications.send", [3])


def test_a_failed_publish_leaves_the_rows_to_the_sweeper_and_the_next_rows_still_go(monkeypatch, window, caplog):
    sent: list = []
    arrived = threading.Event()

    def broker(name, args, countdown=None):
        if not sent:
            sent.append("down")
            raise ConnectionError("Redis is down")
        sent.append((name, args))
        arrived.set()

    monkeypatch.setattr(outbox, "_send_by_name", broker)
    outbox.enqueue_on_commit([1])
    time.sleep(WINDOW * 2)
    assert sent == ["down"]  # logged by enqueue_many; row 1 is still `queued` in the database
    assert "sweeper" in caplog.text
    outbox.enqueue_on_commit([2])
    wait_for(arrived)
    assert sent == ["down", ("notifications.send", [2])]


def test_no_window_in_eager_mode_or_at_zero(settings, published):
    sent, _ = published
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert not outbox.publish_window_start(1.0)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert not outbox.publish_window_start(0)
    outbox.enqueue_on_commit([5])
    assert sent == [("notifications.send", [5])]  # at once, as in a Celery worker or a command


def test_gunicorn_turns_the_window_on_in_each_worker_and_off_as_it_exits(settings, published):
    sent, _ = published
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.NOTIFY_PUBLISH_WINDOW_SECONDS = 30.0  # long: only the exit hook can publish in this test
    namespace: dict = {}
    exec((ROOT / "backend" / "config" / "gunicorn.py").read_text(), namespace)  # noqa: S102 - our own config
    namespace["post_worker_init"](None)
    try:
        outbox.enqueue_on_commit([11])
        assert sent == []
    finally:
        namespace["worker_exit"](None, None)
    assert sent == [("notifications.send", [11])]
