"""Writes on reports: submission, the officers' workflow (status, forward, extension, reply), tracking
by code + secret, and the access log."""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import redis
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User, officer_access_fields
from citizens.consents import consent_record
from citizens.models import Citizen, ConsentPurpose
from common import ratelimit
from common.crypto import encrypt_text, keyed_hash
from common.dates import locked_message
from common.errors import THROTTLED, ApplicationError, ErrorCode
from dossiers.workdays import calendar
from notifications.models import Kind
from notifications.services import notify_citizen
from reports import clocks
from reports.media import FILE_TOO_LARGE, TOO_MANY_FILES, CleanMedia
from reports.models import (
    CLOSED_STATUSES,
    AccessAction,
    ClockStart,
    EventType,
    LegalTrack,
    LocationSource,
    Outcome,
    Report,
    ReportAccessLog,
    ReportAttachment,
    ReportEvent,
    ReportKind,
    ReportStatus,
    private_storage,
)
from reports.routing import report_route
from reports.selectors import report_for_citizen_view
from reports.texts import NAMED_TEXT, citizen_meaning
from units.models import Unit
from zalo.client import zalo_client
from zalo.errors import ZaloError

logger = logging.getLogger(__name__)

TRACK_FAILED = ErrorCode(
    "report_not_found",
    "Không tìm thấy tin báo khớp với mã theo dõi và mã bí mật. Vui lòng kiểm tra lại hai mã đã nhận khi gửi.",
    404,
)
CODE_LOCKED = ErrorCode(
    "report_code_locked", "Mã theo dõi này bị nhập sai mã bí mật quá nhiều lần nên tạm khóa. Vui lòng thử lại sau.", 429
)
BAD_TRANSITION = ErrorCode("report_bad_transition", "Không thể chuyển tin báo sang trạng thái này.", 400)
CHANGED_MEANWHILE = ErrorCode("report_changed", "Tin báo vừa được người khác cập nhật. Vui lòng tải lại trang.", 409)
NOTE_REQUIRED = ErrorCode("report_note_required", "Cần ghi rõ nội dung (ghi chú, lý do hoặc trả lời).", 400)
FORWARD_INVALID = ErrorCode("report_forward_invalid", "Chọn một đơn vị khác đơn vị đang xử lý.", 400)
EXTEND_INVALID = ErrorCode("report_extend_invalid", "Hạn mới phải sau hạn hiện tại.", 400)
CLOCK_DATE_INVALID = ErrorCode("report_clock_date_invalid", "Ngày quyết định không hợp lệ.", 400)
PAUSE_NOT_ALLOWED = ErrorCode("report_pause_not_allowed", "Không thể tạm đình chỉ tin này.", 400)
ACCEPT_INVALID = ErrorCode("report_accept_invalid", "Không thể thụ lý tin này.", 400)
OUTCOME_INVALID = ErrorCode("report_outcome_invalid", "Kết quả này không dùng được cho tin này.", 400)
KIND_INVALID = ErrorCode("report_kind_invalid", "Loại tin báo không hợp lệ.", 400)
ANONYMOUS_NOT_ALLOWED = ErrorCode("report_anonymous_not_allowed", "Loại tin này không nhận gửi ẩn danh.", 400)
LOCATION_REQUIRED = ErrorCode(
    "report_location_required", "Cần cho biết nơi xảy ra: bấm «Lấy vị trí», chọn xã/phường hoặc nhập địa chỉ.", 400
)
MEDIA_REQUIRED = ErrorCode("report_media_required", "Loại tin này cần ít nhất một ảnh hoặc video.", 400)
LOCATION_FAILED = ErrorCode(
    "report_location_failed", "Không lấy được vị trí từ Zalo. Vui lòng chọn xã/phường hoặc nhập địa chỉ.", 400
)

# Allowed status moves; forwarding is its own action (report_forward) from any open status.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.RECEIVED: frozenset(
        {
            ReportStatus.VERIFYING,
            ReportStatus.PROCESSING,
            ReportStatus.RESOLVED,
            ReportStatus.NOT_COMPETENT,
            ReportStatus.REJECTED_FALSE,
            ReportStatus.SPAM,
        }
    ),
    ReportStatus.VERIFYING: frozenset(
        {
            ReportStatus.PROCESSING,
            ReportStatus.RESOLVED,
            ReportStatus.NOT_COMPETENT,
            ReportStatus.REJECTED_FALSE,
            ReportStatus.SPAM,
        }
    ),
    # Acceptance (thụ lý) and suspension have their own actions (report_accept, report_pause/resume).
    ReportStatus.ACCEPTED: frozenset({ReportStatus.VERIFYING, ReportStatus.PROCESSING}),
    ReportStatus.PROCESSING: frozenset(
        {ReportStatus.RESOLVED, ReportStatus.NOT_COMPETENT, ReportStatus.REJECTED_FALSE}
    ),
    ReportStatus.SUSPENDED: frozenset(),
    ReportStatus.NOT_ACCEPTED: frozenset(),
    ReportStatus.RESOLVED: frozenset(),
    ReportStatus.NOT_COMPETENT: frozenset(),
    ReportStatus.REJECTED_FALSE: frozenset(),
    ReportStatus.SPAM: frozenset(),
}
ALLOWED_TRANSITIONS[ReportStatus.FORWARDED] = ALLOWED_TRANSITIONS[ReportStatus.RECEIVED]
# A report found outside the unit's competence may still be forwarded to the competent one.
FORWARDABLE = frozenset(
    {*ALLOWED_TRANSITIONS.keys()}
    - {ReportStatus.RESOLVED, ReportStatus.REJECTED_FALSE, ReportStatus.SPAM, ReportStatus.SUSPENDED}
)
# Kinds that follow a law end only with one of its outcomes (report_outcome), never a generic "resolved".
OUTCOME_ONLY = frozenset({ReportStatus.RESOLVED, ReportStatus.NOT_COMPETENT, ReportStatus.REJECTED_FALSE})
OUTCOME_STATUS = {
    Outcome.NOT_ACCEPTED: ReportStatus.NOT_ACCEPTED,
    Outcome.TRANSFER: ReportStatus.NOT_COMPETENT,
}


def allowed_statuses(report: Report) -> frozenset[str]:
    """Where the status form may move this report: the workflow, narrowed by the kind's law."""
    allowed = ALLOWED_TRANSITIONS.get(report.status, frozenset())
    kind = report.kind
    if kind.legal_track != LegalTrack.GENERAL:
        allowed = allowed - OUTCOME_ONLY
    if report.awaits_acceptance:
        allowed = allowed - {ReportStatus.PROCESSING}  # "đang giải quyết" only after thụ lý
    return allowed


# Tracking codes: "PA-" + 8 characters, no 0/O, 1/I/L (read aloud, typed on a phone); 31^8 ≈ 8.5e11.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "PA-"
CODE_LENGTH = 8
SECRET_LENGTH = 10


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def code_normalize(raw: str) -> str:
    """What a citizen types: case, spaces, dashes and look-alike letters do not matter."""
    text = "".join(ch for ch in raw.upper() if ch.isalnum())
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))  # type: ignore[arg-type]  # never issued: stays invalid
    if text.startswith("PA"):
        text = text[2:]
    return f"{CODE_PREFIX}{text}"


def secret_normalize(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def _secret_hash(code: str, secret: str) -> str:
    return keyed_hash(f"report-secret:{code}:{secret}")


def report_link(code: str) -> str:
    return settings.MINIAPP_REPORT_URL.format(app_id=quote(settings.ZALO_APP_ID or ""), code=quote(code, safe=""))


def due_date_for(*, kind: ReportKind, received: date) -> date | None:
    """The first deadline: to accept (thụ lý) when the kind has that step, else to resolve."""
    if kind.accept_amount is not None:
        return clocks.add_period(received, kind.accept_amount, kind.accept_unit, calendar())
    if kind.clock_amount is None:
        return None
    return clocks.add_period(received, kind.clock_amount, kind.clock_unit, calendar())


# --- Notifications ---------------------------------------------------------------------------------


def _notify(*, report: Report, kind: str, key: str, reply: str = "") -> None:
    """A message about the report to the citizen who sent it under their name. An anonymous report keeps
    no citizen, so its row is written as skipped ("no recipient") and nobody is messaged, as
    texts.anonymous_text() says; tracking by code + secret is their channel."""
    status = ReportStatus(report.status)
    notify_citizen(
        key=key,
        kind=kind,
        citizen=None if report.is_anonymous else report.citizen,
        unit=report.unit,
        values={
            "code": report.code,
            "report_kind": report.kind.name,
            "unit": report.unit.name,
            "status": status.label,
            "reply": reply,
            "note": citizen_meaning(report),  # officers' notes are internal; the citizen reads what it means
        },
        link=report_link(report.code),
        dossier=None,
    )


# --- Submission ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    report: Report
    secret: str


def submit_limits() -> list[ratelimit.Limit]:
    return [
        ratelimit.Limit("report-submit-ip", settings.REPORT_SUBMIT_PER_IP_PER_HOUR, 3600),
        ratelimit.Limit("report-submit-citizen", settings.REPORT_SUBMIT_PER_CITIZEN_PER_DAY, 86400),
        ratelimit.Limit("report-submit-device", settings.REPORT_SUBMIT_PER_DEVICE_PER_DAY, 86400),
    ]


def report_submit_allowed(*, client_ip: str, citizen: Citizen | None, device_id: str) -> None:
    """Count one submission against IP, citizen and device, atomically (before any file is decoded).

    The counters are keyed by hashes in Redis and expire; they are never stored with the report, so an
    anonymous report stays unlinked."""
    ip_limit, citizen_limit, device_limit = submit_limits()
    checks = [(ip_limit, client_ip)]
    if citizen is not None:
        checks.append((citizen_limit, f"citizen:{citizen.pk}"))
    if device_id:
        checks.append((device_limit, f"device:{device_id}"))
    try:
        refused, retry_after = ratelimit.hit_chain(checks)
    except redis.RedisError as exc:
        raise ApplicationError(THROTTLED, message="Hệ thống tạm thời bận. Vui lòng thử lại sau ít phút.") from exc
    if refused is not None:
        raise ApplicationError(
            THROTTLED,
            message="Bạn đã gửi nhiều tin trong thời gian ngắn. Vui lòng thử lại sau.",
            headers={"Retry-After": str(retry_after)},
        )


def location_from_token(*, zalo_access_token: str, location_token: str) -> tuple[Decimal, Decimal]:
    try:
        location = zalo_client().exchange_location_token(zalo_access_token, location_token)
    except ZaloError as exc:
        logger.warning("Zalo location exchange failed: %s", exc.classification.meaning)
        raise ApplicationError(LOCATION_FAILED, fields={"location_token": [LOCATION_FAILED.message]}) from exc
    if not (-90 <= location.latitude <= 90 and -180 <= location.longitude <= 180):
        raise ApplicationError(LOCATION_FAILED, fields={"location_token": [LOCATION_FAILED.message]})
    return Decimal(f"{location.latitude:.6f}"), Decimal(f"{location.longitude:.6f}")


MEDIA_EXPIRED = ErrorCode(
    "report_media_expired", "Ảnh/video đã tải lên quá lâu hoặc không hợp lệ. Vui lòng chọn lại ảnh/video.", 400
)
_MEDIA_SALT = "reports.media"


def _attachment_store(*, media: CleanMedia, report: Report | None) -> ReportAttachment:
    attachment = ReportAttachment(
        report=report,
        media_type=media.media_type,
        content_type=media.content_type,
        size=len(media.content),
        sha256=media.sha256,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{media.extension}", ContentFile(media.content), save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)  # type: ignore[arg-type]  # nothing of a refused upload stays on disk
        raise
    return attachment


def report_media_stage(*, media: CleanMedia) -> str:
    """Keep a photo/video uploaded before the report is sent (Zalo's openMediaPicker uploads each file on
    its own) and return the signed token the submission names it by. No identity is stored with it."""
    attachment = _attachment_store(media=media, report=None)
    return signing.dumps(attachment.pk, salt=_MEDIA_SALT)


def staged_media_for(*, tokens: list[str]) -> list[ReportAttachment]:
    """The staged uploads the tokens name, still unclaimed and fresh; any bad token refuses them all."""
    ids: list[int] = []
    for token in tokens:
        try:
            ids.append(int(signing.loads(token, salt=_MEDIA_SALT, max_age=settings.REPORT_STAGED_MEDIA_HOURS * 3600)))
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise ApplicationError(MEDIA_EXPIRED, fields={"media": [MEDIA_EXPIRED.message]}) from exc
    found = list(ReportAttachment.objects.filter(pk__in=ids, report__isnull=True))
    if len(found) != len(set(ids)) or len(ids) != len(set(ids)):
        raise ApplicationError(MEDIA_EXPIRED, fields={"media": [MEDIA_EXPIRED.message]})
    return found


def report_media_sweep(*, now: datetime | None = None) -> int:
    """Delete staged uploads no report claimed in time (files first, then rows)."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.REPORT_STAGED_MEDIA_HOURS)
    stale = list(ReportAttachment.objects.filter(report__isnull=True, created_at__lt=cutoff))
    for attachment in stale:
        attachment.file.storage.delete(attachment.file.name)  # type: ignore[arg-type]
    ReportAttachment.objects.filter(pk__in=[a.pk for a in stale], report__isnull=True).delete()
    return len(stale)


def _new_code() -> str:
    return f"{CODE_PREFIX}{_random(CODE_LENGTH)}"


def report_submit(
    *,
    kind: ReportKind,
    description: str,
    files: list[CleanMedia],
    is_anonymous: bool,
    citizen: Citizen | None,
    client_ip: str,
    occurred_at: datetime | None = None,
    address: str = "",
    area: Unit | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    vehicle_plate: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    staged: list[ReportAttachment] | None = None,
) -> Submitted:
    """Receive a report: route it, start its clock, store its files privately, notify a named sender."""
    if not kind.active:
        raise ApplicationError(KIND_INVALID, fields={"kind": [KIND_INVALID.message]})
    if is_anonymous and not kind.allows_anonymous:
        raise ApplicationError(ANONYMOUS_NOT_ALLOWED, fields={"is_anonymous": [ANONYMOUS_NOT_ALLOWED.message]})
    has_place = latitude is not None or area is not None or bool(address.strip())
    if kind.requires_location and not has_place:
        raise ApplicationError(LOCATION_REQUIRED, fields={"location": [LOCATION_REQUIRED.message]})
    staged = staged or []
    if kind.requires_media and not (files or staged):
        raise ApplicationError(MEDIA_REQUIRED, fields={"files": [MEDIA_REQUIRED.message]})
    if len(files) + len(staged) > settings.REPORT_MAX_FILES:
        message = f"Gửi tối đa {settings.REPORT_MAX_FILES} ảnh/video cho một tin báo."
        raise ApplicationError(TOO_MANY_FILES, message=message, fields={"files": [message]})
    if sum(len(m.content) for m in files) + sum(a.size for a in staged) > settings.REPORT_MAX_TOTAL_BYTES:
        message = f"Tổng dung lượng ảnh/video tối đa {settings.REPORT_MAX_TOTAL_BYTES // (1024 * 1024)} MB."
        raise ApplicationError(FILE_TOO_LARGE, message=message, fields={"files": [message]})
    source = LocationSource.NONE
    if area is not None:
        source = LocationSource.AREA
    elif latitude is not None:
        source = LocationSource.ZALO
    elif address.strip():
        source = LocationSource.ADDRESS
    unit = report_route(
        area=area,
        latitude=float(latitude) if latitude is not None else None,
        longitude=float(longitude) if longitude is not None else None,
        address=address,
    )
    now = timezone.now()
    secret = _random(SECRET_LENGTH)
    stored: list[str] = []
    try:
        with transaction.atomic():
            for _attempt in range(5):
                code = _new_code()
                try:
                    with transaction.atomic():
                        report = Report.objects.create(
                            code=code,
                            secret_hash=_secret_hash(code, secret),
                            kind=kind,
                            unit=unit,
                            status=ReportStatus.RECEIVED,
                            description=description.strip(),
                            occurred_at=occurred_at if kind.asks_occurred_at else None,
                            address=address.strip(),
                            area=area,
                            latitude=latitude,
                            longitude=longitude,
                            location_source=source,
                            vehicle_plate=vehicle_plate.strip().upper() if kind.asks_vehicle_plate else "",
                            is_anonymous=is_anonymous,
                            # Anonymous: no citizen, no contact, no IP (texts.anonymous_text() promises it).
                            citizen=None if is_anonymous else citizen,
                            contact_name_encrypted=""
                            if is_anonymous or not contact_name.strip()
                            else encrypt_text(contact_name.strip()),
                            contact_phone_encrypted=""
                            if is_anonymous or not contact_phone.strip()
                            else encrypt_text(contact_phone.strip()),
                            submitted_ip=None if is_anonymous else (client_ip or None),
                            received_at=now,
                            due_date=due_date_for(kind=kind, received=timezone.localdate(now)),
                        )
                    break
                except IntegrityError:
                    continue  # a code collision (about one in 10^11): draw again
            else:
                raise RuntimeError("could not draw a free tracking code")
            claimed = ReportAttachment.objects.filter(pk__in=[a.pk for a in staged], report__isnull=True).update(
                report=report
            )
            if claimed != len(staged):  # claimed by another report meanwhile
                raise ApplicationError(MEDIA_EXPIRED, fields={"media": [MEDIA_EXPIRED.message]})
            for media in files:
                stored.append(_attachment_store(media=media, report=report).file.name)  # type: ignore[arg-type]
            ReportEvent.objects.create(
                report=report,
                type=EventType.RECEIVED,
                status=ReportStatus.RECEIVED,
                to_unit=unit,
                due_date=report.due_date,
                occurred_at=now,
                actor_label="Zalo Mini App",
            )
            _notify(report=report, kind=Kind.REPORT_RECEIVED, key=f"report-received:{report.pk}")
            if report.citizen_id is not None:  # a named report: the consent given by sending it
                consent_record(
                    citizen=report.citizen,  # type: ignore[arg-type]
                    purpose=ConsentPurpose.REPORT,
                    subject=f"Tin báo {report.code}",
                    object_id=report.pk,
                    shown_text=NAMED_TEXT,  # the notice the form shows under "Gửi kèm danh tính"
                )
    except BaseException:
        storage = private_storage()
        for name in stored:  # nothing of a refused report stays on disk
            storage.delete(name)
        raise
    return Submitted(report=report, secret=secret)


# --- The officers' workflow ---------------------------------------------------------------------------


def _actor_label(actor: User | None) -> str:
    return (actor.get_full_name() or actor.username) if actor else ""


def _require(text: str) -> str:
    if not text.strip():
        raise ApplicationError(NOTE_REQUIRED, fields={"note": [NOTE_REQUIRED.message]})
    return text.strip()


def _compare_and_set(report: Report, old_status: str, **updates: Any) -> None:
    updates["updated_at"] = timezone.now()
    if Report.objects.filter(pk=report.pk, status=old_status).update(**updates) != 1:
        raise ApplicationError(CHANGED_MEANWHILE)
    for name, value in updates.items():
        setattr(report, name, value)


@transaction.atomic
def report_status_change(*, report: Report, new_status: str, note: str, actor: User | None) -> ReportEvent:
    """Move a report along the workflow; every move needs a note and is notified to a named sender."""
    old_status = report.status
    new_status = ReportStatus(new_status)
    if new_status not in allowed_statuses(report):
        raise ApplicationError(
            BAD_TRANSITION,
            message=f"Không thể chuyển tin báo từ «{ReportStatus(old_status).label}» sang «{new_status.label}».",
            fields={"new_status": ["Chuyển trạng thái không hợp lệ."]},
        )
    note = _require(note)
    now = timezone.now()
    _compare_and_set(report, old_status, status=new_status, closed_at=now if new_status in CLOSED_STATUSES else None)
    event = ReportEvent.objects.create(
        report=report,
        type=EventType.STATUS,
        status=new_status,
        previous_status=old_status,
        note=note,
        occurred_at=now,
        actor=actor,
        actor_label=_actor_label(actor),
    )
    if new_status != ReportStatus.SPAM:
        _notify(report=report, kind=Kind.REPORT_UPDATE, key=f"report-update:{event.pk}")
    return event


@transaction.atomic
def report_forward(*, report: Report, to_unit: Unit, note: str, actor: User | None) -> ReportEvent:
    """Hand the report to another unit (the competent one); the history keeps from → to and the note."""
    old_status = report.status
    if old_status not in FORWARDABLE:
        raise ApplicationError(BAD_TRANSITION, message="Tin báo đã kết thúc, không thể chuyển đơn vị.")
    if to_unit.pk == report.unit_id or not to_unit.is_active:
        raise ApplicationError(FORWARD_INVALID, fields={"to_unit": [FORWARD_INVALID.message]})
    note = _require(note)
    from_unit_id = report.unit_id
    _compare_and_set(report, old_status, status=ReportStatus.FORWARDED, unit=to_unit, closed_at=None)
    event = ReportEvent.objects.create(
        report=report,
        type=EventType.FORWARD,
        status=ReportStatus.FORWARDED,
        previous_status=old_status,
        from_unit_id=from_unit_id,
        to_unit=to_unit,
        note=note,
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=_actor_label(actor),
    )
    _notify(report=report, kind=Kind.REPORT_UPDATE, key=f"report-update:{event.pk}")
    return event


def _clock_event(
    report: Report,
    *,
    type: str,
    status: str,
    previous_status: str,
    previous_due: date | None,
    note: str,
    actor: User | None,
    effective_on: date | None = None,
    outcome: str = "",
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        type=type,
        status=status,
        previous_status=previous_status,
        previous_due_date=previous_due,
        due_date=report.due_date,
        effective_on=effective_on,
        outcome=outcome,
        note=note,
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=_actor_label(actor),
    )


def _decision_date(value: date | None, *, not_before: date, field: str) -> date:
    """The day a decision took effect: today when not given, never in the future nor before `not_before`."""
    today = timezone.localdate()
    day = value or today
    if day > today or day < not_before:
        message = f"Ngày quyết định phải từ {not_before:%d/%m/%Y} đến hôm nay."
        raise ApplicationError(CLOCK_DATE_INVALID, message=message, fields={field: [message]})
    return day


def report_pauses(report: Report) -> list[clocks.Pause]:
    """Every suspension of the report with its resumption (the last may still run), from the history."""
    pauses: list[clocks.Pause] = []
    started: date | None = None
    for type_, day in report.events.filter(type__in=[EventType.PAUSE, EventType.RESUME]).values_list(
        "type", "effective_on"
    ):
        if type_ == EventType.PAUSE:
            started = day
        elif started is not None:
            pauses.append(clocks.Pause(start=started, end=day))
            started = None
    if started is not None:
        pauses.append(clocks.Pause(start=started, end=None))
    return pauses


def report_clock_start(report: Report) -> date | None:
    if report.kind.clock_start == ClockStart.ACCEPTED:
        return report.accepted_on
    return timezone.localdate(report.received_at)


def report_extension_next(report: Report) -> tuple[dict[str, Any] | None, date | None]:
    """The kind's next extension step and the latest deadline it allows; (None, None) when the kind sets
    no steps (a free extension to a date the officer chooses)."""
    steps = report.kind.extension_steps or []
    if not steps:
        return None, None
    used = report.events.filter(type=EventType.EXTEND).count()
    start = report_clock_start(report)
    if used >= len(steps) or start is None or report.due_date is None:
        return {}, None
    step = steps[used]
    limit = clocks.extension_limit(
        step=step, clock_start=start, current_due=report.due_date, pauses=report_pauses(report), cal=calendar()
    )
    return step, limit


@transaction.atomic
def report_deadline_extend(
    *, report: Report, reason: str, actor: User | None, new_due_date: date | None = None
) -> ReportEvent:
    """Grant the kind's next extension step (tố giác: up to 2 months from receipt, then 2 months more;
    tố cáo: 30 days, twice): the new deadline is the step's limit or an earlier date the officer picks.
    A kind without steps is extended freely to a later date. Recorded with its reason."""
    if not report.is_open or report.is_paused:
        raise ApplicationError(BAD_TRANSITION, message="Tin báo đã kết thúc hoặc đang tạm đình chỉ, không thể gia hạn.")
    if report.awaits_acceptance:
        raise ApplicationError(BAD_TRANSITION, message="Tin chưa được thụ lý: thời hạn thụ lý không gia hạn được.")
    reason = _require(reason)
    step, limit = report_extension_next(report)
    if step == {}:
        message = f"Loại «{report.kind.name}» đã dùng hết số lần gia hạn theo luật."
        raise ApplicationError(EXTEND_INVALID, message=message, fields={"new_due_date": [message]})
    if step is None and new_due_date is None:
        message = "Chọn hạn mới."
        raise ApplicationError(EXTEND_INVALID, message=message, fields={"new_due_date": [message]})
    new_due = new_due_date or limit
    assert new_due is not None
    if report.due_date is not None and new_due <= report.due_date:
        raise ApplicationError(EXTEND_INVALID, fields={"new_due_date": [EXTEND_INVALID.message]})
    if limit is not None and new_due > limit:
        message = f"Lần gia hạn này ({clocks.step_text(step or {})}) cho phép đến {limit:%d/%m/%Y} là muộn nhất."
        raise ApplicationError(EXTEND_INVALID, message=message, fields={"new_due_date": [message]})
    previous = report.due_date
    _compare_and_set(report, report.status, due_date=new_due)
    return _clock_event(
        report,
        type=EventType.EXTEND,
        status=report.status,
        previous_status=report.status,
        previous_due=previous,
        note=reason,
        actor=actor,
    )


@transaction.atomic
def report_accept(*, report: Report, note: str, actor: User | None, accepted_on: date | None = None) -> ReportEvent:
    """Thụ lý: the acceptance clock stops and the resolution clock starts (tố cáo: 30 days from this day)."""
    if not report.awaits_acceptance or report.status not in OPEN_FOR_ACCEPTANCE:
        raise ApplicationError(ACCEPT_INVALID, message="Tin này không cần hoặc đã được thụ lý.")
    note = _require(note)
    day = _decision_date(accepted_on, not_before=timezone.localdate(report.received_at), field="accepted_on")
    kind = report.kind
    start = day if kind.clock_start == ClockStart.ACCEPTED else timezone.localdate(report.received_at)
    due = clocks.add_period(start, kind.clock_amount, kind.clock_unit, calendar()) if kind.clock_amount else None
    old_status, previous = report.status, report.due_date
    _compare_and_set(report, old_status, status=ReportStatus.ACCEPTED, accepted_on=day, due_date=due)
    event = _clock_event(
        report,
        type=EventType.ACCEPT,
        status=ReportStatus.ACCEPTED,
        previous_status=old_status,
        previous_due=previous,
        note=note,
        actor=actor,
        effective_on=day,
    )
    _notify(report=report, kind=Kind.REPORT_UPDATE, key=f"report-update:{event.pk}")
    return event


OPEN_FOR_ACCEPTANCE = frozenset({ReportStatus.RECEIVED, ReportStatus.VERIFYING, ReportStatus.FORWARDED})


@transaction.atomic
def report_pause(*, report: Report, reason: str, actor: User | None, paused_on: date | None = None) -> ReportEvent:
    """Tạm đình chỉ: the clock stops on `paused_on` (the day of the decision, which still counts) until
    report_resume. Only kinds whose law provides it, and only on a running clock."""
    if not report.kind.allows_pause:
        raise ApplicationError(PAUSE_NOT_ALLOWED, message=f"Loại «{report.kind.name}» không có tạm đình chỉ.")
    if not report.is_open or report.is_paused or report.awaits_acceptance or report.due_date is None:
        raise ApplicationError(
            PAUSE_NOT_ALLOWED, message="Chỉ tạm đình chỉ được tin đang giải quyết (đã thụ lý, chưa kết thúc)."
        )
    reason = _require(reason)
    last_resume = report.events.filter(type=EventType.RESUME).order_by("-occurred_at", "-id").first()
    not_before = max(
        [timezone.localdate(report.received_at), report.accepted_on or date.min]
        + ([last_resume.effective_on] if last_resume and last_resume.effective_on else [])
    )
    day = _decision_date(paused_on, not_before=not_before, field="paused_on")
    old_status = report.status
    _compare_and_set(report, old_status, status=ReportStatus.SUSPENDED, paused_on=day)
    event = _clock_event(
        report,
        type=EventType.PAUSE,
        status=ReportStatus.SUSPENDED,
        previous_status=old_status,
        previous_due=report.due_date,
        note=reason,
        actor=actor,
        effective_on=day,
    )
    _notify(report=report, kind=Kind.REPORT_UPDATE, key=f"report-update:{event.pk}")
    return event


@transaction.atomic
def report_resume(*, report: Report, note: str, actor: User | None, resumed_on: date | None = None) -> ReportEvent:
    """Phục hồi giải quyết: the clock runs again and the deadline moves by the time it stood still
    (clocks.pause_shift: working days for a working-day clock, calendar days otherwise)."""
    if not report.is_paused or report.paused_on is None:
        raise ApplicationError(BAD_TRANSITION, message="Tin này không ở trạng thái tạm đình chỉ.")
    note = _require(note)
    day = _decision_date(resumed_on, not_before=report.paused_on, field="resumed_on")
    pause = clocks.Pause(start=report.paused_on, end=day)
    previous = report.due_date
    due = clocks.pause_shift(previous, pause=pause, unit=report.kind.clock_unit, cal=calendar()) if previous else None
    back_to = ReportStatus.PROCESSING  # phục hồi giải quyết: settlement goes on, whatever stage it had reached
    _compare_and_set(report, ReportStatus.SUSPENDED, status=back_to, paused_on=None, due_date=due)
    event = _clock_event(
        report,
        type=EventType.RESUME,
        status=back_to,
        previous_status=ReportStatus.SUSPENDED,
        previous_due=previous,
        note=note,
        actor=actor,
        effective_on=day,
    )
    _notify(report=report, kind=Kind.REPORT_UPDATE, key=f"report-update:{event.pk}")
    return event


def outcomes_allowed(report: Report) -> tuple[Outcome, ...]:
    """The outcomes an officer may record now, in the law's words for the kind."""
    if not report.is_open or report.is_paused:
        return ()
    choices = report.kind.outcomes
    if report.kind.needs_acceptance:
        if report.awaits_acceptance:  # before thụ lý: refuse it, or close a withdrawn one
            return tuple(o for o in choices if o in (Outcome.NOT_ACCEPTED, Outcome.WITHDRAWN))
        return tuple(o for o in choices if o != Outcome.NOT_ACCEPTED)
    return choices


@transaction.atomic
def report_outcome(
    *, report: Report, outcome: str, note: str, actor: User | None, decided_on: date | None = None
) -> ReportEvent:
    """End the report with one of its law's outcomes (khởi tố, không khởi tố, kết luận tố cáo, quyết
    định giải quyết khiếu nại…); the citizen reads its plain meaning."""
    if outcome not in outcomes_allowed(report):
        message = (
            "Tin đang tạm đình chỉ: phục hồi giải quyết trước khi ghi kết quả."
            if report.is_paused
            else OUTCOME_INVALID.message
        )
        raise ApplicationError(OUTCOME_INVALID, message=message, fields={"outcome": [message]})
    note = _require(note)
    day = _decision_date(decided_on, not_before=timezone.localdate(report.received_at), field="decided_on")
    outcome = Outcome(outcome)
    new_status = OUTCOME_STATUS.get(outcome, ReportStatus.RESOLVED)
    old_status = report.status
    _compare_and_set(report, old_status, status=new_status, outcome=outcome, closed_at=timezone.now())
    event = _clock_event(
        report,
        type=EventType.OUTCOME,
        status=new_status,
        previous_status=old_status,
        previous_due=report.due_date,
        note=note,
        actor=actor,
        effective_on=day,
        outcome=outcome,
    )
    _notify(report=report, kind=Kind.REPORT_UPDATE, key=f"report-update:{event.pk}")
    return event


@transaction.atomic
def report_reply(*, report: Report, reply: str, actor: User | None) -> ReportEvent:
    """An answer the citizen reads when tracking, and receives on Zalo if they sent it under their name."""
    reply = _require(reply)
    event = ReportEvent.objects.create(
        report=report,
        type=EventType.REPLY,
        status=report.status,
        previous_status=report.status,
        reply=reply,
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=_actor_label(actor),
    )
    _notify(report=report, kind=Kind.REPORT_REPLY, key=f"report-reply:{event.pk}", reply=reply)
    return event


# --- Tracking -----------------------------------------------------------------------------------------


def _track_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
    return (
        ratelimit.Limit("report-track-ip", settings.REPORT_TRACK_PER_IP_PER_MINUTE, 60),
        ratelimit.Limit(
            "report-track-code", settings.REPORT_TRACK_FAILURES_PER_CODE, settings.REPORT_TRACK_CODE_LOCK_SECONDS
        ),
    )


def report_track(*, code: str, secret: str, client_ip: str) -> Report:
    """The report for code + secret. Unknown code and wrong secret fail identically; wrong guesses lock
    the code. As the dossier lookup does: the report is read first, then the attempt is counted and the
    decision taken in one atomic call (a right answer gives its count back to the code), so no more
    guesses than the limit are ever answered, however many run at once."""
    code, secret = code_normalize(code), secret_normalize(secret)
    report = report_for_citizen_view().filter(code=code, secret_hash=_secret_hash(code, secret)).first()
    ip_limit, code_limit = _track_limits()
    try:
        refused, retry_after = ratelimit.hit_chain(
            [(ip_limit, client_ip), (code_limit, code)], give_back_last=report is not None
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
    if report is None:
        raise ApplicationError(TRACK_FAILED)
    return report


# --- Access log ---------------------------------------------------------------------------------------


def access_log_record(
    *,
    request: HttpRequest,
    action: str,
    report: Report | None = None,
    attachment: ReportAttachment | None = None,
    detail: str = "",
) -> ReportAccessLog:
    return ReportAccessLog.objects.create(
        **officer_access_fields(request, detail=detail),
        report=report,
        report_code=report.code if report else "",
        report_unit_id=report.unit_id if report else None,
        attachment=attachment,
        action=AccessAction(action),
    )
