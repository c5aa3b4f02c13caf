from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import logging
from django.test import Client
logging.getLogger("probe").info("before")
r = Client().get("/api/v1/units/999999/", HTTP_X_REQUEST_ID="0f2e6a4c8d2b4e5f9a1b2c3d4e5f6a7b")
print("HEADER", r.headers.get("X-Request-ID"))
"""


def test_every_response_carries_a_request_id(client, db):
    first = client.get("/api/v1/units/").headers["X-Request-ID"]
    second = client.get("/api/v1/units/").headers["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_valid_incoming_request_id_is_kept(client, db):
    rid = "0f2e6a4c8d2b4e5f9a1b2c3d4e5f6a7b"
    assert client.get("/api/v1/units/", HTTP_X_REQUEST_ID=rid).headers["X-Request-ID"] == rid


def test_a_forged_request_id_is_replaced(client, db):
    response = client.get("/api/v1/units/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert "script" not in response.headers["X-Request-ID"]


def test_json_logs_carry_the_request_id_in_utc(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"LOG_FORMAT": "json", "VAR_DIR": str(tmp_path), "DEBUG": "false"})
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "HEADER 0f2e6a4c8d2b4e5f9a1b2c3d4e5f6a7b" in result.stdout
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    not_found = next(line for line in lines if line["message"].startswith("Not Found"))
    assert not_found["request_id"] == "0f2e6a4c8d2b4e5f9a1b2c3d4e5f6a7b"
    assert not_found["level"] == "WARNING"
    assert not_found["timestamp"].endswith("+00:00")
    assert logging.getLevelName(not_found["level"]) == logging.WARNING
