"""Thin tasks: ids in, one service call. Routed to their own queues (settings.CELERY_TASK_ROUTES)."""

from __future__ import annotations

import logging

from celery import shared_task

from notifications import delivery, outbox, sweeper

logger = logging.getLogger(__name__)


@shared_task(name="notifications.send", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_notification(notification_id: int) -> str:
    return delivery.notification_send(notification_id=notification_id)


@shared_task(name="notifications.send_batch", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_notifications(notification_ids: list[int]) -> int:
    """Several rows, one after another, each exactly as `notifications.send` handles it (claimed, sent, its
    outcome committed before the next): a worker killed mid-batch leaves at most the one row in flight to
    the sweeper, and the redelivered task finds the finished rows no longer queued."""
    sent = 0
    for pk in notification_ids:
        try:
            sent += delivery.notification_send(notification_id=pk) == "sent"
        except Exception:  # noqa: BLE001 - this row waits for the sweeper; the others still go
            logger.exception("notification %s: send failed; the sweeper will retry it", pk)
    return sent


@shared_task(name="notifications.retry", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def retry_notification(notification_id: int) -> str:
    return delivery.notification_send(notification_id=notification_id)


@shared_task(name="notifications.fan_out", acks_late=True, ignore_result=True)
def fan_out_notifications(notification_ids: list[int]) -> int:
    outbox.enqueue_many(notification_ids, fan_out=False)
    return len(notification_ids)


@shared_task(name="notifications.sweep", ignore_result=True)
def sweep_notifications() -> dict[str, int]:
    return sweeper.notifications_sweep()
