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
