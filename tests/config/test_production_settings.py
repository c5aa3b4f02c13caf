"""Production refuses to start when misconfigured, and passes Django's deploy checklist when not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
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


def test_embedded_mode_needs_no_environment_at_all(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var")}
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr
