from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from ops.models import Heartbeat
from ops.selectors import system_status
from ops.tasks import heartbeat


def test_status_page_is_for_provincial_admins_only(client, provincial_admin, officer_a):
    client.force_login(officer_a)
    assert client.get("/admin/ops/heartbeat/status/").status_code == 403
    client.force_login(provincial_admin)
    response = client.get("/admin/ops/heartbeat/status/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Trạng thái hệ thống" in content and "Cơ sở dữ liệu" in content and "Celery beat" in content


def test_a_stale_heartbeat_is_reported_as_a_problem(db):
    Heartbeat.objects.create(name="beat", last_seen=timezone.now() - timedelta(hours=1), worker="w1")
    beat = next(line for line in system_status(inspect_workers=False) if line.name == "Celery beat")
    assert beat.ok is False and "w1" in beat.detail


def test_heartbeat_task_records_the_time(db):
    heartbeat.apply()
    assert timezone.now() - Heartbeat.objects.get(name="beat").last_seen < timedelta(seconds=5)


@pytest.mark.slow
def test_a_real_worker_runs_the_heartbeat_and_answers_the_ping(celery_worker_process):
    """The task goes through Redis to a real worker process that writes to the test database."""
    heartbeat.apply_async()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Heartbeat.objects.filter(name="beat").exists():
        time.sleep(0.5)
    assert Heartbeat.objects.filter(name="beat").exists(), "the worker never ran the heartbeat"
    workers = next(line for line in system_status() if line.name == "Worker Celery")
    assert workers.ok and celery_worker_process.name in workers.detail


def test_the_oa_token_line_says_when_authorisation_is_needed(db):
    from zalo.client import OATokens
    from zalo.oa_token import oa_token_store

    line = next(line for line in system_status(inspect_workers=False) if line.name.startswith("Mã truy cập Zalo OA"))
    assert line.ok is False and "cấp quyền" in line.detail
    oa_token_store(tokens=OATokens("a", "r", 90000))
    line = next(line for line in system_status(inspect_workers=False) if line.name.startswith("Mã truy cập Zalo OA:"))
    assert line.ok is True and "giờ" in line.detail


def test_the_status_page_lists_every_oa_with_its_own_token_state(db, tree):
    from zalo.client import OATokens
    from zalo.models import OfficialAccount
    from zalo.oa_token import oa_token_store

    oa_token_store(tokens=OATokens("a", "r", 90000))
    OfficialAccount.objects.create(name="OA Công an phường A", unit=tree.unit_a, oa_id="2")
    lines = {line.name: line for line in system_status(inspect_workers=False) if "Zalo OA" in line.name}
    assert lines["Mã truy cập Zalo OA: OA Công an tỉnh"].ok is True
    unit_line = lines["Mã truy cập Zalo OA: OA Công an phường A"]
    assert unit_line.ok is False and "chưa cấp quyền" in unit_line.detail


def test_status_shows_failed_and_waiting_notifications(db, tree, officer_a, settings):
    from datetime import timedelta

    from django.utils import timezone

    from dossiers.models import DossierEvent
    from notifications.models import Notification, State
    from tests.dossiers.conftest import receive
    from tests.procedures.factories import ProcedureFactory

    settings.NOTIFY_CONSOLE_ENABLED = False
    dossier = receive(officer_a, tree.unit_a, ProcedureFactory(), code="S-0001", phone="")
    event = DossierEvent.objects.get(dossier=dossier)
    Notification.objects.create(
        key="x:1", event=event, dossier=dossier, recipient="r", kind="received", state=State.FAILED
    )
    stale = Notification.objects.create(key="x:2", event=event, dossier=dossier, recipient="r", kind="received")
    Notification.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=1))
    lines = {line.name: line for line in system_status(inspect_workers=False)}
    assert not lines["Thông báo thất bại hôm nay"].ok and lines["Thông báo thất bại hôm nay"].detail.startswith(
        "1 thất bại"
    )
    assert not lines["Thông báo đang chờ gửi"].ok


def test_the_backup_line_warns_when_the_newest_backup_is_too_old_or_missing(db, settings, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from ops.backup import backup_keygen

    settings.BACKUP_DIR = tmp_path / "backups"
    line = next(line for line in system_status(inspect_workers=False) if line.name == "Sao lưu")
    assert not line.ok and "chưa có bản sao lưu" in line.detail
    settings.BACKUP_DIR.mkdir()
    for hours, ok in ((2, True), (30, False)):
        for old in settings.BACKUP_DIR.glob("*"):
            old.unlink()
        stamp = (timezone.localtime() - timedelta(hours=hours)).strftime("%Y%m%d-%H%M%S")
        (settings.BACKUP_DIR / f"policezalo-backup-{stamp}.tar.age").write_bytes(b"age")
        line = next(line for line in system_status(inspect_workers=False) if line.name == "Sao lưu")
        assert line.ok is ok, line
        assert f"{hours} giờ trước" in line.detail and "đã mã hóa" in line.detail
    assert backup_keygen()  # the pair a fresh install makes is well-formed


def test_the_disk_line_warns_below_the_free_share(db, settings):
    settings.DISK_FREE_MIN_PERCENT = 0
    assert all(line.ok for line in system_status(inspect_workers=False) if line.name.startswith("Ổ đĩa"))
    settings.DISK_FREE_MIN_PERCENT = 101
    disks = [line for line in system_status(inspect_workers=False) if line.name.startswith("Ổ đĩa")]
    assert disks and not any(line.ok for line in disks)
    assert "GB" in disks[0].detail


def _tls_server(tmp_path, days: int):
    """A TLS server on a free local port serving a self-signed certificate that expires in `days` days."""
    import socket
    import ssl
    import threading
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "dichvucong.example.vn")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days, hours=1))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        try:
            with context.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)
        except (OSError, ssl.SSLError):
            pass

    threading.Thread(target=serve, daemon=True).start()
    return listener


@pytest.mark.parametrize(("days", "ok"), [(60, True), (10, False)])
def test_the_certificate_line_warns_before_the_proxys_certificate_expires(db, settings, tmp_path, days, ok):
    listener = _tls_server(tmp_path, days)
    settings.TLS_CHECK_ADDRESS = f"127.0.0.1:{listener.getsockname()[1]}"
    settings.TLS_CHECK_SERVER_NAME = "dichvucong.example.vn"
    try:
        line = next(line for line in system_status(inspect_workers=False) if line.name == "Chứng thư TLS")
    finally:
        listener.close()
    assert line.ok is ok, line
    assert f"còn {days} ngày" in line.detail and "dichvucong.example.vn" in line.detail


def test_an_unreachable_proxy_is_a_red_certificate_line_and_none_without_a_proxy(db, settings):
    settings.TLS_CHECK_ADDRESS = "127.0.0.1:1"  # nothing listens there
    line = next(line for line in system_status(inspect_workers=False) if line.name == "Chứng thư TLS")
    assert not line.ok and "không đọc được chứng thư" in line.detail
    settings.TLS_CHECK_ADDRESS = ""
    assert not [line for line in system_status(inspect_workers=False) if line.name == "Chứng thư TLS"]
