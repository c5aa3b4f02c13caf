"""Writes on ratings: rate a dossier once, answer a "Không hài lòng", the service survey, the reminder."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import quote

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import unit_list_for_officer
from citizens.consents import consent_record
from citizens.models import Citizen, ConsentPurpose
from common import ratelimit
from common.errors import PERMISSION_DENIED, THROTTLED, ApplicationError, ErrorCode
from dossiers.lookup import follow_token_dossier
from dossiers.models import Dossier, DossierEvent, DossierFollow, DossierStatus
from dossiers.workdays import calendar
from notifications.models import Kind, Notification
from notifications.services import notify_citizen
from ratings.models import FollowUp, FollowUpState, Level, Proof, Rating, SurveyResponse
from units.models import Unit

# A dossier can be rated once it is settled for the citizen: finished (9), result handed over (10), and also not
# received (3) or stopped (8). Those two are the likeliest to be unhappy; leaving them out would inflate the
# published satisfaction figure. A withdrawal (7) is the citizen's own choice and is not rated (docs/ratings.md).
RATEABLE_STATUSES = frozenset(
    {DossierStatus.REJECTED, DossierStatus.STOPPED, DossierStatus.DONE, DossierStatus.RETURNED}
)

RATING_NOT_YET = ErrorCode(
    "rating_not_yet",
    "Hồ sơ chưa có kết quả nên chưa thể đánh giá. Bạn có thể đánh giá khi hồ sơ đã được giải quyết xong "
    "(kể cả khi không được tiếp nhận hoặc bị dừng xử lý).",
    400,
)
RATING_NOT_ALLOWED = ErrorCode(
    "rating_not_allowed",
    "Bạn chỉ có thể đánh giá hồ sơ vừa tra cứu (bằng mã hồ sơ và thông tin xác minh) hoặc hồ sơ đứng tên "
    "số điện thoại đã xác minh của bạn.",
    403,
)
RATING_TOKEN_INVALID = ErrorCode(
    "rating_token_invalid", "Phiên tra cứu đã hết hạn. Vui lòng tra cứu lại hồ sơ rồi đánh giá.", 400
)
ALREADY_RATED = ErrorCode("rating_exists", "Hồ sơ đã được đánh giá! Mỗi hồ sơ chỉ được đánh giá một lần.", 409)
REASON_REQUIRED = ErrorCode(
    "rating_reason_required", "Vui lòng cho biết lý do bạn không hài lòng để đơn vị kiểm tra và trả lời.", 400
)
REPLY_REQUIRED = ErrorCode("follow_up_reply_required", "Cần nhập nội dung trả lời công dân.", 400)
ALREADY_ANSWERED = ErrorCode("follow_up_answered", "Việc này đã được trả lời.", 409)
SURVEY_UNIT_UNKNOWN = ErrorCode("not_found", "Không tìm thấy đơn vị.", 404)


def rating_link(dossier_id: int) -> str:
    """The Mini App rating screen of a dossier (the reminder's and the reply's button)."""
    return settings.MINIAPP_RATING_URL.format(app_id=quote(settings.ZALO_APP_ID or ""), dossier_id=dossier_id)


# --- Who may rate -------------------------------------------------------------------------------


def rating_dossier_for(
    *, citizen: Citizen, follow_token: str = "", dossier_id: int | None = None
) -> tuple[Dossier, str]:
    """The dossier this citizen proved they may rate, and how.

    - a lookup's follow token: the code and the second factor matched for this citizen in the last 24 h;
    - a dossier id the citizen follows: following needed such a lookup (or the phone) in the first place,
      so a reminder that arrives days later still works;
    - a dossier id filed under the phone Zalo verified for this citizen.
    """
    if follow_token:
        try:
            return follow_token_dossier(citizen=citizen, token=follow_token), Proof.LOOKUP
        except ApplicationError as exc:
            raise ApplicationError(
                RATING_TOKEN_INVALID, fields={"follow_token": [RATING_TOKEN_INVALID.message]}
            ) from exc
    if dossier_id is not None:
        if citizen.phone_hash:
            dossier = Dossier.objects.filter(pk=dossier_id, applicant_phone_hash=citizen.phone_hash).first()
            if dossier is not None:
                return dossier, Proof.PHONE
        dossier = Dossier.objects.filter(pk=dossier_id, follows__citizen=citizen).first()
        if dossier is not None:
            return dossier, Proof.FOLLOW
    raise ApplicationError(RATING_NOT_ALLOWED)


def rating_eligibility(*, dossier: Dossier) -> dict[str, Any]:
    rated = Rating.objects.filter(dossier=dossier).exists()
    settled = dossier.status in RATEABLE_STATUSES
    if rated:
        message = ALREADY_RATED.message
    elif not settled:
        message = RATING_NOT_YET.message
    else:
        message = ""
    return {
        "dossier_id": dossier.pk,
        "code": dossier.code,
        "rated": rated,
        "can_rate": settled and not rated,
        "message": message,
    }


# --- Rate a dossier -----------------------------------------------------------------------------


@transaction.atomic
def rating_create(
    *,
    citizen: Citizen,
    dossier: Dossier,
    proof: str,
    level: int,
    drivers: list[str] | None = None,
    reason: str = "",
    comment: str = "",
) -> Rating:
    """Rate a dossier that has its result, once. "Không hài lòng" needs a reason and opens a follow-up."""
    if dossier.status not in RATEABLE_STATUSES:
        raise ApplicationError(RATING_NOT_YET)
    level = Level(level)
    reason = reason.strip()
    if level == Level.UNSATISFIED and not reason:
        raise ApplicationError(REASON_REQUIRED, fields={"reason": [REASON_REQUIRED.message]})
    try:
        with transaction.atomic():  # the unique dossier is the rule: two taps at once make one rating
            rating = Rating.objects.create(
                dossier=dossier,
                unit_id=dossier.unit_id,
                procedure_id=dossier.procedure_id,
                officer_id=dossier.created_by_id,
                citizen=citizen,
                level=level,
                drivers=sorted(set(drivers or [])),
                reason=reason,
                comment=comment.strip(),
                proof=proof,
                created_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise ApplicationError(ALREADY_RATED) from exc
    consent_record(citizen=citizen, purpose=ConsentPurpose.RATING, subject=f"Hồ sơ {dossier.code}", object_id=rating.pk)
    if level == Level.UNSATISFIED:
        FollowUp.objects.create(
            rating=rating,
            unit_id=rating.unit_id,
            deadline=calendar().add_working_days(timezone.localdate(), settings.RATINGS_FOLLOW_UP_WORKING_DAYS),
        )
    return rating


# --- The leader's answer ------------------------------------------------------------------------


@transaction.atomic
def follow_up_answer(*, follow_up: FollowUp, officer: User, reply: str) -> FollowUp:
    """Answer a "Không hài lòng" once; the reply reaches the citizen as a notification."""
    reply = reply.strip()
    if not reply:
        raise ApplicationError(REPLY_REQUIRED, fields={"reply": [REPLY_REQUIRED.message]})
    if (
        not officer.has_perm("ratings.change_followup")
        or not unit_list_for_officer(officer=officer).filter(pk=follow_up.unit_id).exists()
    ):
        raise ApplicationError(PERMISSION_DENIED)
    now = timezone.now()
    changed = FollowUp.objects.filter(pk=follow_up.pk, state=FollowUpState.OPEN).update(
        state=FollowUpState.ANSWERED, reply=reply, answered_by=officer, answered_at=now
    )
    if changed != 1:
        raise ApplicationError(ALREADY_ANSWERED)
    follow_up.state, follow_up.reply, follow_up.answered_by, follow_up.answered_at = (
        FollowUpState.ANSWERED,
        reply,
        officer,
        now,
    )
    rating = Rating.objects.select_related("dossier__procedure", "dossier__unit", "citizen").get(pk=follow_up.rating_id)
    dossier = rating.dossier
    notify_citizen(
        key=f"rating-reply:{rating.pk}",
        kind=Kind.RATING_REPLY,
        citizen=rating.citizen,
        unit=dossier.unit,
        values={"code": dossier.code, "procedure": dossier.procedure.name, "unit": dossier.unit.name, "reply": reply},
        link=rating_link(dossier.pk),
        dossier=dossier,
    )
    return follow_up


# --- The reminder once the result is there ------------------------------------------------------


def rating_reminders_for_events(*, events: list[DossierEvent]) -> list[Notification]:
    """When dossiers first reach a rateable status (their result, or not received / stopped), invite the citizens who may rate them (once per dossier).

    Runs inside the events' transaction (signal `dossier_events_created`): one event from an officer or a
    chunk from the upstream sync (events carrying only ids and statuses). Who to ask
    is found set-based; the key `rating-reminder:<dossier id>` makes RETURNED after DONE, or a replayed
    sync batch, a no-op. Rated dossiers are skipped.
    """
    ids = {e.dossier_id for e in events if e.status in RATEABLE_STATUSES and e.previous_status not in RATEABLE_STATUSES}
    if ids:
        ids -= set(Rating.objects.filter(dossier_id__in=ids).values_list("dossier_id", flat=True))
    if not ids:
        return []
    audience: dict[int, set[int]] = defaultdict(set)
    for dossier_id, citizen_id in DossierFollow.objects.filter(dossier_id__in=ids).values_list(
        "dossier_id", "citizen_id"
    ):
        audience[dossier_id].add(citizen_id)
    by_phone: dict[str, list[int]] = defaultdict(list)
    for dossier_id, phone_hash in (
        Dossier.objects.filter(pk__in=ids).exclude(applicant_phone_hash="").values_list("pk", "applicant_phone_hash")
    ):
        by_phone[phone_hash].append(dossier_id)
    for citizen_id, phone_hash in Citizen.objects.filter(phone_hash__in=by_phone).values_list("pk", "phone_hash"):
        for dossier_id in by_phone[phone_hash]:
            audience[dossier_id].add(citizen_id)
    if not audience:
        return []
    citizens = Citizen.objects.in_bulk({c for group in audience.values() for c in group})
    dossiers = Dossier.objects.select_related("procedure", "unit").in_bulk(list(audience))
    rows = []
    for dossier_id in sorted(audience):
        dossier = dossiers[dossier_id]
        values = {"code": dossier.code, "procedure": dossier.procedure.name, "unit": dossier.unit.name}
        for citizen_id in sorted(audience[dossier_id]):
            row = notify_citizen(
                key=f"rating-reminder:{dossier_id}",
                kind=Kind.RATING_REMINDER,
                citizen=citizens[citizen_id],
                unit=dossier.unit,
                values=values,
                link=rating_link(dossier_id),
                dossier=dossier,
            )
            if row is not None:
                rows.append(row)
    return rows


# --- The service survey -------------------------------------------------------------------------


def _survey_limits() -> tuple[ratelimit.Limit, ratelimit.Limit, ratelimit.Limit]:
    return (
        ratelimit.Limit("survey-citizen", settings.RATINGS_SURVEY_PER_CITIZEN_PER_DAY, 86400),
        ratelimit.Limit("survey-device", settings.RATINGS_SURVEY_PER_DEVICE_PER_DAY, 86400),
        ratelimit.Limit("survey-ip", settings.RATINGS_SURVEY_PER_IP_PER_HOUR, 3600),
    )


def survey_submit(
    *,
    unit_id: int,
    level: int,
    drivers: list[str] | None = None,
    comment: str = "",
    citizen_id: int,
    device_id: str = "",
    client_ip: str = "",
) -> SurveyResponse:
    """Record one anonymous survey answer. Stuffing is stopped by atomic counters (per citizen and unit,
    per device, per client IP) counted in one Redis call before anything is written; nothing that
    identifies the citizen is stored with the answer."""
    unit = Unit.objects.filter(pk=unit_id, is_active=True).only("id").first()
    if unit is None:
        raise ApplicationError(SURVEY_UNIT_UNKNOWN, fields={"unit": [SURVEY_UNIT_UNKNOWN.message]})
    citizen_limit, device_limit, ip_limit = _survey_limits()
    checks = [(citizen_limit, f"{citizen_id}:{unit.pk}")]
    if device_id:
        checks.append((device_limit, device_id))
    checks.append((ip_limit, client_ip))
    try:
        refused, retry_after = ratelimit.hit_chain(checks)
    except redis.RedisError as exc:  # fail closed: an unprotected survey is worthless
        raise ApplicationError(THROTTLED, message="Hệ thống tạm thời bận. Vui lòng thử lại sau ít phút.") from exc
    if refused is citizen_limit:
        raise ApplicationError(
            THROTTLED,
            message="Bạn đã gửi khảo sát cho đơn vị này hôm nay. Cảm ơn bạn, hẹn bạn lần sau.",
            headers={"Retry-After": str(retry_after)},
        )
    if refused is not None:
        raise ApplicationError(THROTTLED, headers={"Retry-After": str(retry_after)})
    return SurveyResponse.objects.create(
        unit=unit, level=Level(level), drivers=sorted(set(drivers or [])), comment=comment.strip()
    )
