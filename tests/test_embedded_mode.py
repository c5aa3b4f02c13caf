"""Smoke run of the embedded default (what `make run` starts): SQLite, eager Celery, no services."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json
from django.test import Client
from django.conf import settings
c = Client()
units = c.get("/api/v1/units/", {"page_size": 100}).json()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "zalo": settings.ZALO_MODE,
    "units": units["count"],
    "search": [u["name"] for u in c.get("/api/v1/units/", {"search": "duc hanh"}).json()["results"]],
    "ready": c.get("/readyz").status_code,
    "admin": c.get("/admin/login/").status_code,
}))
"""


@pytest.mark.slow
def test_embedded_mode_migrates_loads_demo_data_twice_and_serves_the_api(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV"}}
    env["VAR_DIR"] = str(tmp_path / "var")

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--noinput")
    first = manage("demo_data")
    second = manage("demo_data")
    assert "quantri" in first and "canbo.dongtam" in first and "bientap" in first
    assert "mới tạo 0" in second  # running it again creates nothing
    state = json.loads(manage("shell", "-c", PROBE).strip().splitlines()[-1])
    assert state["engine"] == "django.db.backends.sqlite3"
    assert state["eager"] is True and state["zalo"] == "fake"
    assert state["units"] == 20
    assert state["search"] == ["Công an xã Đức Hạnh (Demo)"]
    assert state["ready"] == 200 and state["admin"] == 200
