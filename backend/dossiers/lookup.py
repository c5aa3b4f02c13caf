"""The dossier lookup (code + second factor, within its rate limits), the follow token it hands out, and
the answer a citizen sees about a dossier, built in one place for the lookup and for "my dossiers".

The lookup is the hottest citizen endpoint. On PostgreSQL one SQL statement finds the dossier by code,
checks the second factor's keyed hash, and returns everything the answer shows — the timeline and the
unit's phones aggregated as JSON, and whether this citizen follows it. An unknown code and a wrong
factor both come back as "no row" from the same statement, so they cost the same. Other databases
(the embedded SQLite mode) and "my dossiers" read the same row through the ORM. The deadline (depends
on today) is computed per request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import date, datetime, tzinfo
from types import SimpleNamespace
from typing import Any

import redis
from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, OuterRef
from django.utils import timezone
from rest_framework import serializers

from citizens.authentication import RevocationPending
from citizens.models import Citizen
from common import db, ratelimit
from common.crypto import keyed_hash
from common.dates import today_in
from common.errors import ApplicationError, ErrorCode
from dossiers.applicant import CMND_LENGTH, CMND_NO_LONGER_VALID, ID_NUMBER_LENGTH, id_tail_hash, phone_clean
from dossiers.models import (
    CONFIRMED_BY_COUNTER,
    CONFIRMED_BY_SYNC,
    OPEN_STATUSES,
    Delivery,
    Dossier,
    DossierFollow,
    DossierSource,
    DossierStatus,
    confirmed_at,
)
from dossiers.remote import remote
from dossiers.selectors import dossier_with_timeline
from dossiers.texts import MEANING, next_step, unit_phone
from dossiers.workdays import Calendar, deadline_data
from procedures.models import Channel
from units.models import PhoneLabel

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
FOLLOW_TOKEN_INVALID = ErrorCode(
    "follow_token_invalid", "Phiên tra cứu đã hết hạn. Vui lòng tra cứu lại hồ sơ rồi bấm theo dõi.", 400
)


# --- The lookup -------------------------------------------------------------------------------


def verifier_check(verifier: str) -> None:
    """Refuse, with the reason, a lookup factor that is an old CMND or a whole ID number (never stored)."""
    digits = "".join(ch for ch in verifier if ch.isascii() and ch.isdigit())
    if len(digits) == CMND_LENGTH and not verifier.lstrip().startswith("+"):
        raise ApplicationError(VERIFIER_CMND, fields={"verifier": [VERIFIER_CMND.message]})
    if len(digits) == ID_NUMBER_LENGTH and phone_clean(verifier) is None:
        raise ApplicationError(VERIFIER_FULL_ID, fields={"verifier": [VERIFIER_FULL_ID.message]})


_Limits = tuple[ratelimit.Limit, ratelimit.Limit, ratelimit.Limit]
_limits: dict[tuple[int, int, int, int], _Limits] = {}


def lookup_limits() -> _Limits:
    """Per client IP, per citizen, and wrong factors per code (which locks the code for a while); built once per
    value of the settings."""
    values = (
        settings.DOSSIER_LOOKUP_PER_IP_PER_MINUTE,
        settings.DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR,
        settings.DOSSIER_LOOKUP_FAILURES_PER_CODE,
        settings.DOSSIER_LOOKUP_CODE_LOCK_SECONDS,
    )
    limits = _limits.get(values)
    if limits is None:
        per_ip, per_citizen, per_code, lock_seconds = values
        limits = _limits[values] = (
            ratelimit.Limit("dossier-lookup-ip", per_ip, 60),
            ratelimit.Limit("dossier-lookup-citizen", per_citizen, 3600),
            ratelimit.Limit("dossier-lookup-code", per_code, lock_seconds),
        )
    return limits


def _verifier_hash(code: str, verifier: str) -> tuple[str, str]:
    """Which stored hash to compare with, and the hash of what the citizen typed."""
    digits = "".join(ch for ch in verifier if ch.isascii() and ch.isdigit())
    if len(digits) == 4:
        return "applicant_id_tail_hash", id_tail_hash(code, digits)
    return "applicant_phone_hash", keyed_hash(phone_clean(verifier) or f"invalid:{digits}")


def dossier_lookup(
    *, code: str, verifier: str, client_ip: str, citizen: Citizen, revocation: RevocationPending | None = None
) -> dict[str, Any]:
    """The lookup answer for code + second factor. Unknown code and wrong factor fail identically.

    The dossier is read first (one indexed statement that matches code and factor together), then the
    attempt is counted against the client IP, the citizen and the code in one atomic Redis call that also
    decides: over a limit, nothing is revealed, right or wrong; within the limits, a right answer gives
    its count back to the code in the same call. So concurrent wrong guesses can never get more answers
    than the per-code limit, a locked code answers the same whatever was guessed, and a lookup costs one
    Redis round trip. (Floods are cut earlier by the proxy's limit_req; an over-limit attempt still costs
    that one indexed read.)

    `revocation`: the token's revocation check still to make (citizens/authentication.py); made in that same
    Redis call, before anything is counted, when the revocation keys share the rate limits' Redis (the default),
    else on its own first. A revoked token is refused (401) and nothing is counted, as before the lookup.
    """
    started = time.monotonic()
    veto_key = revocation.veto_key() if revocation is not None else None
    if revocation is not None and veto_key is None:
        revocation.settle()
    field, given = _verifier_hash(code, verifier)
    answer = lookup_fetch(code=code, field=field, given=given, citizen_id=citizen.pk)
    ip_limit, citizen_limit, code_limit = lookup_limits()
    try:
        ratelimit.hit_chain_or_refuse(
            # The signed-in citizen first, the IP second (sized for carrier NAT), the code's wrong guesses last.
            [(citizen_limit, f"citizen:{citizen.pk}"), (ip_limit, client_ip), (code_limit, code)],
            give_back_last=answer is not None,
            locked=CODE_LOCKED,
            veto_key=veto_key,
        )
    except ratelimit.Vetoed:
        revocation.vetoed()  # type: ignore[union-attr]  # only with a veto key, which only a revocation gives
    # A refusal (or Redis failing) leaves the revocation to the view's handle_exception: checked again there.
    if revocation is not None:
        revocation.passed()
    if answer is None:
        provider = remote()
        wait = provider.miss_seconds() if provider is not None else 0.0  # 0: no source offers lookup on demand
        if wait > 0:
            answer = _on_demand(code=code, field=field, given=given, citizen_id=citizen.pk, started=started)
            if answer is not None:
                try:  # right after all: the wrong guess counted against the code is given back
                    ratelimit.refund(code_limit, code)
                except redis.RedisError:
                    pass
        if answer is None:
            _sleep_until(started + wait)
            raise ApplicationError(LOOKUP_FAILED)
    answer["follow_token"] = follow_token_issue(citizen=citizen, dossier_id=answer["id"])
    return answer


def _on_demand(*, code: str, field: str, given: str, citizen_id: int, started: float) -> dict[str, Any] | None:
    """Lookup on demand (docs/dossiers.md): a code we do not hold at all is asked of the sources, within the
    lookup's timeout, and read again. A code we hold (the factor was wrong) is never asked for.

    A code we do not hold costs a remote call and a code we hold with a wrong factor does not, so while a
    source offers lookup on demand every "not found" is answered no sooner than the lookup timeout after the
    request began (the caller's _sleep_until): its timing tells neither which codes we hold nor which the
    source knows."""
    provider = remote()
    if provider is None or Dossier.objects.filter(code=code).exists():
        return None
    provider.fetch_unknown(code, started=started)
    return lookup_fetch(code=code, field=field, given=given, citizen_id=citizen_id)


def _sleep_until(moment: float) -> None:
    left = moment - time.monotonic()
    if left > 0:
        time.sleep(left)


# The only columns a second factor may be checked against (never taken from input).
FACTOR_FIELDS = ("applicant_id_tail_hash", "applicant_phone_hash")


def lookup_fetch(*, code: str, field: str, given: str, citizen_id: int) -> dict[str, Any] | None:
    """The answer if a dossier has this code and this factor hash, else None (unknown or wrong alike)."""
    if field not in FACTOR_FIELDS or not given:
        raise ValueError("not a second-factor column")
    conn = connections[DEFAULT_DB_ALIAS]  # once: each `connection.x` looks the connection up again (a context local)
    if conn.vendor == "postgresql":
        return _fetch_sql(code, field, given, citizen_id, conn=conn)
    return _fetch_orm(code, field, given, citizen_id)


# --- The follow token -------------------------------------------------------------------------

_FOLLOW_SALT = "dossiers.follow"
FOLLOW_TOKEN_MAX_AGE = 24 * 3600


def follow_token_issue(*, citizen: Citizen, dossier_id: int) -> str:
    """Proof that this citizen passed the lookup for this dossier, to follow it afterwards.

    Exactly what `signing.dumps({"c": citizen, "d": dossier}, salt=_FOLLOW_SALT)` writes (follow_token_dossier reads
    it with signing.loads), without deriving the signing key again for every lookup: the key derived from
    SECRET_KEY is kept, keyed by SECRET_KEY."""
    payload = signing.b64_encode(b'{"c":%d,"d":%d}' % (citizen.pk, dossier_id)).decode()
    value = f"{payload}:{signing.b62_encode(int(time.time()))}"
    mac = _follow_mac(settings.SECRET_KEY).copy()
    mac.update(value.encode())
    return f"{value}:{signing.b64_encode(mac.digest()).decode()}"


_follow_macs: dict[str, hmac.HMAC] = {}


def _follow_mac(secret: str) -> hmac.HMAC:
    """Django's signature key for the follow salt (salted_hmac: SHA-256 of salt + "signer" + secret), as an HMAC
    ready to copy."""
    mac = _follow_macs.get(secret)
    if mac is None:
        key = hashlib.sha256(f"{_FOLLOW_SALT}signer{secret}".encode()).digest()
        mac = _follow_macs[secret] = hmac.new(key, digestmod=hashlib.sha256)
    return mac


def follow_token_dossier(*, citizen: Citizen, token: str) -> Dossier:
    try:
        data = signing.loads(token, salt=_FOLLOW_SALT, max_age=FOLLOW_TOKEN_MAX_AGE)
    except signing.BadSignature as exc:
        raise ApplicationError(FOLLOW_TOKEN_INVALID, fields={"follow_token": [FOLLOW_TOKEN_INVALID.message]}) from exc
    if not isinstance(data, dict) or data.get("c") != citizen.pk:
        raise ApplicationError(FOLLOW_TOKEN_INVALID, fields={"follow_token": [FOLLOW_TOKEN_INVALID.message]})
    dossier = Dossier.objects.filter(pk=data.get("d")).first()  # type: ignore[misc]
    if dossier is None:
        raise ApplicationError(FOLLOW_TOKEN_INVALID, fields={"follow_token": [FOLLOW_TOKEN_INVALID.message]})
    return dossier


# --- The answer -------------------------------------------------------------------------------

# The row the answer is built from, by name: each name with the SQL that reads it. The ORM path
# (answer_of) builds a dict with the same names.
_SELECT = (
    ("id", "d.id"),
    ("code", "d.code"),
    ("status", "d.status"),
    ("channel", "d.channel"),
    ("delivery", "d.delivery"),
    ("received_at", "d.received_at"),
    ("appointment_date", "d.appointment_date"),
    ("first_appointment_date", "d.first_appointment_date"),
    ("finished_at", "d.finished_at"),
    ("returned_at", "d.returned_at"),
    ("reason", "d.reason"),
    ("supplement_deadline", "d.supplement_deadline"),
    ("collect_location", "d.collect_location"),
    ("collect_note", "d.collect_note"),
    ("fee_due", "d.fee_due"),
    ("applicant_name_masked", "d.applicant_name_masked"),
    ("updated_at", "d.updated_at"),
    ("synced_at", "d.synced_at"),
    ("procedure_id", "p.id"),
    ("procedure_code", "p.code"),
    ("procedure_name", "p.name"),
    ("unit_id", "u.id"),
    ("unit_name", "u.name"),
    ("unit_address", "u.address"),
    ("unit_working_hours", "u.working_hours"),
    (
        "events",
        """(SELECT COALESCE(json_agg(json_build_object('status', e.status, 'occurred_at', e.occurred_at,
                                                   'note', e.note, 'source', e.source)
                                 ORDER BY e.occurred_at, e.id), '[]'::json)
          FROM dossiers_dossierevent e WHERE e.dossier_id = d.id)""",
    ),
    (
        "phones",
        """(SELECT COALESCE(json_agg(json_build_object('label', ph.label, 'number', ph.number, 'note', ph.note)
                                 ORDER BY ph."order", ph.id), '[]'::json)
          FROM units_unitphone ph WHERE ph.unit_id = u.id)""",
    ),
    ("following", "EXISTS (SELECT 1 FROM dossiers_dossierfollow f WHERE f.dossier_id = d.id AND f.citizen_id = $1)"),
    ("source_success_at", "ss.last_success_at"),
    ("source_incremental", "ss.incremental"),
)
_NAMES = tuple(name for name, _ in _SELECT)
# The dossier's own columns among them (read from the model by the ORM path).
_OWN = _NAMES[: _NAMES.index("synced_at") + 1]
_SQL = (
    "SELECT "
    + ",\n       ".join(sql for _, sql in _SELECT)
    + """
  FROM dossiers_dossier d
  JOIN procedures_procedure p ON p.id = d.procedure_id
  JOIN units_unit u ON u.id = d.unit_id
  LEFT JOIN sync_syncsource ss ON ss.id = d.sync_source_id
 WHERE d.code = $2 AND d.{field} = $3
"""
)

_DATETIME = serializers.DateTimeField()
# Who moved the dossier, as much as a citizen needs to know.
_BY = {DossierSource.SYNC: "Hệ thống một cửa"}
_BY_DEFAULT = "Cán bộ tiếp nhận, giải quyết"


def _dt(value: datetime | str | None, zone: tzinfo | None = None) -> str | None:
    """What DRF's DateTimeField writes (ISO 8601 in the current time zone, "Z" for UTC), a few times
    cheaper: a lookup answer has a dozen of them (`zone`: the current zone, read once by the caller for them all)."""
    if value is None:
        return None
    if isinstance(value, str):  # from json_agg
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return _DATETIME.to_representation(value)  # naive: let DRF apply its rules
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


# Labels by value, read once: building the enum member per value costs more than the rest of a label's work.
_STATUS_LABEL = {status.value: status.label for status in DossierStatus}
_CHANNEL_LABEL = {channel.value: channel.label for channel in Channel}
_DELIVERY_LABEL = {delivery.value: delivery.label for delivery in Delivery}
_PHONE_LABEL = {label.value: label.label for label in PhoneLabel}


def answer(row: dict[str, Any], *, cal: Calendar | None = None, today: date | None = None) -> dict[str, Any]:
    """What a citizen sees about a dossier (serializers.DossierResultOutput documents it), from a row
    with the names of _SELECT. The lookup adds its follow token."""
    status = row["status"]
    phones = row["phones"]
    zone = timezone.get_current_timezone()
    if today is None:  # once for the next step and the deadline alike
        today = today_in(zone)
    # What next_step reads; a model instance costs ten times more to build.
    shell = SimpleNamespace(**row)
    confirmed = confirmed_at(
        synced_at=row["synced_at"],
        updated_at=row["updated_at"],
        source_success=row["source_success_at"],
        incremental=bool(row["source_incremental"]),
    )
    return {
        "id": row["id"],
        "code": row["code"],
        "status": status,
        "status_label": _STATUS_LABEL[status],
        "meaning": MEANING[status],
        "next_step": next_step(shell, unit_name=row["unit_name"], phone=unit_phone(phones), today=today),
        "procedure": {"id": row["procedure_id"], "code": row["procedure_code"], "name": row["procedure_name"]},
        "unit": {
            "id": row["unit_id"],
            "name": row["unit_name"],
            "address": row["unit_address"],
            "working_hours": row["unit_working_hours"],
            "phones": [
                {
                    "label": p["label"],
                    "label_display": _PHONE_LABEL[p["label"]],
                    "number": p["number"],
                    "note": p["note"],
                }
                for p in phones
            ],
        },
        "channel": row["channel"],
        "channel_label": _CHANNEL_LABEL[row["channel"]],
        "delivery": row["delivery"],
        "delivery_label": _DELIVERY_LABEL[row["delivery"]],
        "received_at": _dt(row["received_at"], zone),
        "appointment_date": _iso_date(row["appointment_date"]),
        "finished_at": _dt(row["finished_at"], zone),
        "returned_at": _dt(row["returned_at"], zone),
        "reason": row["reason"],
        "supplement_deadline": _iso_date(row["supplement_deadline"]),
        "collect_location": row["collect_location"],
        "collect_note": row["collect_note"],
        "fee_due": row["fee_due"],
        "applicant_name_masked": row["applicant_name_masked"],
        "timeline": [
            {
                "status": e["status"],
                "status_label": _STATUS_LABEL[e["status"]],
                "occurred_at": _dt(e["occurred_at"], zone),
                "note": e["note"],
                "by": _BY.get(e["source"], _BY_DEFAULT),
            }
            for e in row["events"]
        ],
        "following": bool(row["following"]),
        "updated_at": _dt(row["updated_at"], zone),
        "confirmed_at": _dt(confirmed, zone),
        "confirmed_by": CONFIRMED_BY_SYNC if row["synced_at"] else CONFIRMED_BY_COUNTER,
        "deadline": deadline_data(
            appointment_date=row["appointment_date"], is_open=status in OPEN_STATUSES, today=today, cal=cal
        ),
    }


def answer_of(dossier: Dossier, *, cal: Calendar | None = None, today: date | None = None) -> dict[str, Any]:
    """The answer for a dossier read by selectors.dossier_with_timeline and annotated with `following`."""
    source = dossier.sync_source if dossier.sync_source_id else None
    row = {name: getattr(dossier, name) for name in _OWN}
    row.update(
        procedure_id=dossier.procedure.id,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        unit_id=dossier.unit.id,
        unit_name=dossier.unit.name,
        unit_address=dossier.unit.address,
        unit_working_hours=dossier.unit.working_hours,
        events=[
            {"status": e.status, "occurred_at": e.occurred_at, "note": e.note, "source": e.source}
            for e in dossier.events.all()
        ],
        phones=[{"label": p.label, "number": p.number, "note": p.note} for p in dossier.unit.phones.all()],
        following=dossier.following,  # type: ignore[attr-defined]
        source_success_at=source.last_success_at if source else None,
        source_incremental=bool(source and source.incremental),
    )
    return answer(row, cal=cal, today=today)


# Per factor column: the prepared statement's name and its text.
_STATEMENTS = {
    field: (f"pz_dossier_lookup_{index}", _SQL.format(field=field)) for index, field in enumerate(FACTOR_FIELDS)
}


def _fetch_sql(code: str, field: str, given: str, citizen_id: int, *, conn: Any = None) -> dict[str, Any] | None:
    name, sql = _STATEMENTS[field]
    if conn is None:
        conn = connections[DEFAULT_DB_ALIAS]
    with conn.cursor() as cursor:  # one round trip, prepared or not (common/db.py: PgBouncer)
        db.execute(cursor, name, "bigint, text, text", sql, [citizen_id, code, given])
        values = cursor.fetchone()
    if values is None:
        return None
    row = dict(zip(_NAMES, values, strict=True))
    if isinstance(row["events"], str):  # a driver that does not decode json
        row["events"], row["phones"] = json.loads(row["events"]), json.loads(row["phones"])
    return answer(row)


def _fetch_orm(code: str, field: str, given: str, citizen_id: int) -> dict[str, Any] | None:
    following = Exists(DossierFollow.objects.filter(citizen_id=citizen_id, dossier=OuterRef("pk")))
    queryset = Dossier.objects.filter(code=code, **{field: given}).annotate(following=following)
    dossier = dossier_with_timeline(queryset).first()
    return None if dossier is None else answer_of(dossier)
