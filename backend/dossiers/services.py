"""Writes on dossiers: counter intake, status changes, follow, and the officers' access log (the lookup: lookup.py)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User, officer_access_fields
from accounts.selectors import unit_list_for_officer
from citizens.consents import consent_record, consent_withdraw_matching
from citizens.models import Citizen, ConsentPurpose
from common.codes import code_clean
from common.crypto import encrypt_text, keyed_hash
from common.errors import PERMISSION_DENIED, ApplicationError, ErrorCode
from dossiers.applicant import id_hash, id_number_clean, id_tail_hash, mask_name, phone_clean
from dossiers.models import (
    CLOSED_STATUSES,
    AccessAction,
    Delivery,
    Dossier,
    DossierAccessLog,
    DossierEvent,
    DossierFollow,
    DossierSource,
    DossierStatus,
)
from dossiers.signals import dossier_events_created
from dossiers.workdays import calendar
from procedures.models import Procedure
from units.models import Unit

logger = logging.getLogger(__name__)

BAD_TRANSITION = ErrorCode("dossier_bad_transition", "Không thể chuyển hồ sơ sang trạng thái này.", 400)
CHANGED_MEANWHILE = ErrorCode(
    "dossier_changed", "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.", 409
)
REASON_REQUIRED = ErrorCode("dossier_reason_required", "Cần ghi rõ lý do hoặc giấy tờ cần bổ sung.", 400)
CODE_TAKEN = ErrorCode("dossier_code_taken", "Mã hồ sơ này đã tồn tại.", 400)
FOLLOW_NOT_ALLOWED = ErrorCode(
    "follow_not_allowed", "Bạn chỉ có thể theo dõi hồ sơ đã tra cứu hoặc hồ sơ đứng tên số điện thoại của bạn.", 403
)

# An opaque code (docs/reference/domain.md): trimmed, exact match, only length and charset checked.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,49}$")

# Allowed moves between the national statuses; anything else is refused (sync may override, see `enforce`).
ALLOWED_TRANSITIONS: dict[int, frozenset[int]] = {
    DossierStatus.SUBMITTED: frozenset({DossierStatus.RECEIVED, DossierStatus.REJECTED, DossierStatus.WITHDRAWN}),
    DossierStatus.RECEIVED: frozenset(
        {
            DossierStatus.PROCESSING,
            DossierStatus.SUPPLEMENT,
            DossierStatus.PAYMENT,
            DossierStatus.WITHDRAWN,
            DossierStatus.STOPPED,
            DossierStatus.DONE,
        }
    ),
    DossierStatus.PROCESSING: frozenset(
        {
            DossierStatus.SUPPLEMENT,
            DossierStatus.PAYMENT,
            DossierStatus.WITHDRAWN,
            DossierStatus.STOPPED,
            DossierStatus.DONE,
        }
    ),
    DossierStatus.SUPPLEMENT: frozenset({DossierStatus.PROCESSING, DossierStatus.WITHDRAWN, DossierStatus.STOPPED}),
    DossierStatus.PAYMENT: frozenset(
        {DossierStatus.PROCESSING, DossierStatus.DONE, DossierStatus.WITHDRAWN, DossierStatus.STOPPED}
    ),
    DossierStatus.DONE: frozenset({DossierStatus.RETURNED}),
    DossierStatus.REJECTED: frozenset(),
    DossierStatus.WITHDRAWN: frozenset(),
    DossierStatus.STOPPED: frozenset(),
    DossierStatus.RETURNED: frozenset(),
}
NEEDS_REASON = frozenset({DossierStatus.REJECTED, DossierStatus.SUPPLEMENT, DossierStatus.STOPPED})

DEFAULT_NOTES = {
    DossierStatus.SUBMITTED: "Hồ sơ đã được gửi trực tuyến.",
    DossierStatus.RECEIVED: "Cán bộ đã tiếp nhận hồ sơ.",
    DossierStatus.REJECTED: "Hồ sơ không được tiếp nhận.",
    DossierStatus.PROCESSING: "Hồ sơ đang được giải quyết.",
    DossierStatus.SUPPLEMENT: "Cần bổ sung giấy tờ.",
    DossierStatus.PAYMENT: "Cần nộp phí, lệ phí.",
    DossierStatus.WITHDRAWN: "Công dân đã rút hồ sơ.",
    DossierStatus.STOPPED: "Hồ sơ dừng giải quyết.",
    DossierStatus.DONE: "Đã có kết quả.",
    DossierStatus.RETURNED: "Công dân đã nhận kết quả.",
}


def lookup_link(code: str) -> str:
    """What the slip's QR and every notification button open: the Mini App lookup with the code filled in."""
    return settings.MINIAPP_LOOKUP_URL.format(app_id=quote(settings.ZALO_APP_ID or ""), code=quote(code, safe=""))


# --- Intake at the counter --------------------------------------------------------------------


def _next_code(unit: Unit, day: date) -> str:
    prefix = f"{unit.code.upper()}-{day:%y%m%d}-"
    last = Dossier.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{number:04d}"


def appointment_default(*, procedure: Procedure, channel: str, received: date) -> date | None:
    """Received date + the procedure's processing time (working days) for that channel, if published."""
    days = (
        procedure.channels.filter(channel=channel, processing_days__isnull=False)
        .values_list("processing_days", flat=True)
        .first()
    )
    if days is None:
        return None
    return calendar().add_working_days(received, days)


@transaction.atomic
def dossier_receive(
    *,
    officer: User,
    procedure: Procedure,
    unit: Unit,
    channel: str,
    applicant_name: str,
    applicant_id_number: str,
    applicant_phone: str = "",
    code: str = "",
    received_at: datetime | None = None,
    appointment_date: date | None = None,
    delivery: str = Delivery.COUNTER,
    fee_due: int | None = None,
    collect_location: str = "",
    collect_note: str = "",
    note: str = "",
) -> Dossier:
    """Receive a dossier at the counter (status 2): it gets its code and appointment date, and a first event."""
    if not unit_list_for_officer(officer=officer).filter(pk=unit.pk).exists():
        raise ApplicationError(PERMISSION_DENIED, message="Bạn chỉ tiếp nhận hồ sơ cho đơn vị của mình.")
    received_at = received_at or timezone.now()
    received_day = timezone.localdate(received_at)
    id_number = id_number_clean(applicant_id_number)
    phone = ""
    if applicant_phone.strip():
        phone = phone_clean(applicant_phone) or ""
        if not phone:
            message = "Số điện thoại không hợp lệ (ví dụ 0912345678)."
            raise ApplicationError(ErrorCode("phone_invalid", message, 400), fields={"applicant_phone": [message]})
    code = code_clean(code)  # issued in upper case: the form citizens' lookups are folded to
    if code and not CODE_PATTERN.match(code):
        message = "Mã hồ sơ chỉ gồm chữ, số và . - _ / (tối đa 50 ký tự)."
        raise ApplicationError(ErrorCode("code_invalid", message, 400), fields={"code": [message]})
    if appointment_date is None:
        appointment_date = appointment_default(procedure=procedure, channel=channel, received=received_day)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one code counter per unit at a time
    code = code or _next_code(unit, received_day)
    if Dossier.objects.filter(code=code).exists():
        raise ApplicationError(CODE_TAKEN, fields={"code": [CODE_TAKEN.message]})
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                code=code,
                procedure=procedure,
                unit=unit,
                status=DossierStatus.RECEIVED,
                channel=channel,
                received_at=received_at,
                appointment_date=appointment_date,
                first_appointment_date=appointment_date,
                delivery=delivery,
                fee_due=fee_due,
                collect_location=collect_location,
                collect_note=collect_note,
                applicant_name_masked=mask_name(applicant_name),
                applicant_id_hash=id_hash(id_number),
                applicant_id_tail_hash=id_tail_hash(code, id_number[-4:]),
                applicant_phone_encrypted=encrypt_text(phone) if phone else "",
                applicant_phone_hash=keyed_hash(phone) if phone else "",
                source=DossierSource.COUNTER,
                created_by=officer,
            )
    except IntegrityError as exc:
        raise ApplicationError(CODE_TAKEN, fields={"code": [CODE_TAKEN.message]}) from exc
    _event_record(
        dossier=dossier,
        status=DossierStatus.RECEIVED,
        previous_status=None,
        note=note or DEFAULT_NOTES[DossierStatus.RECEIVED],
        actor=officer,
        occurred_at=received_at,
    )
    return dossier


# --- Status changes ---------------------------------------------------------------------------


def _event_record(
    *,
    dossier: Dossier,
    status: int,
    previous_status: int | None,
    note: str,
    actor: User | None = None,
    occurred_at: datetime | None = None,
) -> DossierEvent:
    event = DossierEvent.objects.create(
        dossier=dossier,
        status=status,
        previous_status=previous_status,
        occurred_at=occurred_at or timezone.now(),
        note=note,
        actor=actor,
        actor_label=actor.get_full_name() or actor.username if actor else "",
        source=DossierSource.COUNTER,
    )
    dossier_events_created.send(sender=DossierEvent, events=[event])  # same transaction: the outbox rows
    return event


def transition_allowed(old: int, new: int) -> bool:
    return new in ALLOWED_TRANSITIONS.get(old, frozenset())


@transaction.atomic
def dossier_status_change(
    *,
    dossier: Dossier,
    new_status: int,
    note: str = "",
    actor: User | None = None,
    reason: str | None = None,
    supplement_deadline: date | None = None,
    appointment_date: date | None = None,
    collect_location: str | None = None,
    collect_note: str | None = None,
    fee_due: int | None = None,
) -> DossierEvent:
    """Move a dossier to `new_status` and record the event; compare-and-set on the old status.

    Held to ALLOWED_TRANSITIONS. (The upstream sync does not come here: it writes the statuses the
    one-stop system owns in bulk, sync/ingest.py.)
    """
    old_status = dossier.status
    new_status = DossierStatus(new_status)
    if not transition_allowed(old_status, new_status):
        raise ApplicationError(
            BAD_TRANSITION,
            message=(f"Không thể chuyển hồ sơ từ «{DossierStatus(old_status).label}» sang «{new_status.label}»."),
            fields={"status": ["Chuyển trạng thái không hợp lệ."]},
        )
    reason_text = (reason if reason is not None else "").strip()
    if new_status in NEEDS_REASON and not (reason_text or note.strip()):
        raise ApplicationError(REASON_REQUIRED, fields={"reason": [REASON_REQUIRED.message]})
    when = timezone.now()
    updates: dict[str, Any] = {"status": new_status, "updated_at": timezone.now()}
    if new_status in NEEDS_REASON:
        updates["reason"] = reason_text or note.strip()
    if supplement_deadline is not None:
        updates["supplement_deadline"] = supplement_deadline
    if appointment_date is not None:
        updates["appointment_date"] = appointment_date
    if collect_location is not None:
        updates["collect_location"] = collect_location
    if collect_note is not None:
        updates["collect_note"] = collect_note
    if fee_due is not None:
        updates["fee_due"] = fee_due
    if new_status == DossierStatus.DONE:
        updates["finished_at"] = when
    elif new_status == DossierStatus.RETURNED:
        updates["returned_at"] = when
        if dossier.finished_at is None:
            updates["finished_at"] = when
    elif new_status == DossierStatus.REJECTED:
        updates["rejected_at"] = when
    changed = Dossier.objects.filter(pk=dossier.pk, status=old_status).update(**updates)
    if changed != 1:
        raise ApplicationError(CHANGED_MEANWHILE)
    for name, value in updates.items():
        setattr(dossier, name, value)
    return _event_record(
        dossier=dossier,
        status=new_status,
        previous_status=old_status,
        note=note.strip() or DEFAULT_NOTES[new_status],
        actor=actor,
        occurred_at=when,
    )


@transaction.atomic
def dossier_reschedule(
    *, dossier: Dossier, new_date: date, reason: str, actor: User | None = None, note: str = ""
) -> DossierEvent:
    """Move the appointment date (Mẫu 04: xin lỗi và hẹn lại); recorded on the timeline. `note` replaces the
    timeline's short text (the inbox writes the whole apology there, inbox/services.py)."""
    if dossier.status in CLOSED_STATUSES:
        raise ApplicationError(BAD_TRANSITION, message="Hồ sơ đã kết thúc, không thể hẹn lại ngày trả.")
    if not reason.strip():
        raise ApplicationError(REASON_REQUIRED, fields={"reason": [REASON_REQUIRED.message]})
    # The first promised date is kept: a later date than it tells the citizen's page to say sorry.
    first = dossier.first_appointment_date or dossier.appointment_date
    Dossier.objects.filter(pk=dossier.pk).update(
        appointment_date=new_date, first_appointment_date=first, updated_at=timezone.now()
    )
    later = dossier.appointment_date is not None and new_date > dossier.appointment_date
    dossier.appointment_date = new_date
    dossier.first_appointment_date = first
    apology = "Xin lỗi vì sự chậm trễ. " if later else ""
    return _event_record(
        dossier=dossier,
        status=dossier.status,
        previous_status=dossier.status,
        note=note.strip() or f"{apology}Ngày hẹn trả kết quả mới: {new_date:%d/%m/%Y}. Lý do: {reason.strip()}",
        actor=actor,
    )


# --- Follow -----------------------------------------------------------------------------------


@transaction.atomic
def dossier_follow(*, citizen: Citizen, dossier: Dossier) -> tuple[DossierFollow, bool]:
    """Idempotent: following twice is one follow (and one consent record)."""
    follow, created = DossierFollow.objects.get_or_create(citizen=citizen, dossier=dossier)
    if created:
        consent_record(
            citizen=citizen, purpose=ConsentPurpose.FOLLOW, subject=f"Hồ sơ {dossier.code}", object_id=dossier.pk
        )
    return follow, created


@transaction.atomic
def dossier_unfollow(*, citizen: Citizen, dossier_id: int) -> bool:
    deleted, _ = DossierFollow.objects.filter(citizen=citizen, dossier_id=dossier_id).delete()
    consent_withdraw_matching(citizen=citizen, purpose=ConsentPurpose.FOLLOW, object_id=dossier_id)
    return deleted > 0


# --- Officers' access log ---------------------------------------------------------------------


def access_log_record(
    *, request: HttpRequest, action: str, dossier: Dossier | None = None, detail: str = ""
) -> DossierAccessLog:
    return DossierAccessLog.objects.create(
        **officer_access_fields(request, detail=detail),
        dossier=dossier,
        dossier_code=dossier.code if dossier else "",
        dossier_unit_id=dossier.unit_id if dossier else None,
        action=AccessAction(action),
    )


def access_log_record_many(*, request: HttpRequest, action: str, dossiers: list[Dossier], detail: str = "") -> None:
    officer = officer_access_fields(request, detail=detail)
    DossierAccessLog.objects.bulk_create(
        DossierAccessLog(
            **officer,
            dossier=dossier,
            dossier_code=dossier.code,
            dossier_unit_id=dossier.unit_id,
            action=action,
        )
        for dossier in dossiers
    )


# --- "Hồ sơ của tôi" › refresh: ask the sources again ---------------------------------------------


def dossier_refresh_for_citizen(*, citizen: Citizen) -> tuple[int, int]:
    """Ask each of the citizen's dossiers' own source for it again (lookup on demand, docs/dossiers.md), newest
    first, at most DOSSIER_REFRESH_MAX_DOSSIERS, within the lookup timeout in all. (asked, stored). Counted
    against the citizen first; each code also against the per-code limit of remote fetches."""
    import time

    from common import ratelimit
    from dossiers.remote import remote

    started = time.monotonic()
    ratelimit.enforce(
        ratelimit.Limit("dossier-refresh-citizen", settings.DOSSIER_REFRESH_PER_CITIZEN_PER_HOUR, 3600),
        f"citizen:{citizen.pk}",
    )
    provider = remote()
    if provider is None or not citizen.phone_hash:
        return 0, 0
    codes = list(
        Dossier.objects.filter(applicant_phone_hash=citizen.phone_hash, sync_source__isnull=False)
        .order_by("-received_at", "-id")
        .values_list("code", "sync_source_id")[: settings.DOSSIER_REFRESH_MAX_DOSSIERS]
    )
    return provider.refresh(codes, started=started)
