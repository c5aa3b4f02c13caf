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
from django.db import connection

_PLACEHOLDER = re.compile(r"\$(\d+)")
_plain: dict[str, str] = {}


def session_statements() -> bool:
    """Whether session state (prepared statements) survives between transactions on this connection."""
    return getattr(settings, "DATABASE_POOL_MODE", "session") != "transaction"


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
        prepared(name, parameter_types, sql)
        cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", list(params))
        return
    cursor.execute(_plain_text(name, sql), {f"p{i}": value for i, value in enumerate(params, 1)})
