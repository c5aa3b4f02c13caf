"""Rows written in one transaction are enqueued together when it commits: one send task per SEND_BATCH rows
(a fan-out above 20), never a row of a rolled-back transaction or savepoint, never a row forgotten."""

from __future__ import annotations

import pytest
from django.db import transaction

from notifications import outbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(monkeypatch):
    sent: list[tuple[str, list]] = []
    monkeypatch.setattr(outbox, "_send_by_name", lambda name, args, countdown=None: sent.append((name, args)))
    return sent


def test_rows_of_one_transaction_go_in_one_task_after_commit(published):
    with transaction.atomic():
        outbox.enqueue_on_commit([1, 2])
        outbox.enqueue_on_commit([3])
        assert published == []  # nothing before the commit
    assert published == [("notifications.send_batch", [[1, 2, 3]])]


def test_many_rows_are_fanned_out_and_batched(published, monkeypatch):
    with transaction.atomic():
        for pk in range(1, 46):
            outbox.enqueue_on_commit([pk])
    assert published == [("notifications.fan_out", [list(range(1, 46))])]
    published.clear()
    outbox.enqueue_many(list(range(1, 46)), fan_out=False)  # what the fan-out task does
    assert [len(args[0]) for _, args in published] == [20, 20, 5]
    assert {name for name, _ in published} == {"notifications.send_batch"}


def test_a_rolled_back_savepoint_drops_its_rows_and_keeps_the_later_ones(published):
    with transaction.atomic():
        try:
            with transaction.atomic():
                outbox.enqueue_on_commit([1])
                raise RuntimeError
        except RuntimeError:
            pass
        outbox.enqueue_on_commit([2])
    assert published == [("notifications.send", [2])]


def test_a_rolled_back_transaction_enqueues_nothing_and_the_next_one_still_does(published):
    try:
        with transaction.atomic():
            outbox.enqueue_on_commit([1])
            raise RuntimeError
    except RuntimeError:
        pass
    assert published == []
    with transaction.atomic():
        outbox.enqueue_on_commit([2, 3])
    assert published == [("notifications.send_batch", [[2, 3]])]


def test_outside_a_transaction_rows_go_at_once(published):
    outbox.enqueue_on_commit([7])
    assert published == [("notifications.send", [7])]
