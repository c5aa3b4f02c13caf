"""Django's PostgreSQL backend with a health check that costs no round trip while nothing is wrong.

With CONN_HEALTH_CHECKS, Django checks a persistent connection before the first query of each request
with `SELECT 1`: one more round trip per request, a fifth of a dossier lookup. What that check exists
for is a connection the server has dropped while it sat idle (restart, failover, idle timeout,
pg_terminate_backend). The server says so on the socket before closing it, and an idle connection
otherwise receives nothing: so the socket is polled first (no wait), and only when something is
waiting there is the connection checked the usual way, which then finds it dead and Django reconnects.

Values of type `json` (not `jsonb`, which Django's JSONField decodes itself) are decoded with orjson:
the dossier lookup gets its timeline and the unit's phones as json_agg.
"""

from __future__ import annotations

import select

import orjson
import psycopg2.extras
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        psycopg2.extras.register_default_json(conn_or_curs=connection, loads=orjson.loads)
        return connection

    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        try:
            waiting, _, _ = select.select([self.connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        if not waiting:
            return True
        return super().is_usable()  # a notice, or the server's goodbye: the round trip tells which
