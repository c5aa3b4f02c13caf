"""Receiving a report from the Mini App: the submission limits, the location from Zalo, photos and videos
(staged before sending, stored privately), the report itself with its first deadline."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import redis
from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from citizens.consents import consent_record
from citizens.models import Citizen, ConsentPurpose
from common import ratelimit
from common.crypto import encrypt_text
from common.errors import THROTTLED, ApplicationError, ErrorCode
from dossiers.workdays import calendar
from notifications.models import Kind
from reports import clocks
from reports.media import FILE_TOO_LARGE, TOO_MANY_FILES, CleanMedia
from reports.models import (
    EventType,
    LocationSource,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportKind,
    ReportStatus,
    private_storage,
)
from reports.routing import report_route
from reports.texts import NAMED_TEXT
from reports.tracking import CODE_LENGTH, CODE_PREFIX, SECRET_LENGTH, citizen_notify, random_code, secret_hash
from units.models import Unit
from zalo.client import zalo_client
from zalo.errors import ZaloError

logger = logging.getLogger(__name__)

KIND_INVALID = ErrorCode("report_kind_invalid", "Loại tin báo không hợp lệ.", 400)
ANONYMOUS_NOT_ALLOWED = ErrorCode("report_anonymous_not_allowed", "Loại tin này không nhận gửi ẩn danh.", 400)
LOCATION_REQUIRED = ErrorCode(
    "report_location_required", "Cần cho biết nơi xảy ra: bấm «Lấy vị trí», chọn xã/phường hoặc nhập địa chỉ.", 400
)
MEDIA_REQUIRED = ErrorCode("report_media_required", "Loại tin này cần ít nhất một ảnh hoặc video.", 400)
LOCATION_FAILED = ErrorCode(
    "report_location_failed", "Không lấy được vị trí từ Zalo. Vui lòng chọn xã/phường hoặc nhập địa chỉ.", 400
)


def due_date_for(*, kind: ReportKind, received: date) -> date | None:
    """The first deadline: to accept (thụ lý) when the kind has that step, else to resolve."""
    if kind.accept_amount is not None:
        return clocks.add_period(received, kind.accept_amount, kind.accept_unit, calendar())
    if kind.clock_amount is None:
        return None
    return clocks.add_period(received, kind.clock_amount, kind.clock_unit, calendar())


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
    return f"{CODE_PREFIX}{random_code(CODE_LENGTH)}"


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
    secret = random_code(SECRET_LENGTH)
    stored: list[str] = []
    try:
        with transaction.atomic():
            for _attempt in range(5):
                code = _new_code()
                try:
                    with transaction.atomic():
                        report = Report.objects.create(
                            code=code,
                            secret_hash=secret_hash(code, secret),
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
            citizen_notify(report=report, kind=Kind.REPORT_RECEIVED, key=f"report-received:{report.pk}")
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
