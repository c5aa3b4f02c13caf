"""The database: SQLite in the embedded mode, PostgreSQL (DATABASE_URL) in production."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_db, env_int, env_str
from config.settings.base import PRODUCTION, VAR_DIR

if not PRODUCTION:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env_db("DATABASE_URL", None if PRODUCTION else f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 5)
    # Django's backend with a health check that polls the socket before paying a round trip.
    DATABASES["default"]["ENGINE"] = "common.postgresql"
# How the app reaches PostgreSQL: "session" (directly, or PgBouncer in session mode) or "transaction" (PgBouncer in
# transaction mode: each transaction may run on another server session). In transaction mode nothing may rely on
# session state: no server-side cursors (QuerySet.iterator), no PREPAREd statements (common/db.py).
DATABASE_POOL_MODE = env_str("DATABASE_POOL_MODE", "session")
if DATABASE_POOL_MODE not in {"session", "transaction"}:
    raise ImproperlyConfigured("DATABASE_POOL_MODE phải là 'session' hoặc 'transaction'.")
if DATABASE_POOL_MODE == "transaction":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
