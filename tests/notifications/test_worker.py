"""The pipeline with real parts: a Celery worker process, a Redis of its own (so it can be stopped),
PostgreSQL, and the fake Zalo over HTTP. Workers are killed with SIGKILL mid-batch; Redis is stopped
while officers keep changing dossiers. Nothing may be lost and nothing sent twice."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction

from notifications.models import Notification, State
from notifications.sweeper import notifications_sweep
from tests.dossiers.conftest import PHONE_A, receive

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 10
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tempfile.mkdtemp(prefix="pz-redis-")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir", self.dir],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Worker:
    def __init__(self, env: dict[str, str], log: Path | None = None) -> None:
        self.env = env
        self.log = log  # the worker's own log (INFO), for a failing test to show
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        from django.conf import settings

        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                ",".join(settings.CELERY_QUEUE_NAMES),
                "-c",
                "2",
                "-P",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO" if self.log else "WARNING",
                "-n",
                f"pznotify-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("ab") if self.log else subprocess.DEVNULL,
            start_new_session=True,
        )

    def kill9(self) -> None:
        """SIGKILL the worker and its pool children: no shutdown, no acks."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process = None


def _reset_producers(app) -> None:  # type: ignore[no-untyped-def]
    """Point the test process's producers at the current broker_url (Celery caches its pool)."""
    app._pool = None
    app.amqp._producer_pool = None


def pipeline_env(fake_zalo, settings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The worker process's environment: the test database, the fake Zalo over HTTP, fast retries."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "backend"),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "CELERY_BROKER_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_TIMEOUT),
        "ZALO_MODE": "fake",
        "ZALO_FAKE_URL": fake_zalo.url,
        "ZALO_GRAPH_URL": f"{fake_zalo.url}/graph",
        "ZALO_OAUTH_URL": f"{fake_zalo.url}/oauth",
        "ZALO_OPENAPI_URL": f"{fake_zalo.url}/openapi",
        "ZALO_ZNS_URL": f"{fake_zalo.url}/zns",
        "ZALO_MINIAPP_NOTIFY_URL": f"{fake_zalo.url}/miniapp/notification/template",
        "ZALO_READ_TIMEOUT": "5",
        "NOTIFY_CONSOLE_ENABLED": "false",
        # The same timeout as the sweeper this test runs (the fixture's settings): a batch sends a claimed row only
        # within half of it, so the sweeper never re-queues a row the worker is still about to send.
        "NOTIFY_SENDING_TIMEOUT_SECONDS": str(settings.NOTIFY_SENDING_TIMEOUT_SECONDS),
        "NOTIFY_RETRY_BASE_SECONDS": "0.2",
        "NOTIFY_RETRY_MAX_SECONDS": "2",
        "NOTIFY_RATE_PER_SECOND": json.dumps({"oa": 1000, "zns": 1000, "miniapp": 1000, "console": 1000}),
    }
    return env


@pytest.fixture
def pipeline(transactional_db, fake_zalo, settings, tree, officer_a, procedure):
    from config.celery import app
    from tests.notifications.conftest import _templates  # noqa: F401
    from zalo import oa_token
    from zalo.client import OATokens

    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a database shared between processes")
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))
    broker = PrivateRedis()
    broker.start()
    settings.CELERY_VISIBILITY_TIMEOUT_SECONDS = VISIBILITY_TIMEOUT
    settings.NOTIFY_SENDING_TIMEOUT_SECONDS = 5
    settings.NOTIFY_REQUEUE_AFTER_SECONDS = 5
    env = pipeline_env(fake_zalo, settings)
    env.update(REDIS_URL=broker.url, CELERY_BROKER_URL=broker.url)
    previous = (
        app.conf.broker_url,
        app.conf.task_always_eager,
        app.conf.broker_transport_options,
        app.conf.broker_connection_timeout,
    )
    app.conf.broker_url, app.conf.task_always_eager = broker.url, False
    # Publishing to the stopped broker fails after a short connect timeout (production default: 1 s).
    app.conf.broker_transport_options = {**app.conf.broker_transport_options, "socket_connect_timeout": 0.2}
    app.conf.broker_connection_timeout = 0.2
    _reset_producers(app)
    worker = Worker(env)
    worker.start()
    handle = type("Pipeline", (), {"worker": worker, "broker": broker, "fake": fake_zalo})()
    try:
        yield handle
    finally:
        worker.stop()
        broker.stop()
        (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options,
         app.conf.broker_connection_timeout) = previous  # fmt: skip
        _reset_producers(app)


def _wait(condition, timeout: float, sweep: bool = True) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last_sweep = time.monotonic()
    while time.monotonic() < deadline:
        if condition():
            return
        if sweep and time.monotonic() - last_sweep > 2:  # what beat does every NOTIFY_SWEEP_SECONDS
            notifications_sweep()
            last_sweep = time.monotonic()
        time.sleep(0.2)
    states = Counter(Notification.objects.values_list("state", flat=True))
    raise AssertionError(f"timed out; rows by state: {dict(states)}")


def _sent() -> int:
    return Notification.objects.filter(state=State.SENT).count()


def _two_sigkills_then_every_row_sent_once(pipeline, rows_expected: int) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL the worker at 300 and at 600 sent, let the sweeper finish, then: 0 lost, at most one repeat per worker
    process per kill, every repeat with the row's own tracking id."""
    _wait(lambda: _sent() >= 300, 120, sweep=False)
    pipeline.worker.kill9()
    pipeline.worker.start()
    _wait(lambda: _sent() >= 600, 120, sweep=False)
    pipeline.worker.kill9()
    pipeline.worker.start()
    _wait(lambda: not Notification.objects.exclude(state__in=[State.SENT, State.FAILED, State.SKIPPED]).exists(), 180)

    rows = list(Notification.objects.values_list("pk", "state"))
    assert len(rows) == rows_expected
    assert Counter(state for _, state in rows) == {State.SENT: rows_expected}  # 0 lost, 0 failed
    calls = Counter(c["json"]["tracking_id"] for c in pipeline.fake.requests("zns"))
    assert set(calls) == {str(pk) for pk, _ in rows}  # every row reached Zalo …
    repeats = {tracking: n for tracking, n in calls.items() if n > 1}
    # … once. A kill between Zalo's answer and our commit can only re-send with the same tracking_id
    # (which Zalo de-duplicates, UNVERIFIED); at most one per worker process per kill (2 processes, 2 kills),
    # and never a third send of one row.
    assert len(repeats) <= 4 and set(repeats.values()) <= {2}, repeats


def test_a_thousand_notifications_survive_two_sigkills_sent_exactly_once(pipeline, tree, officer_a, procedure):
    with transaction.atomic():  # one commit, then 1,000 tasks hit the broker
        for n in range(1000):
            receive(officer_a, tree.unit_a, procedure, code=f"K-{n:04d}", phone=PHONE_A)
    _two_sigkills_then_every_row_sent_once(pipeline, 1000)


def test_dossier_changes_while_redis_is_down_are_notified_when_it_returns(pipeline, tree, officer_a, procedure):
    pipeline.broker.stop()
    dossiers = [receive(officer_a, tree.unit_a, procedure, code=f"R-{n:03d}", phone=PHONE_A) for n in range(20)]
    assert Notification.objects.filter(dossier__in=dossiers, state=State.QUEUED).count() == 20  # committed
    time.sleep(1)
    pipeline.broker.start()
    _wait(lambda: Notification.objects.filter(dossier__in=dossiers, state=State.SENT).count() == 20, 90)
    calls = Counter(c["json"]["tracking_id"] for c in pipeline.fake.requests("zns"))
    assert all(calls[str(n.pk)] == 1 for n in Notification.objects.filter(dossier__in=dossiers))


def test_a_thousand_batched_notifications_survive_two_sigkills_sent_exactly_once(pipeline, tree, officer_a, procedure):
    """The same through the batch path: events written in bulk as the upstream sync writes them (one fan-out,
    send_batch tasks of 20 rows, each batch claimed in one statement). A kill mid-batch leaves the rows claimed and
    not yet sent to the sweeper (sent once, later); still at most one sent and unrecorded per worker process."""
    from django.utils import timezone

    from dossiers.models import DossierEvent, DossierStatus
    from dossiers.signals import dossier_events_created

    dossier = receive(officer_a, tree.unit_a, procedure, code="KB-0001", phone=PHONE_A)
    _wait(lambda: _sent() >= 1, 60, sweep=False)
    with transaction.atomic():
        now = timezone.now()
        statuses = (DossierStatus.SUPPLEMENT, DossierStatus.PROCESSING)
        events = DossierEvent.objects.bulk_create(
            DossierEvent(dossier=dossier, status=statuses[n % 2], previous_status=statuses[(n + 1) % 2],
                         occurred_at=now, note="Thử", actor_label="Đồng bộ", source="sync")
            for n in range(1000)
        )  # fmt: skip
        dossier_events_created.send(sender=DossierEvent, events=events)
    _two_sigkills_then_every_row_sent_once(pipeline, 1001)  # the intake's message and one per event
