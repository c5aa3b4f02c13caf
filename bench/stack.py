"""Pieces of the production-like stack the benchmarks share: ports, waiting for a server, CPU of a process
tree, and forgetting an earlier run's synced dossiers."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, timeout: float = 300) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes so far (from /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def process_tree(pid: int) -> list[int]:
    """The process and its direct children (gunicorn and Celery prefork workers)."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid, *[int(c) for c in children]]


def forget_dossiers(prefix: str) -> None:
    """Delete an earlier run's synced dossiers (codes starting with `prefix`), their events and messages,
    then vacuum and checkpoint so the previous run's dead rows do not land inside the timed run."""
    from django.db import connection

    with connection.cursor() as cursor:
        like = f"{prefix}%"
        cursor.execute(
            "DELETE FROM notifications_notificationattempt WHERE notification_id IN (SELECT n.id FROM "
            "notifications_notification n JOIN dossiers_dossier d ON d.id = n.dossier_id WHERE d.code LIKE %s)",
            [like],
        )
        cursor.execute(
            "DELETE FROM notifications_notification WHERE dossier_id IN "
            "(SELECT id FROM dossiers_dossier WHERE code LIKE %s)",
            [like],
        )
        cursor.execute(
            "DELETE FROM dossiers_dossierevent WHERE dossier_id IN (SELECT id FROM dossiers_dossier WHERE code LIKE %s)",
            [like],
        )
        cursor.execute("DELETE FROM dossiers_dossier WHERE code LIKE %s", [like])
        cursor.execute("VACUUM ANALYZE dossiers_dossier, dossiers_dossierevent, notifications_notification")
        try:
            cursor.execute("CHECKPOINT")
        except Exception:  # noqa: BLE001 - needs a superuser; only steadies the figures
            pass
