"""Production refuses to start when misconfigured, and passes Django's deploy checklist when not."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config import known_secrets
from tests.config.production_env import production_env

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_with_a_complete_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"DEBUG": "true"}, "DEBUG"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "embedded-insecure-secret-key-do-not-use-in-production"}, "SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(30)}, "SECRET_KEY"),  # 40 characters
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"ZALO_MODE": "fake"}, "ZALO_MODE"),
        ({"ZALO_MODE": None}, "ZALO_MODE"),
        ({"CELERY_TASK_ALWAYS_EAGER": "true"}, "CELERY_TASK_ALWAYS_EAGER"),
    ],
)
def test_production_refuses_to_start_and_names_the_variable(changes, named):
    result = manage("check", env=production_env(**changes))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.splitlines()[-1], result.stderr[-500:]


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Import the settings alone (a fifth of `manage.py check`): every refusal below happens there."""
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        env={**env, "PYTHONPATH": str(ROOT / "backend")},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, "production started"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: "), result.stderr[-1000:]
    return last


def test_the_test_production_environment_starts():
    assert load_settings(production_env()).returncode == 0


# One value this repository publishes for each secret (config/known_secrets.py lists them all; its tests
# check every value against every variable).
PUBLISHED = {
    "SECRET_KEY": known_secrets.EMBEDDED_SECRET_KEY,
    "CITIZEN_TOKEN_SECRET": known_secrets.EMBEDDED_CITIZEN_TOKEN_SECRET,
    "FIELD_ENCRYPTION_KEY": known_secrets.EMBEDDED_FIELD_ENCRYPTION_KEY,
    "PII_HASH_KEY": known_secrets.EMBEDDED_PII_HASH_KEY,
    "METRICS_TOKEN": "bi-mat-giam-sat",
    "ZALO_APP_SECRET": known_secrets.FAKE_ZALO_APP_SECRET,
    "ZALO_OA_SECRET_KEY": known_secrets.FAKE_ZALO_OA_SECRET_KEY,
    "ZALO_OA_SECRET_KEYS": json.dumps({"unit-oa": known_secrets.FAKE_ZALO_OA_SECRET_KEY}),  # one key inside is enough
    "ZALO_MINIAPP_API_KEY": known_secrets.FAKE_ZALO_MINIAPP_API_KEY,
    "SYNC_HTTP_AUTH_VALUE": f"Bearer {known_secrets.FAKE_UPSTREAM_TOKEN}",
    "EMAIL_HOST_PASSWORD": known_secrets.EMBEDDED_PII_HASH_KEY,  # any published value is refused for any secret
    "REDIS_SENTINEL_PASSWORD": known_secrets.EMBEDDED_SECRET_KEY,
    "S3_SECRET_ACCESS_KEY": known_secrets.FAKE_ZALO_APP_SECRET,
}


def test_every_secret_variable_has_a_published_value_tried_below():
    assert set(PUBLISHED) == set(known_secrets.SECRET_VARIABLES)


@pytest.mark.parametrize(("name", "value"), sorted(PUBLISHED.items()))
def test_production_refuses_a_secret_published_in_the_repository_and_names_it(name, value):
    message = refusal(load_settings(production_env(**{name: value})))
    assert f"{name} đang là giá trị công khai trong mã nguồn" in message


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("SECRET_KEY", "CITIZEN_TOKEN_SECRET"),
        ("PII_HASH_KEY", "FIELD_ENCRYPTION_KEY"),
        ("SECRET_KEY", "METRICS_TOKEN"),
        ("CITIZEN_TOKEN_SECRET", "ZALO_APP_SECRET"),
        ("PII_HASH_KEY", "ZALO_OA_SECRET_KEY"),
    ],
)
def test_production_refuses_two_secrets_that_must_differ_being_equal(first, second):
    shared = secrets.token_urlsafe(48)
    message = refusal(load_settings(production_env(**{first: shared, second: shared})))
    assert "đang cùng một giá trị" in message and first in message and second in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ALLOWED_HOSTS", "*"),
        ("ALLOWED_HOSTS", "dichvucong.congan.example.vn,*"),
        ("ALLOWED_HOSTS", "*.congan.example.vn"),
        ("CSRF_TRUSTED_ORIGINS", "https://*.congan.example.vn"),
    ],
)
def test_production_refuses_wildcard_hosts(name, value):
    message = refusal(load_settings(production_env(**{name: value})))
    assert f"{name} không được chứa ký tự đại diện" in message


@pytest.mark.parametrize(("name", "value"), [("PII_HASH_KEY", "k" * 31), ("METRICS_TOKEN", "k" * 31)])
def test_production_refuses_short_keys(name, value):
    assert f"{name} quá ngắn" in refusal(load_settings(production_env(**{name: value})))


def test_production_starts_with_its_own_random_metrics_token_and_domain_origins():
    env = production_env(
        METRICS_TOKEN=secrets.token_urlsafe(32), CSRF_TRUSTED_ORIGINS="https://dichvucong.congan.example.vn"
    )
    result = load_settings(env)
    assert result.returncode == 0, result.stderr[-1000:]


def test_embedded_mode_needs_no_environment_at_all(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var")}
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr
