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
# A citizen looks up a demo dossier; an officer moves another one and the citizen is notified (console).
from dossiers.models import Dossier
from dossiers.services import dossier_status_change
from notifications.models import Notification
token = c.post("/api/v1/auth/zalo", {"access_token": "fake-dev-demo-user"}, content_type="application/json").json()
found = c.post("/api/v1/dossiers/lookup", {"code": "HS-DEMO-0001", "verifier": "6789"},
               content_type="application/json", HTTP_AUTHORIZATION="Bearer " + token["access_token"])
dossier = Dossier.objects.get(code="HS-DEMO-0004")
dossier_status_change(dossier=dossier, new_status=4, note="Đang kiểm tra.")
print(json.dumps({
    "lookup": [found.status_code, found.json().get("status_label")],
    "notified": sorted(Notification.objects.filter(dossier=dossier).values_list("channel", "state")),
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
        errors.append(result.stderr)
        return result.stdout

    errors: list[str] = []
    manage("migrate", "--noinput")
    first = manage("demo_data")
    second = manage("demo_data")
    assert "quantri" in first and "canbo.dongtam" in first and "bientap" in first
    assert "mới tạo 0" in second  # running it again creates nothing
    # The embedded mode needs no broker, so nothing may warn about one (kombu did, for a bare "memory://").
    assert not [line for line in "".join(errors).splitlines() if "WARNING" in line or "kombu" in line]
    lines = manage("shell", "-c", PROBE).strip().splitlines()
    state, flow = json.loads(lines[-2]), json.loads(lines[-1])
    assert state["engine"] == "django.db.backends.sqlite3"
    assert state["eager"] is True and state["zalo"] == "fake"
    assert state["units"] == 20
    assert state["search"] == ["Công an xã Đức Hạnh (Demo)"]
    assert state["ready"] == 200 and state["admin"] == 200
    assert flow["lookup"] == [200, "Đang xử lý"]
    # No OA authorised in the embedded default: ZNS gives up and the console channel takes the message.
    assert flow["notified"] == [["console", "sent"], ["zns", "failed"]]
    # The sync on SQLite (the ORM path): the simulator receives new dossiers and moves earlier ones.
    synced = manage("sync_run", "gia-lap")
    assert "gia-lap: Thành công" in synced and "mới 3" in synced and "cách ly 0" in synced
