from __future__ import annotations

import socket

from celery import shared_task
from django.utils import timezone

from ops.models import Heartbeat


@shared_task(name="ops.heartbeat", ignore_result=True)
def heartbeat() -> None:
    Heartbeat.objects.update_or_create(
        name="beat", defaults={"last_seen": timezone.now(), "worker": socket.gethostname()}
    )


@shared_task(name="ops.noop", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def noop() -> None:
    """Does nothing: the baseline of the notification benchmark (Celery's own cost per task)."""


@shared_task(name="ops.mark", ignore_result=True, acks_late=True)
def mark(key: str) -> None:
    """Sets a Redis key: tells a benchmark that everything queued before it has been taken."""
    from common.redis_client import shared_redis

    client = shared_redis()
    if client is not None:
        client.set(key, "1", ex=3600)


@shared_task(name="ops.check_alerts", ignore_result=True)
def check_alerts() -> None:
    from ops.alerts import alerts_check

    alerts_check()
