"""The one place that reads the process environment.

Every setting the project reads is declared here with its type and default, so that
`.env.example` and the operator guide can list them and a missing or malformed value
fails loudly with the variable's name instead of surfacing later as a 500.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

# Every variable read through this module, so a test can compare it with .env.example.
READ_VARIABLES: set[str] = set()
# The variables read with env_secret, so a test can compare them with config.known_secrets.SECRET_VARIABLES.
SECRET_VARIABLES: set[str] = set()

_env = environ.Env()


class _Missing:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<required>"


REQUIRED: Any = _Missing()


def _raw(name: str) -> str | None:
    """NAME from the environment, or the content of the file named by NAME_FILE (Docker/Swarm secrets, mounted
    files): a secret given as a file never shows in `docker inspect` or the process environment."""
    READ_VARIABLES.add(name)
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE", "").strip()
    if path:
        if value is not None and value.strip():
            raise ImproperlyConfigured(f"Đặt {name} hoặc {name}_FILE, không đặt cả hai.")
        try:
            value = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: không đọc được tệp {path} ({exc.strerror}).") from exc
    if value is None or value.strip() == "":
        return None
    return value.strip()


def _missing(name: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"Thiếu biến môi trường bắt buộc {name} (missing required environment variable {name})."
    )


def env_str(name: str, default: Any = REQUIRED) -> str:
    value = _raw(name)
    if value is None:
        if default is REQUIRED:
            raise _missing(name)
        return default
    return value


def env_secret(name: str, default: Any = REQUIRED) -> str:
    """A secret: read like env_str, and listed so production can refuse published or shared values."""
    SECRET_VARIABLES.add(name)
    return env_str(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} phải là true/false (got {value!r}).")


def env_int(name: str, default: Any = REQUIRED) -> int:
    value = _raw(name)
    if value is None:
        if default is REQUIRED:
            raise _missing(name)
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} phải là số nguyên (got {value!r}).") from exc


def env_float(name: str, default: float) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} phải là số (got {value!r}).") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_json(name: str, default: Any) -> Any:
    value = _raw(name)
    if value is None:
        return default
    import json

    try:
        return json.loads(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} phải là JSON hợp lệ ({exc}).") from exc


def env_db(name: str, default: Any = REQUIRED) -> dict[str, Any]:
    value = _raw(name)
    if value is None:
        if default is REQUIRED or default is None:
            raise _missing(name)
        value = default
    try:
        return _env.db_url_config(value)
    except Exception as exc:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(f"{name} không phải là URL cơ sở dữ liệu hợp lệ.") from exc
