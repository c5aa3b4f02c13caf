"""Exactly one beat schedules however many are started (ops/beat.py): real beat processes, real PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from ops.beat import AdvisoryLock, SingleBeatScheduler, lock_database

ROOT = Path(__file__).resolve().parents[2]
SENT = "Sending due task pz-beat-lock-probe"


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_beat(log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONPATH": str(ROOT / "backend"),
        "BEAT_STANDBY_SECONDS": "1",
    }
    handle = log.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "INFO", "--pidfile", "", "--max-interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def _sends(log: Path) -> int:
    return log.read_text(errors="replace").count(SENT)


def _wait(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for {what}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=30)


@pytest.mark.slow
def test_two_beats_started_one_schedules_and_the_other_takes_over_when_it_dies(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the lock is a PostgreSQL advisory lock")
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="pz-beat-lock-probe", task="ops.heartbeat", interval=every_second)
    logs = [tmp_path / "beat-1.log", tmp_path / "beat-2.log"]
    beats = [_start_beat(log) for log in logs]
    try:
        _wait(lambda: sum(_sends(log) for log in logs) >= 4, "the probe task sent four times")
        _wait(lambda: all("beat:" in log.read_text(errors="replace") for log in logs), "both beats past start-up")
        time.sleep(2)
        counts = [_sends(log) for log in logs]
        assert sorted(counts)[0] == 0, f"both beats sent the probe task: {counts}"
        leader = counts.index(max(counts))
        standby = 1 - leader
        assert "dự phòng" in logs[standby].read_text()

        # The holder dies without a word (as a killed container does): PostgreSQL releases its lock with its session.
        beats[leader].send_signal(signal.SIGKILL)
        beats[leader].wait(timeout=30)
        _wait(lambda: _sends(logs[standby]) >= 2, "the waiting beat taking over", timeout=30)
        assert "giữ khóa lập lịch" in logs[standby].read_text()
    finally:
        for beat in beats:
            _stop(beat)


def test_the_advisory_lock_is_held_by_one_session_and_freed_when_it_closes(db):
    if connection.vendor != "postgresql":
        pytest.skip("the lock is a PostgreSQL advisory lock")
    database = lock_database()
    assert database is not None
    first, second = AdvisoryLock(database, key=4242), AdvisoryLock(database, key=4242)
    try:
        assert first.held()
        assert not second.held()
        assert first.held(), "the holder keeps it on every check"
        first.release()
        assert second.held()
    finally:
        first.release()
        second.release()


def test_a_lost_lock_connection_means_standby_until_it_can_be_taken_again(db):
    if connection.vendor != "postgresql":
        pytest.skip("the lock is a PostgreSQL advisory lock")
    lock = AdvisoryLock(lock_database(), key=4243)
    try:
        assert lock.held()
        with connection.cursor() as cursor:  # the server ends the holder's session (a failover, a restart)
            cursor.execute("SELECT pg_terminate_backend(%s)", [lock.connection.get_backend_pid()])
        assert not lock.held(), "a dead session no longer holds the lock"
        assert lock.held(), "taken again on a new session"
    finally:
        lock.release()


def test_the_settings_run_the_locked_scheduler(settings):
    assert settings.CELERY_BEAT_SCHEDULER == "ops.beat:SingleBeatScheduler"
    assert issubclass(SingleBeatScheduler, __import__("django_celery_beat.schedulers").schedulers.DatabaseScheduler)
