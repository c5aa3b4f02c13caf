"""Thin tasks: ids in, one service call. Routed to their own queues (settings.CELERY_TASK_ROUTES)."""

from __future__ import annotations

from celery import shared_task

from notifications import delivery, outbox, sweeper


@shared_task(name="notifications.send", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_notification(notification_id: int) -> str:
    return delivery.notification_send(notification_id=notification_id)


@shared_task(name="notifications.send_batch", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_notifications(notification_ids: list[int]) -> int:
    """Several rows: claimed together, sent one after another, each outcome committed before the next send
    (delivery.notifications_send); a redelivered task finds the rows it had claimed no longer queued."""
    outcomes = delivery.notifications_send(notification_ids)
    return sum(outcome == "sent" for outcome in outcomes.values())


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
