"""Thin tasks: ids in, one service call."""

from __future__ import annotations

from celery import shared_task

from broadcasts import services


@shared_task(name="broadcasts.send", acks_late=True, ignore_result=True)
def send_broadcast(broadcast_id: int) -> str:
    outcome = services.broadcast_send_batch(broadcast_id=broadcast_id)
    if outcome == "more":
        send_broadcast.apply_async(args=[broadcast_id])
    return outcome


@shared_task(name="broadcasts.tick", ignore_result=True)
def tick_broadcasts() -> dict[str, int]:
    return services.broadcasts_tick()
