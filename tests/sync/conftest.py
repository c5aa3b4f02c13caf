"""Cast for sync tests: the fake one-stop feed over real HTTP, the HTTP source pointed at it, and
records in the national payload's field names for the test tree's units and procedure."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from sync.fake_upstream import TOKEN, FakeUpstream, FakeUpstreamServer
from sync.models import StatusMapping, SyncSource
from tests.dossiers.conftest import HCM, citizen, procedure  # noqa: F401 - shared cast
from tests.notifications.conftest import _notify_settings, _templates  # noqa: F401 - shipped templates, fast retries


@pytest.fixture
def upstream(settings):
    app = FakeUpstream()
    server = FakeUpstreamServer(app).start()
    settings.SYNC_HTTP_URL = f"{server.url}/feed"
    settings.SYNC_HTTP_AUTH_VALUE = f"Bearer {TOKEN}"
    settings.SYNC_HTTP_PAGE_SIZE = 3
    settings.SYNC_HTTP_RETRY_SECONDS = 0.01
    settings.SYNC_HTTP_READ_TIMEOUT = 0.5
    settings.SYNC_CHUNK_SIZE = 4
    settings.NOTIFY_CONSOLE_ENABLED = True
    settings.NOTIFY_CHANNEL_ORDER = ["console"]
    yield app
    server.stop()


def make_source(name: str = "mot-cua", kind: str = "http", **extra: Any) -> SyncSource:
    """The shipped source with its national status mapping (transactional tests flush migration data); an HTTP
    source reads the fake feed as migration sync 0005 sets it up from the SYNC_HTTP_* settings."""
    import importlib

    from django.conf import settings

    from common.crypto import encrypt_text

    shipped = importlib.import_module("sync.migrations.0002_sources_and_roles")
    if kind == "http":
        http = {
            "url": settings.SYNC_HTTP_URL,
            "auth_kind": "api_key",
            "auth_header": "Authorization",
            "auth_secret_encrypted": encrypt_text(settings.SYNC_HTTP_AUTH_VALUE or "x"),
            "field_map": dict(settings.SYNC_FIELD_MAP),
            "page_size": settings.SYNC_HTTP_PAGE_SIZE,
            "records_path": "data",
            "next_cursor_path": "next_cursor",
        }
        extra = {**http, **extra}
    source, _ = SyncSource.objects.update_or_create(
        name=name, defaults={"title": f"Nguồn {name}", "kind": kind, "enabled": True, **extra}
    )
    for status, label in shipped.NATIONAL.items():
        for value in (str(status), label):
            StatusMapping.objects.get_or_create(source=source, upstream_value=value, defaults={"status": status})
    return source


@pytest.fixture
def source(db) -> SyncSource:
    return make_source()


NOW = datetime.now(HCM).replace(microsecond=0)


def record(code: str, status: str = "2", *, minutes_ago: float = 10, **extra: Any) -> dict[str, Any]:
    updated = NOW - timedelta(minutes=minutes_ago)
    base = {
        "MaHoSo": code,
        "MaTTHC": "1.004222",
        "MaDonVi": "T-A",
        "TrangThaiHoSo": status,
        "NgayTiepNhan": (updated - timedelta(days=1)).strftime("%Y%m%d%H%M%S"),
        "NgayHenTra": (updated + timedelta(days=6)).strftime("%Y%m%d"),
        "ChuHoSo": "Nguyễn Văn An",
        "SoGiayToChuHoSo": "001090001234",
        "SoDienThoai": "0912345678",
        "KenhThucHien": "1",
        "NgayCapNhat": updated.strftime("%Y%m%d%H%M%S"),
    }
    base.update(extra)
    return base
