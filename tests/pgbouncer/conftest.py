"""The API tests of this folder run through a real PgBouncer in transaction mode (tests/servers.py).

The test database is created directly (pytest-django), then every test of a module here connects through PgBouncer
with DATABASE_POOL_MODE=transaction, as a replica behind a transaction-mode pooler does in production; the modules
import the lookup, report, rating and sign-in tests (and their fixtures) from their own folders, so the same tests
run both ways. PgBouncer stops before pytest-django drops the test database (it holds server connections to it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.servers import pgbouncer


def pytest_collection_modifyitems(config, items):
    # Tests that run a live server with many threads (the limits under 50 concurrent requests) test Redis's
    # atomicity, not the pooler; through PgBouncer they hung CI's run at teardown (every connection idle, nothing
    # moving for minutes), so this tier leaves them to their own folder.
    kept, dropped = [], []
    for item in items:
        if "/tests/pgbouncer/" in str(item.path).replace(os.sep, "/"):
            if "live_server" in getattr(item, "fixturenames", ()):
                dropped.append(item)
                continue
            item.add_marker(pytest.mark.pgbouncer)
        kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def pgbouncer_port(django_db_setup, django_db_blocker) -> Iterator[int]:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PgBouncer fronts PostgreSQL only")
    if shutil.which("pgbouncer") is None and not os.path.exists("/usr/sbin/pgbouncer"):
        if os.environ.get("CI"):
            pytest.fail("pgbouncer is not installed (apt-get install pgbouncer)")
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer)")
    db = connection.settings_dict
    with pgbouncer(host=db["HOST"] or "127.0.0.1", port=int(db["PORT"] or 5432), user=db["USER"] or "postgres") as port:
        yield port
    with django_db_blocker.unblock():
        connection.close()  # before PgBouncer is gone: Django then reconnects directly to drop the database


@pytest.fixture(scope="module", autouse=True)
def _through_pgbouncer(pgbouncer_port, django_db_blocker) -> Iterator[None]:
    from django.conf import settings
    from django.db import connection

    saved = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT", "DISABLE_SERVER_SIDE_CURSORS")}
    mode = settings.DATABASE_POOL_MODE
    with django_db_blocker.unblock():
        connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(pgbouncer_port), DISABLE_SERVER_SIDE_CURSORS=True)
    settings.DATABASE_POOL_MODE = "transaction"
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            connection.close()
        connection.settings_dict.update(saved)
        settings.DATABASE_POOL_MODE = mode


@pytest.fixture(autouse=True)
def _pooled(request) -> None:
    """Each test really talks to PgBouncer (guards the switch above)."""
    from django.db import connection

    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        assert connection.settings_dict["PORT"] == str(request.getfixturevalue("pgbouncer_port"))
