"""A complete production environment for tests, so each test can remove or break one variable."""

from __future__ import annotations

import base64
import os
import secrets


def _random(length: int = 64) -> str:
    return secrets.token_urlsafe(length)


# Secrets are drawn at import: a value written here would be published in the repository, and production
# refuses every published value (config/known_secrets.py).
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": _random(),
    "ALLOWED_HOSTS": "dichvucong.congan.example.vn",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/policezalo"),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    "ZALO_MODE": "live",
    "ZALO_APP_ID": "1234567890123456789",
    "ZALO_APP_SECRET": _random(24),
    "ZALO_OA_SECRET_KEY": _random(24),
    "CITIZEN_TOKEN_SECRET": _random(),
    "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "PII_HASH_KEY": _random(),
}


def production_env(**changes: str | None) -> dict[str, str]:
    """The process environment with the production variables; `NAME=None` removes one."""
    # Start from a clean process environment: settings variables of the test run must not leak in.
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    env.update(PRODUCTION_ENV)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env
