"""The broker behind Redis Sentinel (REDIS_BROKER_URL=sentinel://…, common/redis_client.py): a real primary, a replica
and a Sentinel on free ports. The primary is killed in the middle of a batch; the Sentinel promotes the replica, the
worker and the web side follow it by themselves, and every notification is sent, once."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis
from django.db import transaction

from notifications.models import Notification, State
from tests.dossiers.conftest import PHONE_A, receive
from tests.notifications.test_worker import Worker, _reset_producers, _sent, _wait, pipeline_env
from tests.servers import free_port, stop, wait_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

MASTER = "pz-test-broker"


def _redis(port: int, folder: Path, *extra: str) -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), *extra],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wait_port(port, process, "redis-server")
    return process


@pytest.fixture
def sentinel_set() -> Iterator[SimpleNamespace]:
    if shutil.which("redis-sentinel") is None:
        pytest.skip("redis-sentinel is not installed")
    folder = Path(tempfile.mkdtemp(prefix="pz-sentinel-"))
    primary_port, replica_port, sentinel_port = free_port(), free_port(), free_port()
    for name in ("primary", "replica"):
        (folder / name).mkdir()
    primary = _redis(primary_port, folder / "primary")
    replica = _redis(replica_port, folder / "replica", "--replicaof", "127.0.0.1", str(primary_port))
    config = folder / "sentinel.conf"
    config.write_text(
        f"port {sentinel_port}\nbind 127.0.0.1\ndir {folder}\n"
        f"sentinel monitor {MASTER} 127.0.0.1 {primary_port} 1\n"
        f"sentinel down-after-milliseconds {MASTER} 1000\n"
        f"sentinel failover-timeout {MASTER} 10000\n"
    )
    sentinel = subprocess.Popen(["redis-sentinel", str(config)], stdout=subprocess.DEVNULL)
    wait_port(sentinel_port, sentinel, "redis-sentinel")
    watcher = redis.Redis(port=sentinel_port)
    deadline = time.monotonic() + 30
    while (
        not watcher.sentinel_slaves(MASTER)
        or redis.Redis(port=replica_port).info("replication").get("master_link_status") != "up"
    ):
        assert time.monotonic() < deadline, "the Sentinel did not see the replica in time"
        time.sleep(0.2)
    try:
        yield SimpleNamespace(
            url=f"sentinel://127.0.0.1:{sentinel_port}/0",
            primary=primary,
            primary_port=primary_port,
            replica_port=replica_port,
            watcher=watcher,
        )
    finally:
        for process in (sentinel, replica, primary):
            stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_broker_fails_over_mid_batch_and_nothing_is_lost(
    sentinel_set, transactional_db, fake_zalo, settings, tree, officer_a, procedure
):
    from config.celery import app
    from zalo import oa_token
    from zalo.client import OATokens

    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))
    settings.NOTIFY_SENDING_TIMEOUT_SECONDS = 5
    settings.NOTIFY_REQUEUE_AFTER_SECONDS = 5
    env = pipeline_env(fake_zalo, settings)
    del env["CELERY_BROKER_URL"], env["REDIS_URL"]
    # The broker through the Sentinel; the cache (rate limits) on the tests' own Redis.
    env.update(
        REDIS_BROKER_URL=sentinel_set.url, REDIS_CACHE_URL=os.environ["REDIS_URL"], REDIS_BROKER_SENTINEL_MASTER=MASTER
    )
    previous = (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options)
    app.conf.broker_url, app.conf.task_always_eager = sentinel_set.url, False
    app.conf.broker_transport_options = {**app.conf.broker_transport_options, "master_name": MASTER}
    _reset_producers(app)
    log = Path(tempfile.mkdtemp(prefix="pz-sentinel-worker-")) / "worker.log"
    worker = Worker(env, log=log)
    worker.start()
    try:
        with transaction.atomic():  # one commit, then 300 tasks reach the primary
            for n in range(300):
                receive(officer_a, tree.unit_a, procedure, code=f"S-{n:04d}", phone=PHONE_A)
        _wait(lambda: _sent() >= 60, 120, sweep=False)
        sentinel_set.primary.kill()  # no shutdown: whatever the replica had not received is gone
        sentinel_set.primary.wait(timeout=10)
        deadline = time.monotonic() + 30
        while sentinel_set.watcher.sentinel_get_master_addr_by_name(MASTER)[1] != sentinel_set.replica_port:
            assert time.monotonic() < deadline, "the Sentinel did not promote the replica"
            time.sleep(0.2)
        # The sweeper (beat, every NOTIFY_SWEEP_SECONDS) enqueues again, through the Sentinel, what the old primary
        # took with it; the worker reconnects to the new primary by itself.
        try:
            _wait(lambda: not Notification.objects.exclude(state__in=[State.SENT, State.FAILED]).exists(), 240)
        except AssertionError as error:
            tail = log.read_text(errors="replace").splitlines()[-60:]
            raise AssertionError(f"{error}\nthe worker's log ends:\n" + "\n".join(tail)) from None
    finally:
        worker.stop()
        app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options = previous
        _reset_producers(app)

    rows = list(Notification.objects.values_list("pk", "state"))
    assert len(rows) == 300
    assert Counter(state for _, state in rows) == {State.SENT: 300}  # 0 lost, 0 failed
    calls = Counter(c["json"]["tracking_id"] for c in fake_zalo.requests("zns"))
    assert set(calls) == {str(pk) for pk, _ in rows}
    # A task the old primary handed out and the new one hands out again is claimed once (the row's state decides).
    assert set(calls.values()) == {1}, {k: v for k, v in calls.items() if v > 1}
