"""A complete production environment for tests, so each test can remove or break one variable."""

from __future__ import annotations

import os

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": "k3v9Qx1_production-test-secret-key-with-enough-entropy-0123456789abcdef",
    "ALLOWED_HOSTS": "dichvucong.congan.example.vn",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/policezalo"),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    "ZALO_MODE": "live",
    "ZALO_APP_ID": "1234567890123456789",
    "ZALO_APP_SECRET": "production-test-app-secret",
    "ZALO_OA_SECRET_KEY": "production-test-oa-secret",
    "CITIZEN_TOKEN_SECRET": "production-test-citizen-token-secret-0123456789",
    "FIELD_ENCRYPTION_KEY": "Yx3sJ8l2nR0kq5Tz9Wb4Hc7Vd1Fg6Mp2Ls8Qe3Na0Ko=",
    "PII_HASH_KEY": "production-test-pii-hash-key-0123456789abcdef",
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
