"""Tasks are sent by name, so the modules that enqueue never import the tasks that call them back (no import
cycle: tests/test_architecture.py); eager mode (CELERY_TASK_ALWAYS_EAGER: the tests and the embedded default) still
runs a task sent by name at once."""

from __future__ import annotations

import pytest
from django.db import transaction

from notifications.models import Channel, Kind, Notification, State
from notifications.outbox import enqueue_many
from notifications.services import notify_citizen
from tests.notifications.conftest import make_citizen


@pytest.fixture
def no_broker(monkeypatch):
    """Celery's send_task ignores CELERY_TASK_ALWAYS_EAGER and would publish to Redis: make that an error."""
    from config.celery import app

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"published to the broker: {args[:1]}")

    monkeypatch.setattr(app, "send_task", refuse)


@pytest.mark.django_db(transaction=True)
def test_a_message_enqueued_by_name_is_sent_at_once_in_eager_mode(settings, tree, no_broker):
    settings.NOTIFY_CONSOLE_ENABLED = True
    values = {"code": "PA-7K3M9QXR", "report_kind": "Phản ánh", "reply": "Đã xử lý xong."}
    with transaction.atomic():
        row = notify_citizen(
            key="report-reply:9", kind=Kind.REPORT_REPLY, citizen=make_citizen("7901"), unit=tree.unit_a,
            values=values, link="https://zalo.me/s/1",
        )  # fmt: skip
    row.refresh_from_db()
    assert (row.channel, row.state) == (Channel.CONSOLE, State.SENT)


@pytest.mark.django_db(transaction=True)
def test_many_rows_go_through_the_fan_out_task_by_name_in_eager_mode(settings, tree, no_broker):
    citizen = make_citizen("7902")
    rows = Notification.objects.bulk_create(
        Notification(key=f"fan-out:{n}", citizen=citizen, unit=tree.unit_a, recipient="công dân", channel="console",
                     kind=Kind.REPORT_REPLY, values={"code": f"PA-{n}", "reply": "Đã xử lý."}, link="https://zalo.me/s/1")
        for n in range(30)
    )  # fmt: skip
    enqueue_many([row.pk for row in rows])
    assert Notification.objects.filter(state=State.SENT).count() == 30
