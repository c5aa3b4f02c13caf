"""Every secret value this repository publishes, in one place, so production can refuse them all.

A value that is in the repository is known to anyone who reads it: the embedded demo's defaults, the fake
Zalo's keys, the fake upstream feed's token, and the values our tests, benchmarks and docs assign to a secret
variable. Production (DJANGO_ENV=production) refuses to start with any of them (config/settings/secrets_check.py). tests/config/test_known_secrets.py scans every tracked text file for a literal value assigned to
one of SECRET_VARIABLES and fails if that value is missing here: a new example secret is either added to this
list (and so refused in production) or generated at run time.

This module imports nothing from the project: settings read it before any app is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

# The settings that hold a secret: each is read with config.env.env_secret.
SECRET_VARIABLES: tuple[str, ...] = (
    "SECRET_KEY",
    "CITIZEN_TOKEN_SECRET",
    "FIELD_ENCRYPTION_KEY",
    "PII_HASH_KEY",
    "METRICS_TOKEN",
    "ZALO_APP_SECRET",
    "ZALO_OA_SECRET_KEY",
    "ZALO_OA_SECRET_KEYS",
    "ZALO_MINIAPP_API_KEY",
    "SYNC_HTTP_AUTH_VALUE",
    "EMAIL_HOST_PASSWORD",
    "REDIS_SENTINEL_PASSWORD",
    "S3_SECRET_ACCESS_KEY",
)

# Secrets this system generates itself (docs/huong-dan-van-hanh.md, mục 2): each is used for one purpose, so
# two of them being equal means one leaked key opens two doors (a Prometheus scrape token that also signs
# citizens' tokens, a hash key that is also the encryption key). They must differ from each other and from
# every secret issued to us (ISSUED_SECRETS). Secrets issued by Zalo or by the upstream vendor are not compared
# with each other: the issuer chooses them, not the operator.
GENERATED_SECRETS: tuple[str, ...] = (
    "SECRET_KEY",
    "CITIZEN_TOKEN_SECRET",
    "FIELD_ENCRYPTION_KEY",
    "PII_HASH_KEY",
    "METRICS_TOKEN",
    "REDIS_SENTINEL_PASSWORD",
)
ISSUED_SECRETS: tuple[str, ...] = (
    "ZALO_APP_SECRET",
    "ZALO_OA_SECRET_KEY",
    "ZALO_OA_SECRET_KEYS",
    "ZALO_MINIAPP_API_KEY",
    "SYNC_HTTP_AUTH_VALUE",
    "EMAIL_HOST_PASSWORD",
    "S3_SECRET_ACCESS_KEY",
)

# --- The embedded demo's defaults (config/settings/ uses these constants, never a copy) ---
EMBEDDED_SECRET_KEY = "embedded-insecure-secret-key-do-not-use-in-production"
EMBEDDED_CITIZEN_TOKEN_SECRET = "embedded-citizen-token-secret-not-for-production"
EMBEDDED_FIELD_ENCRYPTION_KEY = "3q2-5ygl3GW0Gdf7Mx0kD2Y0FWjd4Xz2Kk7kJYxC1nE="
EMBEDDED_PII_HASH_KEY = "embedded-pii-hash-key-not-for-production"
# The fake Zalo (ZALO_MODE=fake) and the fake upstream feed (backend/sync/fake_upstream.py).
FAKE_ZALO_APP_SECRET = "fake-app-secret"
FAKE_ZALO_OA_SECRET_KEY = "fake-oa-secret-key"
FAKE_ZALO_MINIAPP_API_KEY = "fake-miniapp-key"
FAKE_UPSTREAM_TOKEN = "fake-upstream-token"

KNOWN_SECRETS: frozenset[str] = frozenset(
    {
        EMBEDDED_SECRET_KEY,
        EMBEDDED_CITIZEN_TOKEN_SECRET,
        EMBEDDED_FIELD_ENCRYPTION_KEY,
        EMBEDDED_PII_HASH_KEY,
        FAKE_ZALO_APP_SECRET,
        FAKE_ZALO_OA_SECRET_KEY,
        FAKE_ZALO_MINIAPP_API_KEY,
        FAKE_UPSTREAM_TOKEN,
        f"Bearer {FAKE_UPSTREAM_TOKEN}",  # bench/sync.py, bench/soak.py, docs/sync.md
        # Values the tests assign to a secret setting (tests/ops/test_metrics.py, tests/sync/test_http_sync.py).
        "bi-mat-giam-sat",
        "Bearer wrong",
    }
)


def is_published(value: str) -> bool:
    """True for a value this repository publishes, also as the token of an "Authorization: <scheme> <token>" or
    as one of the keys of a JSON object of keys (ZALO_OA_SECRET_KEYS)."""
    candidates = {value, value.strip()}
    _scheme, _, token = value.strip().partition(" ")
    if token:
        candidates.add(token.strip())
    if value.strip().startswith("{"):
        try:
            keys = json.loads(value)
        except ValueError:
            keys = {}
        if isinstance(keys, dict):
            candidates.update(str(key) for key in keys.values())
    return any(candidate in KNOWN_SECRETS for candidate in candidates)


def secret_problems(values: Mapping[str, str | None]) -> list[str]:
    """What is wrong with the production secrets, one Vietnamese sentence per problem, each naming the variable.

    `values` maps each of SECRET_VARIABLES to its value (empty or None: not set, checked elsewhere).
    """
    problems = [
        f"{name} đang là giá trị công khai trong mã nguồn (giá trị mặc định, demo hoặc ví dụ); "
        f"hãy tạo giá trị ngẫu nhiên mới cho {name} (docs/huong-dan-van-hanh.md, mục 2)."
        for name in SECRET_VARIABLES
        if values.get(name) and is_published(str(values[name]))
    ]
    seen: dict[str, str] = {}
    for name in (*GENERATED_SECRETS, *ISSUED_SECRETS):
        value = values.get(name)
        if not value:
            continue
        first = seen.get(value)
        if first is not None and (first in GENERATED_SECRETS or name in GENERATED_SECRETS):
            problems.append(
                f"{first} và {name} đang cùng một giá trị; mỗi khóa bí mật phải khác nhau: "
                f"hãy tạo giá trị mới cho {name} (docs/huong-dan-van-hanh.md, mục 2)."
            )
        seen.setdefault(value, name)
    return problems
