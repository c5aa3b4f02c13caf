"""The Celery application shared by web (to enqueue), workers and beat."""

from __future__ import annotations

import os
import sys

from celery import Celery
from celery.signals import worker_init, worker_process_init

from common.broker import transports_register

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Publishing through one Redis client per channel, not a new one per message (common/broker.py).
transports_register()

app = Celery("policezalo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# How often Python hands the GIL from one thread to another (its default is 5 ms). The upstream sync validates
# records in the task's thread while a writer thread commits the previous chunk (sync/services.py, `_Writer`);
# the writer needs the GIL only briefly between its SQL statements, and at 5 ms it waits that long behind the
# validating thread every time. The interval is global to the process, so it is set once for the whole worker
# here, where it can be seen, rather than inside the sync. Web processes keep Python's default.
WORKER_SWITCH_INTERVAL = 0.0005


@worker_init.connect
def worker_tune(**kwargs: object) -> None:
    """In the worker's main process, before it starts its pool: the prefork children inherit it."""
    sys.setswitchinterval(WORKER_SWITCH_INTERVAL)


@worker_process_init.connect
def worker_child_start(**kwargs: object) -> None:
    """In each prefork child as it starts: nothing kept in the parent's memory (a kept-alive HTTP session, a
    Redis client, a cached token) is shared with the child, which opens its own (common/process_cache.py)."""
    from common.process_cache import forget_all

    forget_all()
