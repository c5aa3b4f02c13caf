"""The unit leader's daily digest: what is due today, what is overdue, by officer, and the other sources' counts.

Sent once a day per leader (beat, INBOX_DIGEST_HOUR), to the leader's own Zalo through the OA when they linked
it (zalo_link.py), otherwise by e-mail; a leader with neither gets nothing and the row says why. A DigestDelivery
row is claimed before anything is sent, so a second run of the task the same day (beat twice, a retry, an
operator running it by hand) sends nothing more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from common.dates import citizen_date
from dossiers.workdays import calendar
from inbox.builtin import open_dossiers
from inbox.models import DigestChannel, DigestDelivery, DigestState, OfficerZalo
from inbox.selectors import inbox_counts

logger = logging.getLogger(__name__)

NO_OFFICER = "Hồ sơ đồng bộ (chưa rõ cán bộ)"


@dataclass
class OfficerLine:
    name: str
    due_today: int
    overdue: int


@dataclass
class Digest:
    leader: User
    day: date
    due_today: int = 0
    overdue: int = 0
    by_officer: list[OfficerLine] = field(default_factory=list)
    others: list[tuple[str, str]] = field(default_factory=list)

    @property
    def subject(self) -> str:
        return f"Việc cần làm ngày {citizen_date(self.day)}: {self.due_today} hồ sơ đến hạn, {self.overdue} quá hạn"

    def text(self) -> str:
        unit = self.leader.unit.name if self.leader.unit else ""
        lines = [
            f"{unit} — việc cần làm ngày {citizen_date(self.day)}",
            f"Hồ sơ đến hạn hôm nay: {self.due_today}",
            f"Hồ sơ quá hạn: {self.overdue}",
        ]
        if self.by_officer:
            lines.append("Theo cán bộ tiếp nhận (hôm nay / quá hạn):")
            lines += [f"- {line.name}: {line.due_today} / {line.overdue}" for line in self.by_officer]
        for label, count in self.others:
            lines.append(f"{label}: {count}")
        base = settings.PUBLIC_BASE_URL.rstrip("/")
        if base:
            lines.append(f"Mở trang Việc cần làm: {base}{reverse('inbox:page')}")
        return "\n".join(lines)


def digest_build(*, leader: User, day: date) -> Digest:
    """Three queries plus one count per other source, whatever the number of dossiers."""
    digest = Digest(leader=leader, day=day)
    dossiers = open_dossiers(leader).filter(appointment_date__lte=day)
    rows = (
        dossiers.values("created_by_id", "created_by__username", "created_by__first_name", "created_by__last_name")
        .annotate(
            due_today=Count("pk", filter=Q(appointment_date=day)),
            overdue=Count("pk", filter=Q(appointment_date__lt=day)),
        )
        .order_by()
    )
    for row in rows:
        digest.due_today += row["due_today"]
        digest.overdue += row["overdue"]
        if row["created_by_id"] is None:
            name = NO_OFFICER
        else:
            full = f"{row['created_by__last_name']} {row['created_by__first_name']}".strip()
            name = full or row["created_by__username"]
        digest.by_officer.append(OfficerLine(name, row["due_today"], row["overdue"]))
    digest.by_officer.sort(key=lambda line: (-line.overdue, -line.due_today, line.name))
    skip = {"dossiers_overdue", "dossiers_due_soon"}  # the dossier lines above say it better
    digest.others = [
        (c.source.label, c.text) for c in inbox_counts(officer=leader, today=day) if c.source.name not in skip
    ]
    return digest


def _zalo_payload(digest: Digest) -> dict:
    return {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "transaction_event",
                "language": "VI",
                "elements": [
                    {"type": "header", "content": f"Việc cần làm ngày {citizen_date(digest.day)}", "align": "left"},
                    {"type": "text", "align": "left", "content": digest.text()[:1000]},
                ],
            },
        }
    }


def _send_zalo(link: OfficerZalo, digest: Digest) -> str:
    """'' when Zalo took it, else why not."""
    from zalo.client import zalo_client
    from zalo.errors import ZaloError
    from zalo.oa_token import OATokenUnavailable, oa_access_token

    try:
        zalo_client().send_oa_transaction(
            oa_access_token(), follower_id=link.follower_id, payload=_zalo_payload(digest)
        )
    except (ZaloError, OATokenUnavailable, OSError) as exc:
        reason = str(exc)[:300]
        OfficerZalo.objects.filter(pk=link.pk).update(last_error=reason)
        return reason
    if link.last_error:
        OfficerZalo.objects.filter(pk=link.pk).update(last_error="")
    return ""


def _claim(leader: User, day: date) -> DigestDelivery | None:
    try:
        with transaction.atomic():
            return DigestDelivery.objects.create(user=leader, day=day, state=DigestState.SENDING)
    except IntegrityError:
        return None  # already sent (or being sent) today


def digest_send(*, leader: User, day: date) -> DigestDelivery | None:
    """Send one leader's digest of `day`, once. None when it was already claimed."""
    delivery = _claim(leader, day)
    if delivery is None:
        return None
    try:
        return _deliver(delivery, leader=leader, day=day)
    except Exception as exc:  # the claimed row must not stay "sending": it ends failed, with the reason
        logger.exception("inbox digest: leader %s's digest failed", leader.pk)
        DigestDelivery.objects.filter(pk=delivery.pk).update(
            state=DigestState.FAILED, reason=f"Lỗi khi soạn hoặc gửi: {type(exc).__name__}"
        )
        delivery.refresh_from_db()
        return delivery


def _deliver(delivery: DigestDelivery, *, leader: User, day: date) -> DigestDelivery:
    digest = digest_build(leader=leader, day=day)
    body = digest.text()
    channel, state, reason = DigestChannel.NONE, DigestState.FAILED, ""
    link = OfficerZalo.objects.filter(user=leader).first()
    if link is not None:
        reason = _send_zalo(link, digest)
        if not reason:
            channel, state = DigestChannel.ZALO, DigestState.SENT
        else:
            logger.warning("inbox digest: Zalo refused leader %s's digest, trying e-mail", leader.pk)
    if state != DigestState.SENT and leader.email:
        try:
            send_mail(digest.subject, body, settings.DEFAULT_FROM_EMAIL, [leader.email])
            channel, state = DigestChannel.EMAIL, DigestState.SENT
        except OSError as exc:
            reason = f"{reason}; e-mail: {exc}"[:300] if reason else f"e-mail: {exc}"[:300]
    if state != DigestState.SENT and not reason:
        reason = "Lãnh đạo chưa liên kết Zalo và chưa có địa chỉ thư điện tử."
    DigestDelivery.objects.filter(pk=delivery.pk).update(
        state=state,
        channel=channel,
        body=body,
        reason=reason[:300],
        sent_at=timezone.now() if state == "sent" else None,
    )
    delivery.refresh_from_db()
    return delivery


def leaders() -> list[User]:
    return list(
        User.objects.filter(is_active=True, unit__isnull=False, groups__name=roles.UNIT_LEADER)
        .select_related("unit")
        .distinct()
        .order_by("pk")
    )


def digest_send_all(*, day: date | None = None) -> dict[str, int]:
    """Every leader's digest of `day` (today), on working days only. Counts of what happened."""
    day = day or timezone.localdate()
    result = {"sent": 0, "failed": 0, "skipped": 0}
    if not calendar().is_working_day(day):
        return result
    for leader in leaders():
        delivery = digest_send(leader=leader, day=day)
        if delivery is None:
            result["skipped"] += 1
        elif delivery.state == DigestState.SENT:
            result["sent"] += 1
        else:
            result["failed"] += 1
    return result
