"""What a citizen follows a report by: the tracking code and secret, the link to the report in the Mini App,
the messages to a named sender, and the lookup by code + secret."""

from __future__ import annotations

import secrets
from urllib.parse import quote

from django.conf import settings

from common import ratelimit
from common.crypto import keyed_hash
from common.errors import ApplicationError, ErrorCode
from notifications.services import notify_citizen
from reports.models import Report, ReportStatus
from reports.selectors import report_for_citizen_view
from reports.texts import citizen_meaning

TRACK_FAILED = ErrorCode(
    "report_not_found",
    "Không tìm thấy tin báo khớp với mã theo dõi và mã bí mật. Vui lòng kiểm tra lại hai mã đã nhận khi gửi.",
    404,
)
CODE_LOCKED = ErrorCode(
    "report_code_locked", "Mã theo dõi này bị nhập sai mã bí mật quá nhiều lần nên tạm khóa. Vui lòng thử lại sau.", 429
)
# Tracking codes: "PA-" + 8 characters, no 0/O, 1/I/L (read aloud, typed on a phone); 31^8 ≈ 8.5e11.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "PA-"
CODE_LENGTH = 8
SECRET_LENGTH = 10


def random_code(length: int) -> str:
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


def secret_hash(code: str, secret: str) -> str:
    return keyed_hash(f"report-secret:{code}:{secret}")


def report_link(code: str) -> str:
    return settings.MINIAPP_REPORT_URL.format(app_id=quote(settings.ZALO_APP_ID or ""), code=quote(code, safe=""))


def citizen_notify(*, report: Report, kind: str, key: str, reply: str = "") -> None:
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


def track_limits() -> tuple[ratelimit.Limit, ratelimit.Limit]:
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
    report = report_for_citizen_view().filter(code=code, secret_hash=secret_hash(code, secret)).first()
    ip_limit, code_limit = track_limits()
    ratelimit.hit_chain_or_refuse(
        [(ip_limit, client_ip), (code_limit, code)], give_back_last=report is not None, locked=CODE_LOCKED
    )
    if report is None:
        raise ApplicationError(TRACK_FAILED)
    return report
