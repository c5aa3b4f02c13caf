"""A fake of the province's one-stop system's dossier feed, for tests, benchmarks and local trials.

It speaks what the HTTP adapter expects (GET /feed?cursor=…&limit=… with a bearer token; records in the
national payload's field names, oldest update first; `next_cursor` to continue) and can be told, through
/__control__/…, to add records or to fail: an HTTP status, a delay, or a body that is not JSON.
"""

from __future__ import annotations

import bisect
import json
import random
import threading
import time
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import orjson

from common.wsgi_server import ThreadedServer

TOKEN = "fake-upstream-token"


def _key(record: dict[str, Any]) -> str:
    return f"{record.get('NgayCapNhat', '')}|{record.get('MaHoSo', '')}"


class FakeUpstream:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.lock = threading.Lock()
        self.records: list[dict[str, Any]] = []
        self.keys: list[str] = []
        self.failures: list[dict[str, Any]] = []
        self.calls: list[dict[str, Any]] = []

    # --- what tests and benchmarks call directly ---------------------------------------------------

    def add(self, records: list[dict[str, Any]]) -> None:
        with self.lock:
            for record in records:
                key = _key(record)
                at = bisect.bisect_right(self.keys, key)
                self.keys.insert(at, key)
                self.records.insert(at, record)

    def replace(self, records: list[dict[str, Any]]) -> None:
        ordered = sorted(records, key=_key)
        with self.lock:
            self.records, self.keys = ordered, [_key(r) for r in ordered]

    def fail(self, *, status: int = 500, times: int = 1, delay: float = 0.0, body: str | None = None) -> None:
        with self.lock:
            self.failures.append({"status": status, "times": times, "delay": delay, "body": body})

    # --- HTTP ------------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path.startswith("/__control__/"):
            return self._control(path, method, environ, start_response)
        if path != "/feed" or method != "GET":
            return self._send(start_response, 404, {"error": "not found"})
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        auth = environ.get("HTTP_AUTHORIZATION", "")
        with self.lock:
            self.calls.append({"query": query, "auth": auth})
            failure = self.failures[0] if self.failures else None
            if failure is not None:
                failure["times"] -= 1
                if failure["times"] <= 0:
                    self.failures.pop(0)
        if failure is not None:
            if failure["delay"]:
                time.sleep(failure["delay"])
            if failure["body"] is not None:
                start_response(f"{failure['status']} X", [("Content-Type", "application/json")])
                return [failure["body"].encode("utf-8", "surrogatepass")]
            if failure["status"] != 200:
                return self._send(start_response, failure["status"], {"error": "injected"})
        if auth != f"Bearer {self.token}":
            return self._send(start_response, 401, {"error": "unauthorized"})
        try:
            limit = max(1, min(int(query.get("limit", "100")), 10000))
        except ValueError:
            return self._send(start_response, 400, {"error": "bad limit"})
        cursor = query.get("cursor", "")
        with self.lock:
            start = bisect.bisect_right(self.keys, cursor) if cursor else 0
            page = self.records[start : start + limit]
            following = self.keys[start + len(page) - 1] if page else cursor
            more = start + len(page) < len(self.records)
        return self._send(start_response, 200, {"data": page, "next_cursor": following, "has_more": more})

    def _control(self, path: str, method: str, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"null") if length else None
        if path == "/__control__/records" and method == "POST":
            self.add(body or [])
        elif path == "/__control__/fail" and method == "POST":
            self.fail(**(body or {}))
        elif path == "/__control__/calls":
            return self._send(start_response, 200, self.calls)
        elif path == "/__control__/reset":
            self.replace([])
            self.failures.clear()
            self.calls.clear()
        else:
            return self._send(start_response, 404, {"error": "unknown control"})
        return self._send(start_response, 200, {"ok": True, "records": len(self.records)})

    @staticmethod
    def _send(start_response: Any, status: int, payload: Any) -> list[bytes]:
        try:
            data = orjson.dumps(payload)
        except TypeError:  # a test's record with a lone surrogate: sent as the escape a real server might send
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass")
        start_response(f"{status} X", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
        return [data]


class FakeUpstreamServer(ThreadedServer):
    def __init__(self, app: FakeUpstream | None = None, host: str = "127.0.0.1", port: int = 0):
        super().__init__(app or FakeUpstream(), host, port)

    def start(self) -> FakeUpstreamServer:
        super().start()
        return self


def realistic_records(
    count: int,
    *,
    procedures: list[str],
    units: list[str],
    seed: int = 1,
    until: datetime | None = None,
    days: int = 365,
    prefix: str = "H56",
    nested: bool = False,
) -> list[dict[str, Any]]:
    """`count` dossiers as the one-stop system would export them: received over the last `days` days,
    most finished, some waiting, a few rejected; codes in the TD-DVC shape {unit}-{yyMMdd}-{NNNN}.
    `nested`: the applicant and the receiving agency as objects (NESTED_FIELD_MAP reads them)."""
    rng = random.Random(seed)
    until = until or datetime.now()
    statuses = ["2"] * 8 + ["4"] * 12 + ["5"] * 3 + ["6"] * 2 + ["9"] * 15 + ["10"] * 55 + ["3"] * 3 + ["8"] * 2
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức", "Vũ Thị Hà"]
    out = []
    for n in range(count):
        received = until - timedelta(days=rng.random() * days)
        updated = min(received + timedelta(days=rng.random() * 12), until)
        status = rng.choice(statuses)
        record = {
            "MaHoSo": f"{prefix}.{n % 97:02d}-{received:%y%m%d}-{n:06d}",
            "MaTTHC": rng.choice(procedures),
            "MaDonVi": rng.choice(units),
            "TrangThaiHoSo": status,
            "NgayTiepNhan": received.strftime("%Y%m%d%H%M%S"),
            "NgayHenTra": (received + timedelta(days=rng.choice([3, 5, 7, 10, 15]))).strftime("%Y%m%d"),
            "ChuHoSo": rng.choice(names),
            "SoGiayToChuHoSo": f"0{rng.randint(10**10, 10**11 - 1)}",
            "SoDienThoai": f"09{rng.randint(10**7, 10**8 - 1)}" if rng.random() < 0.8 else "",
            "KenhThucHien": rng.choice(["1", "2"]),
            "NgayCapNhat": updated.strftime("%Y%m%d%H%M%S"),
        }
        if status in ("9", "10"):
            record["NgayKetThucXuLy"] = updated.strftime("%Y%m%d%H%M%S")
            record["NoiNhanKetQua"] = "Bộ phận Một cửa"
        if status == "10":
            record["NgayTra"] = updated.strftime("%Y%m%d%H%M%S")
        if status == "3":
            record["NgayTuChoi"] = updated.strftime("%Y%m%d%H%M%S")
            record["LyDo"] = "Hồ sơ không thuộc thẩm quyền giải quyết"
        if status == "5":
            record["LyDo"] = "Bổ sung bản sao giấy khai sinh"
        if status == "6":
            record["LePhi"] = "200000"
        if nested:
            record["ChuHoSo"] = {  # type: ignore[assignment]
                "HoTen": record.pop("ChuHoSo"),
                "SoGiayTo": record.pop("SoGiayToChuHoSo"),
                "SoDienThoai": record.pop("SoDienThoai"),
            }
            record["CoQuanTiepNhan"] = {"MaDonVi": record.pop("MaDonVi")}  # type: ignore[assignment]
        out.append(record)
    return out


# The field map of a nested feed (realistic_records(nested=True)): the national names, four of them nested.
NESTED_FIELD_MAP_CHANGES = {
    "applicant_name": "ChuHoSo.HoTen",
    "applicant_id_number": "ChuHoSo.SoGiayTo",
    "applicant_phone": "ChuHoSo.SoDienThoai",
    "unit_code": "CoQuanTiepNhan.MaDonVi",
}
