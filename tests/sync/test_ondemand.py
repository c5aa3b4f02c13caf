"""Lookup on demand (docs/sync.md, "Tra cứu theo yêu cầu"): a code we do not hold is asked of the source over real
HTTP, stored through the pull's validation, and answered; a source down or slow is a plain "not found" within the
timeout; the breaker, the per-code limit and the wrong factor keep the source from being asked."""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from common.crypto import encrypt_text
from dossiers.models import Dossier
from sync.models import QuarantinedRecord, RunStatus, SyncRun
from sync.ondemand import ON_DEMAND_TRIGGER
from tests.dossiers.conftest import PHONE_A, citizen_client, verified
from tests.sync.conftest import make_source, record

pytestmark = pytest.mark.django_db(transaction=True)

LOOKUP = "/api/v1/dossiers/lookup"
REFRESH = "/api/v1/me/dossiers/refresh/"
TIMEOUT = 0.6
KEY = f"Bearer {secrets.token_hex(8)}"  # made at run time: a key written here would be a published secret


class Gateway:
    """A one-dossier service: GET /hoso?MaHoSo=… answers {"data": [record]} or 404; can sleep first."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []
        self.auth: list[str] = []
        self.sleep = 0.0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                code = parse_qs(urlparse(self.path).query).get("MaHoSo", [""])[0]
                gateway.calls.append(code)
                gateway.auth.append(self.headers.get("Authorization", ""))
                if gateway.sleep:
                    time.sleep(gateway.sleep)
                found = gateway.records.get(code)
                body = json.dumps({"data": [found]} if found else {"error": "không có"}).encode()
                try:
                    self.send_response(200 if found else 404)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the caller gave up (timeout)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    settings.SYNC_LOOKUP_TIMEOUT_SECONDS = TIMEOUT
    settings.SYNC_LOOKUP_BREAKER_FAILURES = 2
    settings.SYNC_LOOKUP_BREAKER_SECONDS = 60
    settings.SYNC_HTTP_URL = ""
    settings.NOTIFY_CONSOLE_ENABLED = True
    settings.NOTIFY_CHANNEL_ORDER = ["console"]
    app = Gateway()
    yield app
    app.stop()


@pytest.fixture
def source(gateway, tree, procedure):
    return make_source(
        lookup_url=f"{gateway.url}/hoso?MaHoSo={{code}}",
        url=f"{gateway.url}/feed",
        auth_secret_encrypted=encrypt_text(KEY),
    )


@pytest.fixture
def citizen_api(citizen):
    return citizen_client(citizen)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hoso?MaHoSo={{code}}"


def lookup(client, code: str, verifier: str = "1234"):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    response = client.post(LOOKUP, {"code": code, "verifier": verifier}, format="json")
    return response, time.monotonic() - started


def test_a_code_we_do_not_hold_is_fetched_from_the_source_stored_and_answered(citizen_api, gateway, source):
    gateway.records["H56-0001"] = record("H56-0001")
    response, _ = lookup(citizen_api, "H56-0001")
    assert response.status_code == 200, response.content
    assert response.json()["code"] == "H56-0001"
    assert Dossier.objects.get(code="H56-0001").sync_source_id == source.pk
    assert gateway.calls == ["H56-0001"] and gateway.auth == [KEY]  # the source's own auth
    # The fetch shows in the source's history, with what it stored.
    run = SyncRun.objects.get()
    assert (run.trigger, run.status, run.fetched, run.created, run.quarantined) == (
        ON_DEMAND_TRIGGER, RunStatus.SUCCEEDED, 1, 1, 0,
    )  # fmt: skip
    again, _ = lookup(citizen_api, "H56-0001")
    assert again.status_code == 200 and gateway.calls == ["H56-0001"]  # now answered from the database


def test_a_record_the_source_has_but_the_factor_does_not_match_is_stored_and_not_shown(citizen_api, gateway, source):
    gateway.records["H56-0002"] = record("H56-0002")
    response, _ = lookup(citizen_api, "H56-0002", "9999")
    assert response.status_code == 404
    assert Dossier.objects.filter(code="H56-0002").exists()


def test_a_quarantined_record_answers_not_found(citizen_api, gateway, source):
    gateway.records["H56-0003"] = record("H56-0003", status="không có trong bảng")
    response, _ = lookup(citizen_api, "H56-0003")
    assert response.status_code == 404
    assert not Dossier.objects.filter(code="H56-0003").exists()
    run = QuarantinedRecord.objects.get(code="H56-0003").run
    assert run is not None and (run.trigger, run.fetched, run.quarantined) == (ON_DEMAND_TRIGGER, 1, 1)


def test_unknown_everywhere_answers_exactly_like_a_wrong_factor(citizen_api, gateway, source):
    gateway.records["H56-0004"] = record("H56-0004")
    lookup(citizen_api, "H56-0004")  # now held
    unknown, unknown_time = lookup(citizen_api, "NOWHERE-1")
    wrong, wrong_time = lookup(citizen_api, "H56-0004", "0000")
    assert unknown.status_code == wrong.status_code == 404
    assert unknown.content == wrong.content
    # Both wait out the lookup timeout: the remote call behind "unknown" does not show in the timing.
    assert TIMEOUT <= unknown_time < TIMEOUT + 0.4 and TIMEOUT <= wrong_time < TIMEOUT + 0.4


def test_a_wrong_factor_on_a_code_we_hold_never_calls_the_source(citizen_api, gateway, source):
    gateway.records["H56-0005"] = record("H56-0005")
    lookup(citizen_api, "H56-0005")
    gateway.calls.clear()
    response, _ = lookup(citizen_api, "H56-0005", "0000")
    assert response.status_code == 404 and gateway.calls == []


def test_a_source_that_refuses_connections_is_a_quick_not_found(citizen_api, gateway, source):
    source.lookup_url = closed_port_url()
    source.save()
    response, elapsed = lookup(citizen_api, "H56-0006")
    assert response.status_code == 404 and response.json()["code"] == "dossier_not_found"
    assert elapsed < TIMEOUT + 0.4


def test_a_source_that_sleeps_past_the_timeout_is_a_not_found_within_the_timeout(citizen_api, gateway, source):
    gateway.records["H56-0007"] = record("H56-0007")
    gateway.sleep = 3
    response, elapsed = lookup(citizen_api, "H56-0007")
    assert response.status_code == 404 and response.json()["code"] == "dossier_not_found"
    assert elapsed < TIMEOUT + 0.4
    assert gateway.calls == ["H56-0007"]


def test_the_breaker_opens_after_consecutive_failures_and_the_source_is_not_called(citizen_api, gateway, source):
    gateway.sleep = 3  # every call times out
    lookup(citizen_api, "H56-0010")
    lookup(citizen_api, "H56-0011")
    assert gateway.calls == ["H56-0010", "H56-0011"]
    gateway.sleep = 0
    gateway.records["H56-0012"] = record("H56-0012")
    response, _ = lookup(citizen_api, "H56-0012")
    assert response.status_code == 404 and gateway.calls == ["H56-0010", "H56-0011"]  # open: not asked


def test_one_code_is_fetched_remotely_once_per_window_found_or_not(citizen_api, gateway, source):
    assert lookup(citizen_api, "H56-0020")[0].status_code == 404
    gateway.records["H56-0020"] = record("H56-0020")  # appears upstream a moment later
    assert lookup(citizen_api, "H56-0020")[0].status_code == 404
    assert gateway.calls == ["H56-0020"]


def test_a_throttled_code_never_reaches_the_source(citizen_api, gateway, source, settings):
    settings.DOSSIER_LOOKUP_PER_IP_PER_MINUTE = 1
    lookup(citizen_api, "H56-0030")
    gateway.records["H56-0031"] = record("H56-0031")
    assert lookup(citizen_api, "H56-0031")[0].status_code == 429
    assert gateway.calls == ["H56-0030"]


def test_without_a_lookup_address_nothing_is_asked_and_nothing_waits(citizen_api, gateway, source):
    source.lookup_url = ""
    source.save()
    response, elapsed = lookup(citizen_api, "H56-0040")
    assert response.status_code == 404 and gateway.calls == [] and elapsed < TIMEOUT


def test_my_dossiers_refresh_asks_the_source_again_for_each_of_mine(citizen, gateway, source, settings):
    settings.SYNC_LOOKUP_REMOTE_PER_CODE = 2  # the lookup below spends one remote fetch of the code
    verified(citizen, PHONE_A)
    client = citizen_client(citizen)
    gateway.records["H56-0050"] = record("H56-0050", status="2")
    lookup(client, "H56-0050")
    gateway.calls.clear()
    gateway.records["H56-0050"] = record("H56-0050", status="4", minutes_ago=1)
    response = client.post(REFRESH)
    assert response.status_code == 200, response.content
    assert response.json() == {"asked": 1, "updated": 1}
    assert gateway.calls == ["H56-0050"]
    assert Dossier.objects.get(code="H56-0050").status == 4


def test_my_dossiers_refresh_needs_a_verified_phone_and_is_limited(citizen, gateway, source, settings):
    client = citizen_client(citizen)
    assert client.post(REFRESH).status_code == 403
    verified(citizen, PHONE_A)
    settings.DOSSIER_REFRESH_PER_CITIZEN_PER_HOUR = 1
    assert client.post(REFRESH).status_code == 200
    assert client.post(REFRESH).status_code == 429
