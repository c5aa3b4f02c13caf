"""The database: SQLite in the embedded mode, PostgreSQL (DATABASE_URL) in production."""

from __future__ import annotations

from config.env import env_db, env_int
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
