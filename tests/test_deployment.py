"""The deployment files stay in step with the code: compose validates offline, .env.example lists
every variable the settings read."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.production_env import production_env

ROOT = Path(__file__).resolve().parents[1]

DUMP = "import django; django.setup(); import json; from config.env import READ_VARIABLES; print(json.dumps(sorted(READ_VARIABLES)))"


def _variables_read(env: dict[str, str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", DUMP],
        env={**env, "PYTHONPATH": str(ROOT / "backend"), "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_every_variable_the_settings_read_is_documented_in_env_example(tmp_path):
    embedded = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV"}}
    embedded["VAR_DIR"] = str(tmp_path)
    read = _variables_read(embedded) | _variables_read(production_env())
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set()


def test_compose_file_is_valid_offline(tmp_path):
    compose = shutil.which("docker-compose")
    if compose is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose is not installed (.ci/run installs it)")
        pytest.skip("docker-compose is not installed")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    env_text = (ROOT / ".env.example").read_text().replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=x\n")
    (tmp_path / ".env").write_text(env_text)
    result = subprocess.run([compose, "config", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        [compose, "config", "--services"], cwd=tmp_path, capture_output=True, text=True
    ).stdout.split()
    assert {"postgres", "redis", "migrate", "web", "worker", "beat"} <= set(services)
