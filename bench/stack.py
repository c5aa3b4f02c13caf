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


def feed_source(url: str, *, nested: bool):  # type: ignore[no-untyped-def]
    """The demo source «mot-cua» set up whole, as an officer would in the admin (Quản trị › Nguồn đồng bộ), for
    the fake one-stop feed at `url`: every benchmark that syncs sets every field it relies on, so none runs with
    another's address or field map (the soak once synced from the address bench/sync.py had left behind)."""
    from django.conf import settings

    from common.crypto import encrypt_text
    from sync.fake_upstream import NESTED_FIELD_MAP_CHANGES
    from sync.models import SyncSource

    source = SyncSource.objects.get(name="mot-cua")
    SyncSource.objects.filter(pk=source.pk).update(
        enabled=True,
        cursor="",
        url=url,
        paging="cursor",
        page_size=1000,
        records_path="data",
        next_cursor_path="next_cursor",
        auth_kind="api_key",
        auth_header="Authorization",
        auth_secret_encrypted=encrypt_text("Bearer fake-upstream-token"),
        version_rule="updated_at",
        # The nested feed (`fake_upstream --nested`) puts the applicant and the agency in objects.
        field_map={**settings.SYNC_FIELD_MAP, **(NESTED_FIELD_MAP_CHANGES if nested else {})},
    )
    source.refresh_from_db()
    return source


def bench_dossier(code: str, phone: str):  # type: ignore[no-untyped-def]
    """A dossier received at the counter with the applicant's phone: each of its events is one ZNS message."""
    import uuid

    from django.db import transaction

    from accounts.models import User
    from dossiers.services import dossier_receive
    from procedures.models import Procedure
    from units.models import Unit

    officer = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-admin", password=uuid.uuid4().hex
    )
    with transaction.atomic():
        return dossier_receive(
            officer=officer,
            procedure=Procedure.objects.get(code="1.004222", local_suffix=""),
            unit=Unit.objects.get(code="DEMO-P-DONGTAM"),
            channel="truc_tiep",
            applicant_name="Nguyễn Văn Thử",
            applicant_id_number="001090009999",
            applicant_phone=phone,
            code=code,
        )


def bulk_dossier_events(dossier, count: int, chunk: int = 1000) -> None:  # type: ignore[no-untyped-def]
    """`count` status changes of `dossier` written the way the upstream sync writes them: events in bulk, one
    `dossier_events_created` signal per chunk (notification rows in bulk, fanned out to the notify queue on
    commit), one transaction per chunk."""
    from django.db import transaction
    from django.utils import timezone

    from dossiers.models import DossierEvent, DossierStatus
    from dossiers.signals import dossier_events_created

    statuses = (DossierStatus.SUPPLEMENT, DossierStatus.PROCESSING)
    for first in range(0, count, chunk):
        with transaction.atomic():
            now = timezone.now()
            events = DossierEvent.objects.bulk_create(
                [
                    DossierEvent(
                        dossier=dossier,
                        status=statuses[n % 2],
                        previous_status=statuses[(n + 1) % 2],
                        occurred_at=now,
                        note="Bổ sung thử tải",
                        actor_label="Đồng bộ thử tải",
                        source="sync",
                    )
                    for n in range(first, min(count, first + chunk))
                ]
            )
            dossier_events_created.send(sender=DossierEvent, events=events)


def purge_queues() -> int:
    """Empty every Celery queue of the project (`app.control.purge()` only knows the default one): tasks left
    by an earlier benchmark, or a run stopped halfway, would be counted as this one's work."""
    from django.conf import settings

    from config.celery import app

    purged = 0
    with app.connection_for_write() as connection:
        for name in settings.CELERY_QUEUE_NAMES:
            purged += connection.default_channel.queue_purge(name) or 0
    return purged


# The Zalo send rate is a production throttle, not a capacity: out of reach so the pipeline itself is measured.
RATE_OFF = '{"oa": 100000, "zns": 100000, "miniapp": 100000, "console": 100000}'
QUOTA_OFF = '{"oa": 1000000000, "zns": 1000000000, "miniapp": 1000000000, "console": 1000000000}'


def fake_zalo_env(fake_url: str) -> dict[str, str]:
    """Settings that send every Zalo call to the fake Zalo at `fake_url`, with no send-rate limit or quota."""
    return {
        "ZALO_MODE": "fake",
        "ZALO_FAKE_URL": fake_url,
        "ZALO_GRAPH_URL": f"{fake_url}/graph",
        "ZALO_OAUTH_URL": f"{fake_url}/oauth",
        "ZALO_OPENAPI_URL": f"{fake_url}/openapi",
        "ZALO_ZNS_URL": f"{fake_url}/zns",
        "ZALO_MINIAPP_NOTIFY_URL": f"{fake_url}/miniapp/notification/template",
        "NOTIFY_CONSOLE_ENABLED": "false",
        "NOTIFY_RATE_PER_SECOND": RATE_OFF,
        "NOTIFY_DAILY_QUOTA": QUOTA_OFF,
    }
