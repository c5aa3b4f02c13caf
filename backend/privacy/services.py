"""The citizen's own requests about their data: withdraw one consent, a download link, delete the account."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from citizens.consents import PURPOSE_TEXTS
from citizens.models import Citizen, Consent, ConsentPurpose
from citizens.services import citizen_notifications_set, citizen_phone_withdraw
from citizens.tokens import family_revoke
from common.errors import ApplicationError, ErrorCode
from dossiers.services import dossier_unfollow
from notifications.models import Notification
from privacy.texts import kept_on_delete
from ratings.models import Rating
from reports.models import Report
from zalo.models import OAFollower

logger = logging.getLogger(__name__)

CONSENT_NOT_FOUND = ErrorCode("not_found", "Không tìm thấy sự đồng ý này.", 404)
CONSENT_ALREADY_WITHDRAWN = ErrorCode("consent_already_withdrawn", "Bạn đã rút lại sự đồng ý này rồi.", 400)
CONSENT_NOT_WITHDRAWABLE = ErrorCode("consent_not_withdrawable", "Sự đồng ý này không rút lại được.", 400)
EXPORT_LINK_INVALID = ErrorCode(
    "export_link_invalid",
    "Liên kết tải dữ liệu đã hết hạn hoặc không đúng. Hãy bấm \u201cTải dữ liệu của tôi\u201d lại.",
    404,
)
DELETE_NOT_CONFIRMED = ErrorCode(
    "delete_not_confirmed", "Hãy đánh dấu ô xác nhận bạn muốn xóa tài khoản rồi bấm lại.", 400
)

_EXPORT_SALT = "privacy.export"


# --- Consents -------------------------------------------------------------------------------------


@transaction.atomic
def consent_withdraw(*, citizen: Citizen, consent_id: int) -> Citizen:
    """Withdraw one consent and stop what it allowed. A named report's cannot be withdrawn (the answer says why)."""
    consent = Consent.objects.select_for_update().filter(citizen=citizen, pk=consent_id).first()
    if consent is None:
        raise ApplicationError(CONSENT_NOT_FOUND)
    if consent.withdrawn_at is not None:
        raise ApplicationError(CONSENT_ALREADY_WITHDRAWN)
    text = PURPOSE_TEXTS[consent.purpose]
    if not text.withdrawable:
        raise ApplicationError(CONSENT_NOT_WITHDRAWABLE, message=text.on_withdraw)
    if consent.purpose == ConsentPurpose.PHONE:
        citizen_phone_withdraw(citizen=citizen)
    elif consent.purpose == ConsentPurpose.NOTIFICATIONS:
        citizen_notifications_set(citizen=citizen, allowed=False)
    elif consent.purpose == ConsentPurpose.FOLLOW and consent.object_id is not None:
        dossier_unfollow(citizen=citizen, dossier_id=consent.object_id)
    elif consent.purpose == ConsentPurpose.RATING and consent.object_id is not None:
        Rating.objects.filter(pk=consent.object_id, citizen=citizen).update(citizen=None)
    # Whatever the branch did, this row is withdrawn now (the branches withdraw their matching rows too).
    Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    return citizen


# --- Export ---------------------------------------------------------------------------------------


def export_token_issue(*, citizen: Citizen) -> str:
    """A signed, short-lived proof that this citizen asked for their file: Zalo's webview opens the link without
    our Authorization header."""
    return signing.dumps({"c": citizen.pk, "z": citizen.zalo_user_id}, salt=_EXPORT_SALT, compress=True)


def export_token_citizen(*, token: str) -> Citizen:
    try:
        data = signing.loads(token, salt=_EXPORT_SALT, max_age=settings.PERSONAL_DATA_EXPORT_LINK_SECONDS)
    except signing.BadSignature as exc:  # also SignatureExpired
        raise ApplicationError(EXPORT_LINK_INVALID) from exc
    if not isinstance(data, dict):
        raise ApplicationError(EXPORT_LINK_INVALID)
    # The Zalo id too: a deleted account's link opens nothing, even if its number were ever reused.
    citizen = Citizen.objects.filter(pk=data.get("c"), zalo_user_id=data.get("z")).first()  # type: ignore[misc]
    if citizen is None:
        raise ApplicationError(EXPORT_LINK_INVALID)
    return citizen


# --- Delete the account ---------------------------------------------------------------------------


@dataclass
class Deletion:
    deleted: list[str] = field(default_factory=list)
    kept: list[dict[str, str]] = field(default_factory=list)


def citizen_account_delete(*, citizen: Citizen) -> Deletion:
    """Delete the account and what only it held; detach what the law keeps. Every sign-in of it ends at once.

    Deleted: the citizen row (Zalo id, name, avatar, phone), its follows, consents and refresh tokens (cascade),
    and every notification to it, queued or sent (a queued one is never sent). Kept with the link removed: named
    reports (a case file the police must keep, with the contact the citizen typed) and ratings (statistics)."""
    result = Deletion()
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
        families = list(citizen.refresh_tokens.values_list("family", flat=True).distinct())
        follows = citizen.follows.count()
        consents = citizen.consents.count()
        questions = citizen.questions.count()  # deleted with the account (cascade), messages included
        _, per_model = Notification.objects.filter(citizen=citizen).delete()
        notifications = per_model.get(Notification._meta.label, 0)
        reports = list(Report.objects.filter(citizen=citizen).values_list("code", flat=True))
        Report.objects.filter(citizen=citizen).update(citizen=None)
        ratings = Rating.objects.filter(citizen=citizen).update(citizen=None)
        had_phone = bool(citizen.phone_hash)
        # Following an OA is the person's choice inside Zalo, not in our app: the follower rows stay (so a warning
        # still reaches a follower), only their link to this Mini App account goes.
        oa_links = OAFollower.objects.filter(zalo_user_id=citizen.zalo_user_id).update(zalo_user_id="")
        citizen.delete()
    for family in families:
        try:
            family_revoke(family)
        except redis.RedisError:
            # The citizen row is gone, so the full token check refuses these tokens anyway; only the claims-only
            # lookup would accept one until it expires (CITIZEN_TOKEN_TTL_SECONDS).
            logger.error("account deletion: token family %s not revoked in Redis", family)
    logger.info(
        "citizen account deleted: %s follows, %s consents, %s notifications, %s reports and %s ratings detached",
        follows,
        consents,
        notifications,
        len(reports),
        ratings,
    )
    result.deleted.append("Tài khoản Zalo đã liên kết: mã người dùng Zalo, tên và ảnh đại diện.")
    if had_phone:
        result.deleted.append("Số điện thoại đã xác minh.")
    result.deleted.append(f"{follows} hồ sơ đang theo dõi." if follows else "Danh sách hồ sơ theo dõi (đang trống).")
    result.deleted.append(f"{notifications} thông báo đã gửi hoặc đang chờ gửi cho bạn (các tin chờ gửi sẽ không gửi).")
    result.deleted.append(f"{consents} bản ghi sự đồng ý.")
    if questions:
        result.deleted.append(f"{questions} câu hỏi gửi cán bộ (cả các tin nhắn và câu trả lời).")
    if oa_links:
        result.deleted.append(
            "Liên kết giữa tài khoản này và các Zalo OA bạn quan tâm. Bạn vẫn là người quan tâm các OA đó trên Zalo "
            "(bỏ quan tâm ngay trong Zalo nếu không muốn nhận tin cảnh báo, thông báo)."
        )
    result.deleted.append("Mọi phiên đăng nhập của tài khoản, trên mọi máy.")
    why = kept_on_delete()
    if reports:
        result.kept.append(
            {"what": f"{len(reports)} tin báo, phản ánh có ghi tên: {', '.join(reports)}.", "why": why["reports"]}
        )
    if ratings:
        result.kept.append({"what": f"{ratings} đánh giá sự hài lòng.", "why": why["ratings"]})
    result.kept.append({"what": "Nhật ký cán bộ truy cập dữ liệu.", "why": why["access_logs"]})
    result.kept.append({"what": "Hồ sơ thủ tục hành chính.", "why": why["dossiers"]})
    return result
