"""Rows written in one transaction are enqueued together when it commits: one send task per SEND_BATCH rows
(a fan-out above 20), never a row of a rolled-back transaction or savepoint, never a row forgotten."""

from __future__ import annotations

from contextlib import contextmanager

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


def test_rows_of_released_sibling_savepoints_share_one_enqueue(published):
    """Many status changes in one request, each in its own atomic(): one fan-out at the commit, not a task each."""
    with transaction.atomic():
        for pk in range(1, 31):
            with transaction.atomic():
                outbox.enqueue_on_commit([pk])
        assert published == []
    assert published == [("notifications.fan_out", [list(range(1, 31))])]


class _Undo(Exception):
    pass


@contextmanager
def rolled_back():
    """A savepoint (or transaction) whose block runs and is then rolled back."""
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


def test_a_savepoint_rolled_back_after_siblings_were_released_keeps_their_rows(published):
    with transaction.atomic():
        with transaction.atomic():
            outbox.enqueue_on_commit([1])
        with rolled_back():
            outbox.enqueue_on_commit([2])
        with transaction.atomic():
            outbox.enqueue_on_commit([3])
    # Row 2 was rolled back with its savepoint; its id rides along and its claim finds nothing (delivery._claim).
    assert published == [("notifications.send_batch", [[1, 2, 3]])]


def test_the_first_savepoint_rolled_back_drops_only_its_own_list(published):
    with transaction.atomic():
        with rolled_back():
            outbox.enqueue_on_commit([1])
            with transaction.atomic():
                outbox.enqueue_on_commit([2])
        with transaction.atomic():
            outbox.enqueue_on_commit([3])
    assert published == [("notifications.send", [3])]


def test_a_rolled_back_outer_transaction_sends_nothing_from_its_savepoints(published):
    with rolled_back():
        for pk in (1, 2):
            with transaction.atomic():
                outbox.enqueue_on_commit([pk])
    assert published == []
