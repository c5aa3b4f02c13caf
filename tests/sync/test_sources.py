"""Sources configured in the admin, each shape against a local HTTP server: a DVCQG-shaped JSON feed behind an
OAuth2 gateway, an XML feed, page/size and date-window paging, nested history, conflicting duplicates, and
records pushed to us with a signature."""

from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from dossiers.models import Dossier, DossierEvent, DossierStatus
from procedures.models import Procedure
from publishing.models import PublishState
from sync.models import QuarantinedRecord, RunStatus, SyncRun, SyncSource
from sync.push import push_signature
from sync.services import sync_run
from tests.dossiers.conftest import HCM
from tests.sync.conftest import make_source
from units.models import UnitAlias

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime.now(HCM).replace(microsecond=0)
GATEWAY_SECRET = "s3cr3t-of-the-gateway"
BASIC = "Basic " + base64.b64encode(f"client:{GATEWAY_SECRET}".encode()).decode()


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


class Gateway:
    """A stand-in for the province's integration gateway: an OAuth2 token endpoint and one data service.
    `answer(query)` gives (status, content type, body) for the data service."""

    def __init__(self, answer: Any, *, token_lifetime_calls: int | None = None) -> None:
        self.answer = answer
        self.calls: list[dict[str, Any]] = []
        self.tokens_issued = 0
        self.valid: set[str] = set()
        self.lifetime = token_lifetime_calls  # the token dies after this many data calls (expiry mid-run)
        self.used = 0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                if self.path != "/token" or self.headers.get("Authorization") != BASIC:
                    return self._send(401, "application/json", b'{"error": "invalid_client"}')
                assert form["grant_type"] == ["client_credentials"]
                gateway.tokens_issued += 1
                token = f"tok-{gateway.tokens_issued}"
                gateway.valid = {token}
                gateway.used = 0
                body = json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": 3600})
                self._send(200, "application/json", body.encode())

            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                auth = self.headers.get("Authorization", "")
                gateway.calls.append({"path": parts.path, "query": query, "auth": auth})
                if gateway.valid or gateway.tokens_issued:
                    if auth.removeprefix("Bearer ") not in gateway.valid:
                        return self._send(401, "application/json", b'{"error": "invalid_token"}')
                    gateway.used += 1
                    if gateway.lifetime is not None and gateway.used >= gateway.lifetime:
                        gateway.valid = set()  # expires after this call
                status, content_type, body = gateway.answer(query)
                self._send(status, content_type, body if isinstance(body, bytes) else body.encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers():
    started: list[Gateway] = []

    def start(answer: Any, **kwargs: Any) -> Gateway:
        gateway = Gateway(answer, **kwargs)
        started.append(gateway)
        return gateway

    yield start
    for gateway in started:
        gateway.stop()


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.SYNC_HTTP_RETRY_SECONDS = 0.01
    settings.SYNC_HTTP_READ_TIMEOUT = 2
    settings.SYNC_CHUNK_SIZE = 4
    settings.NOTIFY_CONSOLE_ENABLED = True
    settings.NOTIFY_CHANNEL_ORDER = ["console"]


# --- The national (DVCQG) shape, configured without code ---------------------------------------------

DVCQG_MAP = {
    "code": "MaHoSo",
    "procedure_code": "MaTTHC",
    "procedure_name": "TenTTHC",
    "unit_code": "CoQuanTiepNhan.MaDonVi",
    "status": "TrangThaiHoSo",
    "received_at": "NgayTiepNhan",
    "appointment_date": "NgayHenTra",
    "finished_at": "NgayCoKetQua",
    "applicant_name": "ChuHoSo",
    "applicant_phone": "SoDienThoai",
    "history.status": "QuaTrinhXuLy[].TrangThai",
    "history.occurred_at": "QuaTrinhXuLy[].ThoiDiemXuLy",
    "history.note": "QuaTrinhXuLy[].NoiDungXuLy",
}


def dvcqg(code: str, status: str = "4", *, steps: int = 2, **extra: Any) -> dict[str, Any]:
    received = NOW - timedelta(days=2)
    history = [
        {"TrangThai": "2", "ThoiDiemXuLy": stamp(received), "NoiDungXuLy": "Tiếp nhận hồ sơ"},
        {"TrangThai": "4", "ThoiDiemXuLy": stamp(received + timedelta(hours=3)), "NoiDungXuLy": "Chuyển xử lý"},
        {"TrangThai": "5", "ThoiDiemXuLy": stamp(received + timedelta(hours=5)), "NoiDungXuLy": "Cần bổ sung ảnh"},
        {"TrangThai": "4", "ThoiDiemXuLy": stamp(received + timedelta(hours=8)), "NoiDungXuLy": "Đã bổ sung"},
        {"TrangThai": "9", "ThoiDiemXuLy": stamp(received + timedelta(hours=9)), "NoiDungXuLy": "Có kết quả"},
    ][:steps]
    record = {
        "MaHoSo": code,
        "TrangThaiHoSo": status,
        "NgayTiepNhan": stamp(received),
        "NgayHenTra": stamp(received + timedelta(days=7)),
        "NgayCoKetQua": "",
        "MaTTHC": "1.004222.000.00.00.H12",
        "TenTTHC": "Đăng ký thường trú",
        "ChuHoSo": "Nguyễn Văn An",
        "SoDienThoai": "0912345678",
        "CoQuanTiepNhan": {"MaDonVi": "OLD-A", "TenDonVi": "Công an phường cũ"},
        "QuaTrinhXuLy": history,
    }
    record.update(extra)
    return record


def dvcqg_source(gateway: Gateway, **extra: Any) -> SyncSource:
    settings = {
        "url": f"{gateway.url}/api/hoso",
        "auth_kind": "oauth2",
        "auth_username": "client",
        "token_url": f"{gateway.url}/token",
        "paging": "page",
        "page_size": 2,
        "page_size_param": "pageSize",
        "page_param": "pageIndex",
        "first_page": 1,
        "records_path": "result",
        "field_map": DVCQG_MAP,
        "date_formats": "yyyyMMddHHmmss",
        "version_rule": "content",
    }
    source = make_source("dvcqg", **{**settings, **extra})
    source.auth_secret = GATEWAY_SECRET
    source.save()
    return source


def paged(records: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    def answer(query: dict[str, str]) -> tuple[int, str, str]:
        index, size = int(query["pageIndex"]), int(query["pageSize"])
        page = records[(index - 1) * size : index * size]
        return 200, "application/json", json.dumps({"error_code": "0", "result": page}, ensure_ascii=False)

    return answer


def test_a_dvcqg_feed_through_an_oauth2_gateway_is_configured_without_code(servers, tree, procedure):
    UnitAlias.objects.create(unit=tree.unit_a, code="OLD-A", note="trước sáp nhập 2025")
    records = [dvcqg(f"G-{n}", steps=2) for n in range(5)]
    # The token dies after two data calls: the third call gets a 401, one new token, and the run goes on.
    gateway = servers(paged(records), token_lifetime_calls=2)
    source = dvcqg_source(gateway)
    run = sync_run(source=source, trigger="test")
    assert (run.status, run.fetched, run.created, run.quarantined) == (RunStatus.SUCCEEDED, 5, 5, 0), run.error
    assert gateway.tokens_issued == 2  # the first token and exactly one renewal
    assert [(c["query"]["pageIndex"], c["auth"]) for c in gateway.calls] == [
        ("1", "Bearer tok-1"), ("2", "Bearer tok-1"), ("3", "Bearer tok-1"), ("3", "Bearer tok-2"),
    ]  # fmt: skip
    dossier = Dossier.objects.get(code="G-0")
    # The local code with its suffix is the national procedure; the old unit code is the merged unit.
    assert dossier.procedure_id == procedure.pk and dossier.unit_id == tree.unit_a.pk
    assert dossier.status == DossierStatus.PROCESSING
    # A second run with the same content changes nothing (version rule: the content).
    again = sync_run(source=SyncSource.objects.get(pk=source.pk), trigger="test")
    assert (again.created, again.updated, again.unchanged, again.events) == (0, 0, 5, 0)


def test_steps_between_two_reads_become_timeline_events(servers, tree, procedure):
    UnitAlias.objects.create(unit=tree.unit_a, code="OLD-A")
    records = [dvcqg("H-1", "4", steps=2)]
    gateway = servers(paged(records))
    source = dvcqg_source(gateway)
    first = sync_run(source=source, trigger="test")
    assert first.created == 1
    timeline = list(DossierEvent.objects.filter(dossier__code="H-1").values_list("status", flat=True))
    assert timeline == [2, 4]  # the history's first step, then the status itself
    # Between two reads the dossier went to "supplement", back to processing, then to "result ready".
    records[0] = dvcqg("H-1", "9", steps=5)
    second = sync_run(source=SyncSource.objects.get(pk=source.pk), trigger="test")
    assert second.updated == 1
    events = DossierEvent.objects.filter(dossier__code="H-1").order_by("occurred_at", "id")
    assert [e.status for e in events] == [2, 4, 5, 4, 9]
    assert "Cần bổ sung ảnh" in [e.note for e in events]
    assert second.notifications == 1  # only the current status is sent, not the steps in between
    third = sync_run(source=SyncSource.objects.get(pk=source.pk), trigger="test")
    assert (third.updated, third.events) == (0, 0)
    assert DossierEvent.objects.filter(dossier__code="H-1").count() == 5


def test_an_unknown_procedure_becomes_a_draft_for_editors_instead_of_a_quarantine(servers, tree, procedure):
    records = [
        dvcqg("P-1", MaTTHC="2.001234.000.00.00.H12", TenTTHC="Cấp giấy xác nhận số định danh", CoQuanTiepNhan={})
    ]
    gateway = servers(paged(records))
    source = dvcqg_source(gateway, default_unit=tree.unit_a)  # no agency code in the record: the default unit
    run = sync_run(source=source, trigger="test")
    assert (run.created, run.quarantined) == (1, 0)
    placeholder = Procedure.objects.get(code="2.001234")
    assert placeholder.name == "Cấp giấy xác nhận số định danh" and placeholder.state == PublishState.DRAFT
    assert "chưa có trong danh mục" in placeholder.review_note
    assert Dossier.objects.get(code="P-1").procedure_id == placeholder.pk


def test_two_rows_of_one_dossier_that_cannot_be_ordered_are_both_quarantined(servers, tree, procedure):
    UnitAlias.objects.create(unit=tree.unit_a, code="OLD-A")
    records = [dvcqg("C-1", "4"), dvcqg("C-1", "9")]
    gateway = servers(paged(records))
    run = sync_run(source=dvcqg_source(gateway), trigger="test")
    assert (run.created, run.quarantined) == (0, 2)
    details = set(QuarantinedRecord.objects.values_list("detail", flat=True))
    [detail] = details
    assert "trang 1#0" in detail and "trang 1#1" in detail and "C-1" in detail


def test_reasons_name_the_sources_own_fields(servers, tree, procedure):
    records = [dvcqg("Q-1", NgayTiepNhan="hôm qua", CoQuanTiepNhan={"MaDonVi": "OLD-A"})]
    UnitAlias.objects.create(unit=tree.unit_a, code="OLD-A")
    gateway = servers(paged(records))
    sync_run(source=dvcqg_source(gateway), trigger="test")
    assert "«NgayTiepNhan»" in QuarantinedRecord.objects.get().detail


def test_the_secret_is_stored_encrypted(servers, db):
    gateway = servers(paged([]))
    source = dvcqg_source(gateway)
    stored = SyncSource.objects.filter(pk=source.pk).values_list("auth_secret_encrypted", flat=True).get()
    assert stored and GATEWAY_SECRET not in stored
    assert SyncSource.objects.get(pk=source.pk).auth_secret == GATEWAY_SECRET


# --- XML, date windows ----------------------------------------------------------------------------------

XML_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<KetQua xmlns="http://example.invalid/mot-cua">
  <DanhSach>
    <HoSo><SoHoSo>X-1</SoHoSo><MaTTHC>1.004222</MaTTHC><DonVi ma="T-A"/><TinhTrang>9</TinhTrang>
      <TiepNhan>2026-11-20T08:30:00+07:00</TiepNhan><CapNhat>2026-11-25T10:00:00+07:00</CapNhat></HoSo>
    <HoSo><SoHoSo>X-2</SoHoSo><MaTTHC>1.004222</MaTTHC><DonVi ma="T-A"/><TinhTrang>4</TinhTrang>
      <TiepNhan>2026-11-21T08:30:00+07:00</TiepNhan><CapNhat>2026-11-25T11:00:00+07:00</CapNhat></HoSo>
  </DanhSach>
</KetQua>"""


def test_an_xml_feed_is_read_with_attributes_and_namespaces(servers, tree, procedure):
    gateway = servers(lambda query: (200, "application/xml", XML_PAGE))
    source = make_source(
        "xml",
        url=f"{gateway.url}/hoso.xml",
        auth_kind="none",
        data_format="xml",
        paging="none",
        records_path="DanhSach.HoSo",
        field_map={
            "code": "SoHoSo", "procedure_code": "MaTTHC", "unit_code": "DonVi.@ma", "status": "TinhTrang",
            "received_at": "TiepNhan", "updated_at": "CapNhat",
        },
    )  # fmt: skip
    run = sync_run(source=source, trigger="test")
    assert (run.status, run.created, run.quarantined) == (RunStatus.SUCCEEDED, 2, 0), run.error
    assert Dossier.objects.get(code="X-1").status == DossierStatus.DONE


def test_an_xml_answer_with_a_dtd_is_refused(servers, db):
    evil = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><KetQua><DanhSach/></KetQua>'
    gateway = servers(lambda query: (200, "application/xml", evil))
    source = make_source("xml", url=f"{gateway.url}/x", auth_kind="none", data_format="xml", paging="none",
                         records_path="DanhSach.HoSo")  # fmt: skip
    run = sync_run(source=source, trigger="test")
    assert run.status == RunStatus.FAILED and "DTD" in run.error


def test_a_date_window_feed_is_read_window_by_window_with_an_overlap(servers, tree, procedure):
    from tests.sync.conftest import record

    def answer(query: dict[str, str]) -> tuple[int, str, str]:
        start = datetime.strptime(query["tuNgay"], "%Y%m%d%H%M%S").replace(tzinfo=HCM)
        end = datetime.strptime(query["denNgay"], "%Y%m%d%H%M%S").replace(tzinfo=HCM)
        # One dossier updated an hour before "now": only the window that holds it returns it.
        moment = NOW - timedelta(hours=1)
        rows = [record("W-1", minutes_ago=60)] if start <= moment < end and query["trang"] == "1" else []
        return 200, "application/json", json.dumps({"data": rows})

    gateway = servers(answer)
    source = make_source(
        "cua-so",
        url=f"{gateway.url}/hoso",
        auth_kind="none",
        paging="window",
        page_param="trang",
        page_size=100,
        page_size_param="soBanGhi",
        window_max_hours=24,
        window_overlap_minutes=30,
        window_start=NOW - timedelta(days=3),
    )
    run = sync_run(source=source, trigger="test")
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 1), run.error
    windows = [(c["query"]["tuNgay"], c["query"]["denNgay"]) for c in gateway.calls]
    assert len(windows) in (3, 4) and windows[0][0] == stamp(NOW - timedelta(days=3))
    source.refresh_from_db()
    assert source.cursor  # the end of the last window
    gateway.calls.clear()
    sync_run(source=source, trigger="test")
    first_from = datetime.strptime(gateway.calls[0]["query"]["tuNgay"], "%Y%m%d%H%M%S").replace(tzinfo=HCM)
    assert first_from == datetime.fromisoformat(source.cursor).astimezone(HCM).replace(microsecond=0) - timedelta(
        minutes=30
    )


def test_page_and_size_paging_stops_at_a_short_page(servers, tree, procedure):
    from tests.sync.conftest import record

    rows = [record(f"PG-{n}", minutes_ago=50 - n) for n in range(5)]

    def answer(query: dict[str, str]) -> tuple[int, str, str]:
        page, size = int(query["page"]), int(query["limit"])
        return 200, "application/json", json.dumps({"data": rows[page * size : (page + 1) * size]})

    gateway = servers(answer)
    source = make_source("trang", url=f"{gateway.url}/x", auth_kind="none", paging="page", page_size=2,
                         first_page=0)  # fmt: skip
    run = sync_run(source=source, trigger="test")
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 5)
    assert [c["query"]["page"] for c in gateway.calls] == ["0", "1", "2"]
    source.refresh_from_db()
    assert source.cursor == ""  # the next run reads the list from its first page again


# --- Push -----------------------------------------------------------------------------------------------

PUSH_KEY = "k" * 40


@pytest.fixture
def push_source(db):
    source = make_source("noi-bo", "push", records_path="records", field_map=DVCQG_MAP,
                         date_formats="yyyyMMddHHmmss", interval_minutes=0, version_rule="content")  # fmt: skip
    source.push_key = PUSH_KEY
    source.save()
    return source


def push(client, body: bytes, *, key: str = PUSH_KEY, timestamp: int | None = None, signature: str | None = None):  # type: ignore[no-untyped-def]
    moment = str(int(time.time()) if timestamp is None else timestamp)
    signed = signature or push_signature(key=key, timestamp=moment, body=body)
    return client.post(
        "/api/v1/sync/push/noi-bo",
        data=body,
        content_type="application/json",
        HTTP_X_TIMESTAMP=moment,
        HTTP_X_SIGNATURE=signed,
    )


def test_a_signed_push_is_stored_like_a_pull_and_a_repeat_changes_nothing(client, push_source, tree, procedure):
    UnitAlias.objects.create(unit=tree.unit_a, code="OLD-A")
    body = json.dumps({"records": [dvcqg("PU-1", NgayCapNhat=""), dvcqg("PU-2", TrangThaiHoSo="99")]}).encode()
    response = push(client, body)
    assert response.status_code == 200, response.content
    assert {k: response.json()[k] for k in ("received", "created", "quarantined")} == {
        "received": 2, "created": 1, "quarantined": 1,
    }  # fmt: skip
    assert SyncRun.objects.get(pk=response.json()["run"]).trigger == "dữ liệu gửi sang"
    # The same records again, newly signed: nothing changes.
    again = push(client, body, timestamp=int(time.time()) + 1)
    assert again.status_code == 200 and again.json()["created"] == 0 and again.json()["updated"] == 0


def test_a_push_with_a_wrong_signature_is_refused(client, push_source):
    body = b'{"records": []}'
    assert push(client, body, key="wrong" * 8).status_code == 403
    assert push(client, body, signature="sha256=00").json()["code"] == "sync_push_signature"
    assert not SyncRun.objects.exists()


def test_a_push_signed_too_long_ago_is_refused(client, push_source):
    response = push(client, b'{"records": []}', timestamp=int(time.time()) - 3600)
    assert response.status_code == 403 and response.json()["code"] == "sync_push_stale"


def test_the_same_signed_push_twice_is_a_replay(client, push_source):
    body = b'{"records": []}'
    moment = int(time.time())
    assert push(client, body, timestamp=moment).status_code == 200
    replay = push(client, body, timestamp=moment)
    assert replay.status_code == 409 and replay.json()["code"] == "sync_push_replay"


def test_an_unsigned_push_or_one_to_an_unknown_source_is_refused(client, db):
    response = client.post("/api/v1/sync/push/khong-co", data=b"{}", content_type="application/json")
    assert response.status_code == 403
    response = client.post(
        "/api/v1/sync/push/khong-co", data=b"{}", content_type="application/json", HTTP_X_TIMESTAMP="1",
        HTTP_X_SIGNATURE="sha256=00",
    )  # fmt: skip
    assert response.status_code == 404


# --- Admin: "Thử nguồn", run history ---------------------------------------------------------------------


@pytest.fixture
def admin_client(client, provincial_admin):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission

    provincial_admin.user_permissions.add(*Permission.objects.filter(content_type__app_label="sync"))
    client.force_login(provincial_admin)
    return client


def test_trying_a_source_shows_mapped_and_refused_records_and_writes_nothing(admin_client, servers, tree, procedure):
    UnitAlias.objects.create(unit=tree.unit_a, code="OLD-A")
    records = [dvcqg("T-1"), dvcqg("T-2", TrangThaiHoSo="??"), dvcqg("T-3", MaTTHC="3.000001", TenTTHC="Thủ tục mới")]
    gateway = servers(paged(records))
    source = dvcqg_source(gateway, page_size=10)
    page = admin_client.get(reverse("admin:sync_syncsource_try", args=[source.pk])).content.decode()
    assert "Sẽ được ghi: 2 hồ sơ" in page and "Sẽ bị cách ly: 1 bản ghi" in page
    assert "«TrangThaiHoSo»" in page and "3.000001: Thủ tục mới" in page
    assert not Dossier.objects.exists() and not QuarantinedRecord.objects.exists()
    assert not Procedure.objects.filter(code="3.000001").exists() and not SyncRun.objects.exists()
    sync_run(source=source, trigger="test")
    change = admin_client.get(reverse("admin:sync_syncsource_change", args=[source.pk])).content.decode()
    assert "10 lần chạy gần nhất" in change and "Thành công" in change
    assert GATEWAY_SECRET not in change  # the secret is never shown again


def test_a_dvcqg_source_answers_a_lookup_on_demand_through_the_oauth2_gateway(servers, tree, procedure, settings):
    from sync.ondemand import OnDemand

    settings.SYNC_LOOKUP_TIMEOUT_SECONDS = 2
    UnitAlias.objects.create(unit=tree.unit_a, code="OLD-A", note="trước sáp nhập 2025")
    held = {"G-0001": dvcqg("G-0001", steps=3), "G-0002": dvcqg("G-0002")}

    def one(query: dict[str, str]) -> tuple[int, str, str]:
        found = held.get(query.get("MaHoSo", ""))
        if found is None:
            return 404, "application/json", '{"error_code": "404"}'
        return 200, "application/json", json.dumps({"error_code": "0", "result": found}, ensure_ascii=False)

    gateway = servers(one, token_lifetime_calls=1)  # the token dies after each data call
    source = dvcqg_source(gateway, lookup_url=f"{gateway.url}/api/hoso/chitiet?MaHoSo={{code}}")
    OnDemand().fetch_unknown("G-0001", started=time.monotonic())
    OnDemand().fetch_unknown("G-0002", started=time.monotonic())  # 401 → one new token → the same call again
    first = Dossier.objects.get(code="G-0001")
    assert first.sync_source_id == source.pk and first.unit_id == tree.unit_a.pk
    assert first.events.count() >= 3  # the processing history became timeline steps
    assert Dossier.objects.filter(code="G-0002").exists()
    assert gateway.tokens_issued == 2
    assert [call["path"] for call in gateway.calls] == ["/api/hoso/chitiet"] * 3
