"""The PostgreSQL health check: no round trip while the connection is fine, a reconnect when the server
dropped it while it was idle (what Django's CONN_HEALTH_CHECKS is for)."""

from __future__ import annotations

import select
import time

import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_postgresql

from common.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.django_db


@pytest.fixture
def spare():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@pytest.fixture
def round_trips(monkeypatch):
    """How often the check fell back to Django's SELECT 1."""
    calls = []
    original = django_postgresql.DatabaseWrapper.is_usable

    def counted(self):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(self)

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", counted)
    return calls


def test_the_project_uses_this_backend(spare):
    assert isinstance(spare, DatabaseWrapper) and spare.health_check_enabled


def test_a_healthy_idle_connection_is_usable_without_a_round_trip(spare, round_trips):
    with spare.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert spare.is_usable() is True
    assert round_trips == []


def test_a_connection_the_server_dropped_is_found_and_replaced_before_the_next_query(spare, round_trips):
    pid = spare.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's goodbye reaches the socket asynchronously.
    select.select([spare.connection.fileno()], [], [], 5)
    time.sleep(0.05)
    assert spare.is_usable() is False
    assert round_trips == [1]

    # What Django does at the start of a request, then the request's first query.
    spare.health_check_done = False
    spare.close_if_health_check_failed()
    with spare.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_closed_connection_is_not_usable(spare, round_trips):
    spare.connection.close()
    assert spare.is_usable() is False
    assert round_trips == []


def test_json_values_are_decoded_and_jsonb_is_left_to_django(spare):
    with spare.cursor() as cursor:
        cursor.execute("""SELECT '[{"a": 1, "b": "Công an"}]'::json, '{"x": [1, 2.5, null]}'::jsonb""")
        as_json, as_jsonb = cursor.fetchone()
    assert as_json == [{"a": 1, "b": "Công an"}]
    assert as_jsonb == '{"x": [1, 2.5, null]}'  # Django's JSONField decodes jsonb itself
