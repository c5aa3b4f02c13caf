"""The few hottest queries (PostgreSQL only), run as server-side prepared statements when the connection is a
session of its own, and as plain parametrised statements behind a transaction-mode pooler.

Planning a multi-join statement costs more than running it: on a session-level connection (direct, or PgBouncer in
session mode) PREPARE once per database session, then EXECUTE. Behind PgBouncer in transaction mode
(DATABASE_POOL_MODE=transaction) consecutive transactions of one Django connection may run on different server
sessions, so a name PREPAREd on one is unknown on the next: the statement is then sent whole each time (psycopg2
binds the parameters on the client, so it is still one round trip; the server plans it every time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_PLACEHOLDER = re.compile(r"\$(\d+)")
_plain: dict[str, str] = {}
_execute: dict[tuple[str, int], str] = {}


def session_statements() -> bool:
    """Whether session state (prepared statements) survives between transactions on this connection."""
    return getattr(settings, "DATABASE_POOL_MODE", "session") != "transaction"


def prepared(name: str, parameter_types: str, sql: str, *, conn: Any = None) -> str:
    """Make sure `name` is prepared on `conn` (a Django connection; the default one when None); returns the name to
    EXECUTE."""
    if conn is None:
        conn = connections[DEFAULT_DB_ALIAS]  # looked up once: each `connection.x` looks it up again
    conn.ensure_connection()
    raw = conn.connection
    if getattr(conn, "_pz_prepared_for", None) is not raw:  # a new session: nothing prepared yet
        conn._pz_prepared_for = raw
        conn._pz_prepared = set()
    if name not in conn._pz_prepared:
        with conn.cursor() as cursor:
            cursor.execute(f"PREPARE {name} ({parameter_types}) AS {sql}")
        conn._pz_prepared.add(name)
    return name


def _execute_text(name: str, count: int) -> str:
    text = _execute.get((name, count))
    if text is None:
        text = _execute[name, count] = f"EXECUTE {name} ({', '.join(['%s'] * count)})"
    return text


def _plain_text(name: str, sql: str) -> str:
    """`sql` with $1, $2… as psycopg placeholders (%(p1)s…) and its own % signs escaped, built once per name."""
    text = _plain.get(name)
    if text is None:
        text = _plain[name] = _PLACEHOLDER.sub(lambda m: f"%(p{m.group(1)})s", sql.replace("%", "%%"))
    return text


def execute(cursor: Any, name: str, parameter_types: str, sql: str, params: Sequence[Any]) -> None:
    """Run `sql` (placeholders $1, $2…) with `params` in one round trip: EXECUTE of a statement prepared on this
    session, or, behind a transaction-mode pooler, the statement itself."""
    if session_statements():
        prepared(name, parameter_types, sql, conn=getattr(cursor, "db", None))  # Django's cursor knows its connection
        cursor.execute(_execute_text(name, len(params)), list(params))
        return
    cursor.execute(_plain_text(name, sql), {f"p{i}": value for i, value in enumerate(params, 1)})
