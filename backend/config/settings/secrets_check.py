"""Production refuses a secret this repository publishes, or two secrets that are the same
(config/known_secrets.py). Called by config/settings/__init__.py once every module has read its secrets."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config import known_secrets


def published_secrets_refuse(settings: Mapping[str, Any]) -> None:
    # A setting read as a JSON object of keys (ZALO_OA_SECRET_KEYS) is checked in its written form.
    values = {
        name: json.dumps(value) if isinstance(value := settings[name], dict) and value else (value or None)
        for name in known_secrets.SECRET_VARIABLES
    }
    problems = known_secrets.secret_problems(values)
    if settings["PII_HASH_KEY"] and len(settings["PII_HASH_KEY"]) < 32:
        problems.append("PII_HASH_KEY quá ngắn; cần ≥ 32 ký tự ngẫu nhiên (docs/huong-dan-van-hanh.md, mục 2).")
    if settings["METRICS_TOKEN"] and len(settings["METRICS_TOKEN"]) < 32:
        problems.append("METRICS_TOKEN quá ngắn; cần ≥ 32 ký tự ngẫu nhiên (docs/huong-dan-van-hanh.md, mục 2).")
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
