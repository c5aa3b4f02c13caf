"""Someone is told when things go wrong: every problem the status page shows is mailed to the IT officers,
and sent to the Zalo of those who enrolled (ops/alert_zalo.py).

The status page (ops/selectors.system_status) already knows what matters: the OA token needing authorisation,
the oldest queued notification, sync lag, beat stopped, the holiday calendar, the newest backup too old, a disk
filling, ffmpeg missing. This check runs every ALERT_CHECK_MINUTES from beat and from the host's cron
(`manage.py check_alerts`, which runs even when beat has stopped). What was last sent is kept in the database, so
beat and cron together never mail the same problem twice: a problem is mailed when it appears, again every
ALERT_REPEAT_HOURS while it lasts, and once more when it is gone.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ops.alert_zalo import alerts_send_zalo
from ops.models import AlertState
from ops.selectors import StatusLine, system_status

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlertResult:
    problems: list[StatusLine]
    new: list[str]
    repeated: list[str]
    resolved: list[str]
    mailed: bool
    zalo_sent: int = 0


def alerts_check(*, lines: list[StatusLine] | None = None, now=None) -> AlertResult:
    """Compare the status page's problems with what was last sent; mail what changed or is due again."""
    now = now or timezone.now()
    lines = system_status(inspect_workers=False) if lines is None else lines
    problems = [line for line in lines if not line.ok]
    repeat = timedelta(hours=settings.ALERT_REPEAT_HOURS)
    new, repeated, resolved = [], [], []
    with transaction.atomic():
        known = {state.name: state for state in AlertState.objects.select_for_update()}
        for line in problems:
            state = known.pop(line.name, None)
            if state is None:
                AlertState.objects.create(name=line.name, detail=line.detail, first_seen=now, last_sent=now)
                new.append(line.name)
            elif now - state.last_sent >= repeat:
                AlertState.objects.filter(pk=state.pk).update(detail=line.detail, last_sent=now)
                repeated.append(line.name)
            else:
                AlertState.objects.filter(pk=state.pk).update(detail=line.detail)
        for name, state in known.items():  # problems that are gone
            resolved.append(name)
            state.delete()
    mailed, zalo_sent = False, 0
    if new or repeated or resolved:
        subject, body = _message(problems, new=new, repeated=repeated, resolved=resolved)
        logger.warning("alert: %s", subject)
        if settings.ALERT_EMAILS:
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, settings.ALERT_EMAILS)
                mailed = True
            except (OSError, Exception) as exc:  # noqa: BLE001 - an unreachable mail server must not stop the check
                logger.error("alert e-mail not sent: %s", exc)
        zalo_sent = alerts_send_zalo(subject, _zalo_text(problems, new=new, repeated=repeated, resolved=resolved))
    return AlertResult(
        problems=problems, new=new, repeated=repeated, resolved=resolved, mailed=mailed, zalo_sent=zalo_sent
    )


def _zalo_text(problems: list[StatusLine], *, new: list[str], repeated: list[str], resolved: list[str]) -> str:
    """The e-mail's content in a few short lines: a phone screen, not a mail client."""
    lines = []
    for line in problems:
        mark = "MỚI" if line.name in new else ("NHẮC LẠI" if line.name in repeated else "vẫn còn")
        lines.append(f"[{mark}] {line.name}: {line.detail}")
    if resolved:
        lines.append("Đã hết: " + ", ".join(resolved))
    lines.append("Xem Quản trị › Trạng thái hệ thống.")
    return "\n".join(lines)


def _message(
    problems: list[StatusLine], *, new: list[str], repeated: list[str], resolved: list[str]
) -> tuple[str, str]:
    site = settings.SITE_SHORT_NAME
    if problems:
        subject = f"[{site}] Cần xử lý: {', '.join(line.name for line in problems)}"
    else:
        subject = f"[{site}] Đã ổn: {', '.join(resolved)}"
    parts = []
    if problems:
        parts.append("Các vấn đề đang có (trang Quản trị › Trạng thái hệ thống):")
        for line in problems:
            mark = "MỚI" if line.name in new else ("NHẮC LẠI" if line.name in repeated else "vẫn còn")
            parts.append(f"  - [{mark}] {line.name}: {line.detail}")
    if resolved:
        parts.append("Đã hết: " + ", ".join(resolved))
    parts.append("")
    parts.append(
        f"Máy gửi: {socket.gethostname()}. Cách xử lý theo dấu hiệu: docs/huong-dan-van-hanh.md, mục 8. "
        f"Thư này nhắc lại sau mỗi {settings.ALERT_REPEAT_HOURS} giờ khi vấn đề còn."
    )
    return subject, "\n".join(parts)
