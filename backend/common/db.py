"""Server-side prepared statements for the few hottest queries (PostgreSQL only).

Planning a multi-join statement costs more than running it; PREPARE once per database session, then
EXECUTE. Assumes a session-level connection to PostgreSQL (no PgBouncer in transaction mode).
"""

from __future__ import annotations

from django.db import connection


def prepared(name: str, parameter_types: str, sql: str) -> str:
    """Make sure `name` is prepared on the current connection; returns the name to EXECUTE."""
    connection.ensure_connection()
    raw = connection.connection
    if getattr(connection, "_pz_prepared_for", None) is not raw:  # a new session: nothing prepared yet
        connection._pz_prepared_for = raw  # type: ignore[attr-defined]
        connection._pz_prepared = set()  # type: ignore[attr-defined]
    if name not in connection._pz_prepared:  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute(f"PREPARE {name} ({parameter_types}) AS {sql}")
        connection._pz_prepared.add(name)  # type: ignore[attr-defined]
    return name
