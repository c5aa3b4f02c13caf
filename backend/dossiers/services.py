"""Writes on dossiers: counter intake, status changes, lookup, follow, and the officers' access log."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import redis
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User, officer_access_fields
from accounts.selectors import unit_list_for_officer
from citizens.consents import consent_record, consent_withdraw_matching
from citizens.models import Citizen, ConsentPurpose
from common import ratelimit
from common.codes import code_clean
from common.crypto import encrypt_text, keyed_hash
from common.dates import locked_message
from common.errors import PERMISSION_DENIED, THROTTLED, ApplicationError, ErrorCode
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
from dossiers.result import lookup_fetch
from dossiers.signals import dossier_event_created, dossier_event_recorded
from dossiers.workdays import calendar
from procedures.models import Procedure
from units.models import Unit

logger = logging.getLogger(__name__)

LOOKUP_FAILED = ErrorCode(
    "dossier_not_found",
    "Không tìm thấy hồ sơ khớp với mã hồ sơ và thông tin xác minh. Vui lòng kiểm tra lại mã hồ sơ "
    "và 4 số cuối số định danh cá nhân hoặc số điện thoại đã khai khi nộp hồ sơ.",
    404,
)
CODE_LOCKED = ErrorCode(
    "dossier_code_locked",
    "Mã hồ sơ này đã bị nhập sai thông tin xác minh quá nhiều lần nên tạm khóa tra cứu. Vui lòng thử lại sau.",
    429,
)
BAD_TRANSITION = ErrorCode("dossier_bad_transition", "Không thể chuyển hồ sơ sang trạng thái này.", 400)
CHANGED_MEANWHILE = ErrorCode(
    "dossier_changed", "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.", 409
)
REASON_REQUIRED = ErrorCode("dossier_reason_required", "Cần ghi rõ lý do hoặc giấy tờ cần bổ sung.", 400)
CODE_TAKEN = ErrorCode("dossier_code_taken", "Mã hồ sơ này đã tồn tại.", 400)
FOLLOW_TOKEN_INVALID = ErrorCode(
    "follow_token_invalid", "Phiên tra cứu đã hết hạn. Vui lòng tra cứu lại hồ sơ rồi bấm theo dõi.", 400
)
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


# --- Personal data helpers --------------------------------------------------------------------


def mask_name(full_name: str) -> str:
    """ "Nguyễn Văn An" → "Nguyễn V. A.": enough for the owner to recognise, too little to identify."""
    words = full_name.split()
    if not words:
        return ""
    if len(words) == 1:
        return f"{words[0][0].upper()}."
    return " ".join([words[0].capitalize(), *(f"{word[0].upper()}." for word in words[1:])])


# Chứng minh nhân dân (9 digits) stopped being valid after 31/12/2024 (Luật Căn cước 2023); every citizen has a
# 12-digit số định danh cá nhân, printed on the thẻ căn cước. See docs/dossiers.md, "Số định danh cá nhân".
CMND_LENGTH = 9
ID_NUMBER_LENGTH = 12
CMND_NO_LONGER_VALID = "Chứng minh nhân dân 9 số không còn giá trị sử dụng từ ngày 01/01/2025."
ID_NUMBER_INVALID_MESSAGE = f"Số định danh cá nhân gồm 12 chữ số (in trên thẻ căn cước). {CMND_NO_LONGER_VALID}"
VERIFIER_CMND = ErrorCode(
    "verifier_cmnd_not_accepted",
    f"{CMND_NO_LONGER_VALID} Vui lòng nhập 4 số cuối số định danh cá nhân, hoặc số điện thoại đủ 10 số "
    "(ví dụ 0912345678) đã khai khi nộp hồ sơ.",
    400,
)
VERIFIER_FULL_ID = ErrorCode(
    "verifier_full_id_number",
    "Chỉ nhập 4 số cuối số định danh cá nhân (không nhập cả 12 số), hoặc số điện thoại đã khai khi nộp hồ sơ.",
    400,
)


def id_number_clean(raw: str) -> str:
    """The 12-digit số định danh cá nhân typed at the counter; a 9-digit CMND is refused with its reason."""
    digits = "".join(ch for ch in raw if not ch.isspace())
    if not (digits.isascii() and digits.isdigit() and len(digits) == ID_NUMBER_LENGTH):
        raise ApplicationError(
            ErrorCode("id_number_invalid", ID_NUMBER_INVALID_MESSAGE, 400),
            fields={"applicant_id_number": [ID_NUMBER_INVALID_MESSAGE]},
        )
    return digits


def verifier_check(verifier: str) -> None:
    """Refuse, with the reason, a lookup factor that is an old CMND or a whole ID number (never stored)."""
    digits = "".join(ch for ch in verifier if ch.isascii() and ch.isdigit())
    if len(digits) == CMND_LENGTH and not verifier.lstrip().startswith("+"):
        raise ApplicationError(VERIFIER_CMND, fields={"verifier": [VERIFIER_CMND.message]})
    if len(digits) == ID_NUMBER_LENGTH and phone_clean(verifier) is None:
        raise ApplicationError(VERIFIER_FULL_ID, fields={"verifier": [VERIFIER_FULL_ID.message]})


def id_hash(id_number: str) -> str:
    return keyed_hash(f"id:{id_number}")


def id_tail_hash(code: str, tail: str) -> str:
    # Bound to the code: four digits alone would be one of 10,000 values shared by many dossiers.
    return keyed_hash(f"id-tail:{code}:{tail}")


_NOT_DIGITS = re.compile(r"[^0-9]")


def phone_clean(raw: str) -> str | None:
    """'0912 345 678' / '+84912345678' → '84912345678' (the form Citizen.phone_hash uses); None if not a phone."""
    digits = _NOT_DIGITS.sub("", raw)
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    if digits.startswith("84") and len(digits) == 11:
        return digits
    return None


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
    actor_label: str = "",
    source: str = DossierSource.COUNTER,
    occurred_at: datetime | None = None,
) -> DossierEvent:
    event = DossierEvent.objects.create(
        dossier=dossier,
        status=status,
        previous_status=previous_status,
        occurred_at=occurred_at or timezone.now(),
        note=note,
        actor=actor,
        actor_label=actor_label or (actor.get_full_name() or actor.username if actor else ""),
        source=source,
    )
    dossier_event_created.send(sender=DossierEvent, event=event)  # same transaction: the outbox rows
    transaction.on_commit(lambda: dossier_event_recorded.send(sender=DossierEvent, event_id=event.pk))
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
    actor_label: str = "",
    source: str = DossierSource.COUNTER,
    occurred_at: datetime | None = None,
    enforce_transitions: bool = True,
    reason: str | None = None,
    supplement_deadline: date | None = None,
    appointment_date: date | None = None,
    collect_location: str | None = None,
    collect_note: str | None = None,
    fee_due: int | None = None,
) -> DossierEvent:
    """Move a dossier to `new_status` and record the event; compare-and-set on the old status.

    Officers are held to ALLOWED_TRANSITIONS; the upstream sync passes enforce_transitions=False
    because the one-stop system is the source of truth for the dossiers it owns.
    """
    old_status = dossier.status
    new_status = DossierStatus(new_status)
    if enforce_transitions and not transition_allowed(old_status, new_status):
        raise ApplicationError(
            BAD_TRANSITION,
            message=(f"Không thể chuyển hồ sơ từ «{DossierStatus(old_status).label}» sang «{new_status.label}»."),
            fields={"status": ["Chuyển trạng thái không hợp lệ."]},
        )
    reason_text = (reason if reason is not None else "").strip()
    if new_status in NEEDS_REASON and not (reason_text or note.strip()):
        raise ApplicationError(REASON_REQUIRED, fields={"reason": [REASON_REQUIRED.message]})
    when = occurred_at or timezone.now()
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
        actor_label=actor_label,
        source=source,
        occurred_at=when,
    )


@transaction.atomic
def dossier_reschedule(*, dossier: Dossier, new_date: date, reason: str, actor: User | None = None) -> DossierEvent:
    """Move the appointment date (Mẫu 04: xin lỗi và hẹn lại); recorded on the timeline."""
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
        note=f"{apology}Ngày hẹn trả kết quả mới: {new_date:%d/%m/%Y}. Lý do: {reason.strip()}",
        actor=actor,
    )


# --- Lookup -----------------------------------------------------------------------------------


def _limits() -> tuple[ratelimit.Limit, ratelimit.Limit, ratelimit.Limit]:
    return (
        ratelimit.Limit("dossier-lookup-ip", settings.DOSSIER_LOOKUP_PER_IP_PER_MINUTE, 60),
        ratelimit.Limit("dossier-lookup-citizen", settings.DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR, 3600),
        ratelimit.Limit(
            "dossier-lookup-code", settings.DOSSIER_LOOKUP_FAILURES_PER_CODE, settings.DOSSIER_LOOKUP_CODE_LOCK_SECONDS
        ),
    )


def _verifier_hash(code: str, verifier: str) -> tuple[str, str]:
    """Which stored hash to compare with, and the hash of what the citizen typed."""
    digits = "".join(ch for ch in verifier if ch.isascii() and ch.isdigit())
    if len(digits) == 4:
        return "applicant_id_tail_hash", id_tail_hash(code, digits)
    return "applicant_phone_hash", keyed_hash(phone_clean(verifier) or f"invalid:{digits}")


def dossier_lookup(*, code: str, verifier: str, client_ip: str, citizen: Citizen) -> dict[str, Any]:
    """The lookup answer for code + second factor. Unknown code and wrong factor fail identically.

    The dossier is read first (one indexed statement that matches code and factor together), then the
    attempt is counted against the client IP, the citizen and the code in one atomic Redis call that also
    decides: over a limit, nothing is revealed, right or wrong; within the limits, a right answer gives
    its count back to the code in the same call. So concurrent wrong guesses can never get more answers
    than the per-code limit, a locked code answers the same whatever was guessed, and a lookup costs one
    Redis round trip. (Floods are cut earlier by the proxy's limit_req; an over-limit attempt still costs
    that one indexed read.)
    """
    field, given = _verifier_hash(code, verifier)
    answer = lookup_fetch(code=code, field=field, given=given, citizen_id=citizen.pk)
    ip_limit, citizen_limit, code_limit = _limits()
    try:
        refused, retry_after = ratelimit.hit_chain(
            [(ip_limit, client_ip), (citizen_limit, f"citizen:{citizen.pk}"), (code_limit, code)],
            give_back_last=answer is not None,
        )
    except redis.RedisError as exc:
        raise ApplicationError(THROTTLED, message="Hệ thống tạm thời bận. Vui lòng thử lại sau ít phút.") from exc
    if refused is code_limit:
        raise ApplicationError(  # says for how long (the remaining lock time), not just "later"
            CODE_LOCKED,
            message=locked_message(CODE_LOCKED.message.removesuffix(" Vui lòng thử lại sau."), retry_after),
            headers={"Retry-After": str(retry_after)},
        )
    if refused is not None:
        raise ApplicationError(THROTTLED, headers={"Retry-After": str(retry_after)})
    if answer is None:
        raise ApplicationError(LOOKUP_FAILED)
    answer["follow_token"] = follow_token_issue(citizen=citizen, dossier_id=answer["id"])
    return answer


# --- Follow -----------------------------------------------------------------------------------

_FOLLOW_SALT = "dossiers.follow"
FOLLOW_TOKEN_MAX_AGE = 24 * 3600


def follow_token_issue(*, citizen: Citizen, dossier_id: int) -> str:
    """Proof that this citizen passed the lookup for this dossier, to follow it afterwards."""
    return signing.dumps({"c": citizen.pk, "d": dossier_id}, salt=_FOLLOW_SALT)


def follow_token_dossier(*, citizen: Citizen, token: str) -> Dossier:
    try:
        data = signing.loads(token, salt=_FOLLOW_SALT, max_age=FOLLOW_TOKEN_MAX_AGE)
    except signing.BadSignature as exc:
        raise ApplicationError(FOLLOW_TOKEN_INVALID, fields={"follow_token": [FOLLOW_TOKEN_INVALID.message]}) from exc
    if not isinstance(data, dict) or data.get("c") != citizen.pk:
        raise ApplicationError(FOLLOW_TOKEN_INVALID, fields={"follow_token": [FOLLOW_TOKEN_INVALID.message]})
    dossier = Dossier.objects.filter(pk=data.get("d")).first()
    if dossier is None:
        raise ApplicationError(FOLLOW_TOKEN_INVALID, fields={"follow_token": [FOLLOW_TOKEN_INVALID.message]})
    return dossier


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
