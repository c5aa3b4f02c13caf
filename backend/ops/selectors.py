"""The system status an IT officer reads before anything else (admin › Trạng thái hệ thống)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from common.health import check_database, check_redis
from ops.models import Heartbeat


@dataclass(frozen=True)
class StatusLine:
    name: str
    ok: bool
    detail: str


def system_status(*, inspect_workers: bool = True) -> list[StatusLine]:
    lines = []
    database = check_database(connections["default"])
    lines.append(StatusLine("Cơ sở dữ liệu", database.ok, database.detail))
    broker = check_redis()
    lines.append(StatusLine("Redis (hàng đợi, bộ nhớ đệm)", broker.ok, broker.detail))

    from config.celery import app

    eager = bool(app.conf.task_always_eager)
    if eager:
        lines.append(StatusLine("Worker Celery", True, "chế độ nhúng: tác vụ chạy ngay trong tiến trình web"))
    elif inspect_workers and broker.ok:
        replies = app.control.inspect(timeout=2.0).ping() or {}
        names = ", ".join(sorted(replies)) or "không có worker nào trả lời"
        lines.append(StatusLine("Worker Celery", bool(replies), names))

    lines.extend(_oa_token_lines())
    lines.append(_video_cleaning_line())
    lines.extend(_notification_lines())
    lines.extend(_sync_lines())
    lines.append(_holiday_calendar_line())
    lines.append(_backup_line())
    if settings.TLS_CHECK_ADDRESS:
        lines.append(_certificate_line())
    lines.extend(_disk_lines())

    beat = Heartbeat.objects.filter(name="beat").first()
    limit = timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)
    if beat is None:
        lines.append(StatusLine("Celery beat", eager, "chưa ghi nhận nhịp nào"))
    else:
        age = timezone.now() - beat.last_seen
        fresh = age <= limit
        lines.append(
            StatusLine("Celery beat", fresh, f"nhịp cuối {int(age.total_seconds())} giây trước ({beat.worker})")
        )
    return lines


def _holiday_calendar_line() -> StatusLine:
    """Appointment dates and overdue counts depend on the holiday calendar: this year and, from 1 November,
    next year must be written and confirmed by an officer (dossiers/public_holidays.py)."""
    from dossiers.public_holidays import holiday_calendar_problems

    problems = holiday_calendar_problems()
    if problems:
        return StatusLine("Lịch nghỉ lễ, Tết", False, " ".join(problems))
    return StatusLine("Lịch nghỉ lễ, Tết", True, "đủ và đã xác nhận")


def _video_cleaning_line() -> StatusLine:
    from reports.media import video_cleaning_available

    if video_cleaning_available():
        return StatusLine("Xóa thông tin trong video (ffmpeg)", True, "có: video gửi kèm tin báo được nhận")
    return StatusLine(
        "Xóa thông tin trong video (ffmpeg)", False, "thiếu ffmpeg: video gửi kèm tin báo đang bị từ chối"
    )


def _sync_lines() -> list[StatusLine]:
    """Each enabled upstream source: when it last succeeded, and an alert if that is too long ago."""
    from sync.models import SyncSource
    from sync.selectors import sources_lagging

    lagging = {lag.source.pk: lag for lag in sources_lagging()}
    lines = []
    for source in SyncSource.objects.filter(enabled=True).exclude(kind="file"):
        if source.pk in lagging:
            lines.append(StatusLine(f"Đồng bộ: {source.title}", False, lagging[source.pk].text))
        elif source.last_success_at:
            age = int((timezone.now() - source.last_success_at).total_seconds() // 60)
            lines.append(StatusLine(f"Đồng bộ: {source.title}", True, f"thành công {age} phút trước"))
    return lines


def _oa_token_lines() -> list[StatusLine]:
    """One line per OA: each refreshes on its own, so each can need an officer on its own."""
    from zalo.selectors import oa_list_with_state

    rows = oa_list_with_state()
    if not rows:
        return [StatusLine("Mã truy cập Zalo OA", False, "chưa cấp quyền OA (Quản trị › Zalo OA › Cấp quyền OA)")]
    return [
        StatusLine(f"Mã truy cập Zalo OA: {oa.name}", ok, words if ok else f"{words} (Quản trị › Zalo OA)")
        for oa, ok, words in rows
    ]


def _notification_lines() -> list[StatusLine]:
    """Failed notifications today, ones needing an operator, and the oldest message still waiting."""
    from notifications.models import Notification, State

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = Notification.objects.filter(created_at__gte=start)
    failed = today.filter(state=State.FAILED).count()
    attention = Notification.objects.filter(needs_attention=True, updated_at__gte=start).count()
    lines = [
        StatusLine(
            "Thông báo thất bại hôm nay",
            failed == 0 and attention == 0,
            f"{failed} thất bại, {attention} cần kiểm tra cấu hình Zalo (Quản trị › Thông báo)",
        )
    ]
    waiting = (
        Notification.objects.filter(state__in=[State.QUEUED, State.SENDING])
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if waiting is None:
        lines.append(StatusLine("Thông báo đang chờ gửi", True, "không có"))
    else:
        age = int((timezone.now() - waiting).total_seconds())
        limit = settings.NOTIFY_REQUEUE_AFTER_SECONDS + settings.NOTIFY_SWEEP_SECONDS * 2
        lines.append(StatusLine("Thông báo đang chờ gửi", age <= limit, f"tin cũ nhất chờ {age} giây"))
    return lines


def _backup_line() -> StatusLine:
    """The newest backup in BACKUP_DIR: too old (BACKUP_MAX_AGE_HOURS) means the nightly job stopped."""
    from ops.backup import backup_latest

    folder = Path(settings.BACKUP_DIR)
    latest = backup_latest(backup_dir=folder) if folder.is_dir() else None
    if latest is None:
        return StatusLine("Sao lưu", False, f"chưa có bản sao lưu nào trong {folder}")
    archive, created = latest
    hours = (timezone.now() - created).total_seconds() / 3600
    encrypted = "đã mã hóa" if archive.name.endswith(".age") else "KHÔNG mã hóa"
    ok = hours <= settings.BACKUP_MAX_AGE_HOURS and (encrypted == "đã mã hóa" or settings.BACKUP_ALLOW_UNENCRYPTED)
    return StatusLine("Sao lưu", ok, f"bản mới nhất {hours:.0f} giờ trước ({archive.name}, {encrypted})")


def _disk_lines() -> list[StatusLine]:
    """Free space where the database dump, the media and the backups are written."""
    lines = []
    seen = set()
    for label, folder in (("tệp đính kèm", settings.PRIVATE_MEDIA_ROOT), ("sao lưu", settings.BACKUP_DIR)):
        path = Path(folder)
        while not path.exists() and path != path.parent:
            path = path.parent
        usage = shutil.disk_usage(path)
        if (usage.total, usage.free) in seen:
            continue  # the same disk
        seen.add((usage.total, usage.free))
        free = usage.free / usage.total * 100
        ok = free >= settings.DISK_FREE_MIN_PERCENT
        lines.append(
            StatusLine(f"Ổ đĩa ({label})", ok, f"còn trống {usage.free / 2**30:.1f} GB ({free:.0f}%) tại {folder}")
        )
    return lines


def _certificate_line() -> StatusLine:
    """Days left on the certificate the proxy serves (asked over TLS, as a browser would: no file to mount)."""
    import socket
    import ssl

    from cryptography import x509

    host, _, port = settings.TLS_CHECK_ADDRESS.rpartition(":")
    name = settings.TLS_CHECK_SERVER_NAME or (settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else host)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # we read the dates; an expired or self-signed certificate must still answer
    try:
        with (
            socket.create_connection((host, int(port)), timeout=3) as raw,
            context.wrap_socket(raw, server_hostname=name) as tls,
        ):
            der = tls.getpeercert(binary_form=True)
    except (OSError, ValueError) as exc:
        return StatusLine("Chứng thư TLS", False, f"không đọc được chứng thư tại {settings.TLS_CHECK_ADDRESS}: {exc}")
    expires = x509.load_der_x509_certificate(der).not_valid_after_utc  # type: ignore[arg-type]
    days = (expires - timezone.now()).days
    ok = days >= settings.TLS_CERT_WARN_DAYS
    when = timezone.localtime(expires).strftime("%d/%m/%Y")
    return StatusLine("Chứng thư TLS", ok, f"{name}: hết hạn ngày {when} (còn {days} ngày)")
