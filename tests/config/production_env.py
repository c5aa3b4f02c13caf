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
}


def production_env(**changes: str | None) -> dict[str, str]:
    """The process environment with the production variables; `NAME=None` removes one."""
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env
