"""A fixed cast for every test: a small province tree and the officers who work in it.

province (Công an tỉnh Thử Nghiệm)
├── unit_a (Công an phường Đồng Tâm)
│   └── unit_a_child (Đội Cảnh sát khu vực Đồng Tâm)
└── unit_b (Công an xã Đức Hạnh)
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from rest_framework.test import APIClient

from accounts import roles
from tests.factories import (
    OfficerFactory,
    UnitFactory,
    UnitKindFactory,
    UnitPhoneFactory,
)

# The slow tiers (`make test-fast` leaves them out) and what must run alone (`make test` runs it after the parallel
# run): marked here by where a test lives and what it uses, so a new test in those places is marked too.
SLOW_FILES = ("tests/test_schema.py",)  # schemathesis fuzzes every endpoint
SLOW_FIXTURES = {"celery_worker_process"}  # a real Celery worker process


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.path).replace(os.sep, "/")
        if "/tests/e2e/" in path:  # headless Chromium against a live server
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.serial)
            item.add_marker(pytest.mark.slow)
        elif path.endswith(SLOW_FILES) or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_configure(config):
    """The live server's listen backlog is 10; the concurrency tests open 25–50 connections at
    once, and a full backlog answers with a reset (seen once in CI) instead of queueing them."""
    from django.core.servers import basehttp

    basehttp.WSGIServer.request_queue_size = 128


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Django's PBKDF2 (a million rounds) costs about half a second per password here, and the sign-in, lockout and
    demo tests hash hundreds. Tests hash with MD5; the settings, and every test that starts manage.py in production
    mode, keep the real hasher."""
    from django.conf import settings
    from django.contrib.auth import hashers

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The tests of one process share one Redis database (each xdist worker has its own: tests/worker_services.py):
    never let one test read another's cached responses, nor what an earlier test left in this process's memory
    (tokens, templates, the calendar: common/process_cache.py)."""
    from django.core.cache import caches

    from common.process_cache import forget_all

    for alias in ("default", "durable"):  # the same Redis database unless REDIS_BROKER_URL / REDIS_CACHE_URL split it
        caches[alias].clear()
    forget_all()
    yield


@pytest.fixture
def django_capture_on_commit_callbacks(django_capture_on_commit_callbacks):
    """pytest-django's fixture, each block starting its own notification list: the outbox adds a transaction's rows
    to one list whose callback was registered by the first of them (notifications/outbox.py,
    `enqueue_on_commit`), and a callback registered before the block is neither captured nor run by it, so rows
    written by a test's setup would otherwise take the block's rows with them."""

    @contextmanager
    def capture(*, using: str = DEFAULT_DB_ALIAS, execute: bool = False) -> Iterator[list]:
        connections[using]._pz_notify_pending = None
        with django_capture_on_commit_callbacks(using=using, execute=execute) as callbacks:
            yield callbacks

    return capture


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def tree(db) -> SimpleNamespace:
    province_kind = UnitKindFactory(code="cong_an_tinh", name="Công an tỉnh")
    ward_kind = UnitKindFactory(code="cong_an_phuong", name="Công an phường")
    commune_kind = UnitKindFactory(code="cong_an_xa", name="Công an xã")
    team_kind = UnitKindFactory(code="doi", name="Đội")
    province = UnitFactory(code="T-CAT", name="Công an tỉnh Thử Nghiệm", kind=province_kind)
    unit_a = UnitFactory(code="T-A", name="Công an phường Đồng Tâm", kind=ward_kind, parent=province, display_order=1)
    unit_a_child = UnitFactory(code="T-A1", name="Đội Cảnh sát khu vực Đồng Tâm", kind=team_kind, parent=unit_a)
    unit_b = UnitFactory(code="T-B", name="Công an xã Đức Hạnh", kind=commune_kind, parent=province, display_order=2)
    for unit in (province, unit_a, unit_a_child, unit_b):
        UnitPhoneFactory(unit=unit)
    return SimpleNamespace(province=province, unit_a=unit_a, unit_a_child=unit_a_child, unit_b=unit_b)


@pytest.fixture
def officer_a(tree):
    return OfficerFactory(username="officer_a", unit=tree.unit_a, roles=[roles.UNIT_OFFICER])


@pytest.fixture
def leader_a(tree):
    return OfficerFactory(username="leader_a", unit=tree.unit_a, roles=[roles.UNIT_LEADER])


@pytest.fixture
def officer_b(tree):
    return OfficerFactory(username="officer_b", unit=tree.unit_b, roles=[roles.UNIT_OFFICER])


@pytest.fixture
def editor(tree):
    return OfficerFactory(username="editor", unit=tree.province, roles=[roles.CONTENT_EDITOR])


@pytest.fixture
def provincial_admin(tree):
    return OfficerFactory(username="province_admin", unit=tree.province, roles=[roles.PROVINCIAL_ADMIN])


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real Celery worker process consuming Redis and writing to the test database.

    Tasks enqueued during the test go through the broker (eager mode is switched off) and the
    worker sees committed rows only, hence the transactional database.
    """
    from django.db import connection

    from config.celery import app

    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a database shared between processes")
    db = connection.settings_dict
    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONPATH": str(root / "backend"),
    }
    from django.conf import settings as django_settings

    queues = ",".join(django_settings.CELERY_QUEUE_NAMES)
    name = f"pztest-{os.getpid()}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queues,
            "-c",
            "1",
            "-P",
            "solo",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield SimpleNamespace(process=process, name=name)
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
