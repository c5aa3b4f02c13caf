"""One upstream record → a clean dossier row, or the reason it is refused (quarantine).

Adapters hand over raw dicts already renamed to our field names (each adapter has its own field or
column mapping). Everything personal is hashed or encrypted here, so the raw ID number never leaves
this module; the quarantine keeps the raw record, with the ID number and phone masked.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from common.crypto import encrypt_text, keyed_hash, keyed_hasher
from dossiers.applicant import id_hash, id_tail_hash, mask_name, phone_clean
from dossiers.models import Delivery
from dossiers.services import DEFAULT_NOTES
from procedures.models import Channel
from sync.models import QuarantineReason

REQUIRED = ("code", "procedure_code", "unit_code", "status", "received_at", "updated_at")
TEXT_LIMITS = {
    "code": 50,
    "procedure_code": 50,
    "unit_code": 50,
    "status": 50,
    "reason": 2000,
    "collect_location": 300,
    "collect_note": 300,
    "applicant_name": 150,
    "applicant_id_number": 20,
    "applicant_phone": 20,
    "channel": 30,
    "delivery": 60,
    "procedure_name": 500,
}
# Texts that are not part of a dossier's content hash (a new mapped field must not make every dossier "changed").
UNHASHED = ("procedure_name",)
DATETIME_FIELDS = ("received_at", "finished_at", "returned_at", "rejected_at", "updated_at")
DATE_FIELDS = ("appointment_date", "supplement_deadline")
# How a quarantine detail names a field to an officer (the names above are ours, not the upstream's).
FIELD_LABELS = {
    "code": "Mã hồ sơ",
    "procedure_code": "Mã thủ tục",
    "unit_code": "Mã đơn vị",
    "status": "Trạng thái",
    "reason": "Lý do",
    "collect_location": "Nơi nhận kết quả",
    "collect_note": "Ghi chú nhận kết quả",
    "applicant_name": "Họ tên người nộp",
    "applicant_id_number": "Số giấy tờ của người nộp",
    "applicant_phone": "Số điện thoại người nộp",
    "channel": "Hình thức nộp",
    "received_at": "Ngày tiếp nhận",
    "finished_at": "Ngày có kết quả",
    "returned_at": "Ngày trả kết quả",
    "rejected_at": "Ngày từ chối",
    "updated_at": "Ngày cập nhật",
    "appointment_date": "Ngày hẹn trả",
    "supplement_deadline": "Hạn bổ sung",
    "fee_due": "Phí, lệ phí phải nộp",
    "procedure_name": "Tên thủ tục",
    "history.status": "Trạng thái trong quá trình xử lý",
    "history.occurred_at": "Thời điểm trong quá trình xử lý",
    "history.note": "Nội dung trong quá trình xử lý",
}
# The source's own names for our fields (its field map), so a refusal names the field the way the source's
# people know it; set by clean() for the record being validated.
_labels: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("sync_labels", default=None)


def _field(name: str) -> str:
    return f"«{(_labels.get() or {}).get(name) or FIELD_LABELS.get(name, name)}»"


def field_label(name: str) -> str:
    """How a refusal names one of our fields: the source's own name while its records are validated."""
    return _field(name)


CODE_CHARS = re.compile(r"^[0-9A-Za-z.\-_/]+$")
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")

# The row the upsert writes, in this order (the staging table's columns).
COLUMNS = (
    "code",
    "procedure_id",
    "unit_id",
    "status",
    "channel",
    "delivery",
    "received_at",
    "appointment_date",
    "finished_at",
    "returned_at",
    "rejected_at",
    "reason",
    "supplement_deadline",
    "collect_location",
    "collect_note",
    "fee_due",
    "applicant_name_masked",
    "applicant_id_hash",
    "applicant_id_tail_hash",
    "applicant_phone_encrypted",
    "applicant_phone_hash",
    "source_version",
    "source_hash",
    "note",
    "upstream_updated_at",
)


class Refused(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail[:300]


@dataclass(frozen=True)
class Context:
    """What validation needs to resolve references, loaded once per run."""

    statuses: dict[str, int]
    procedures: dict[str, int]
    units: dict[str, int]
    channels: dict[str, str]
    default_version: str = ""
    # A source without an update time: every record of this run carries the run's version, and a record
    # applies only if its content differs from what is stored.
    by_content: bool = False
    default_unit: int | None = None
    date_formats: tuple[Callable[[str], datetime | None], ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    # Called with (procedure code, name from the feed) for an unknown procedure; returns its id or None.
    placeholder: Callable[[str, str], int | None] | None = None
    # The source's "how the result is returned" value → Delivery; an export without that column is valid
    # (every dossier then reads "at the counter", as before the column existed).
    deliveries: dict[str, str] = field(default_factory=dict)
    # What this run has parsed already (a text parses the same way all run long): a feed repeats a record's
    # update time as its end and return times, and appointment dates and names across records.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # This context's fast validator (compile_validator), built by the first clean(). Not an init field, so
    # dataclasses.replace() gives the new context its own (one bound to the new placeholder, say).
    compiled: list[Callable[[dict[str, Any]], dict[str, Any] | None]] = field(
        init=False, default_factory=list, compare=False, repr=False
    )


MEMO_LIMIT = 100_000  # entries per run's memo (tens of MB at most); it starts afresh when full


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn codes such as 2 into 2.0
    text = value if isinstance(value, str) else str(value)
    if "\x00" in text:
        raise Refused(QuarantineReason.NUL, f"Trường {_field(name)} có ký tự rỗng không hợp lệ")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(QuarantineReason.ENCODING, f"Trường {_field(name)} không phải văn bản UTF-8 hợp lệ") from None
    if "\ufffd" in text:
        raise Refused(QuarantineReason.ENCODING, f"Trường {_field(name)} có ký tự hỏng (sai bảng mã)")
    text = text.strip()
    limit = TEXT_LIMITS.get(name, 2000)
    if len(text) > limit:
        raise Refused(QuarantineReason.TOO_LONG, f"Trường {_field(name)} dài {len(text)} ký tự (tối đa {limit})")
    return text


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def _parse_text(text: str) -> datetime | None:
    """Parsed by hand: strptime costs ten times more, and a sync parses five dates per record."""
    try:
        if text.isdigit() and len(text) in (8, 14):  # yyyyMMdd[HHmmss]
            if len(text) == 8:
                return datetime(int(text[:4]), int(text[4:6]), int(text[6:8]))
            return datetime(
                int(text[:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]), int(text[10:12]), int(text[12:14])
            )
        match = _DMY.match(text)
        if match:
            day, month, year, hour, minute, second = match.groups()
            return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


_TOKENS = re.compile(r"yyyy|MM|dd|HH|mm|ss|SSS|M|d|H")
_TOKEN_RE = {
    "yyyy": r"(?P<year>\d{4})",
    "MM": r"(?P<month>\d{2})",
    "M": r"(?P<month>\d{1,2})",
    "dd": r"(?P<day>\d{2})",
    "d": r"(?P<day>\d{1,2})",
    "HH": r"(?P<hour>\d{2})",
    "H": r"(?P<hour>\d{1,2})",
    "mm": r"(?P<minute>\d{2})",
    "ss": r"(?P<second>\d{2})",
    "SSS": r"\d{1,6}",
}
# Formats the built-in parser reads the same way (no need to try them first).
BUILT_IN_FORMATS = {"yyyyMMddHHmmss", "yyyyMMdd", "dd/MM/yyyy", "dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss"}


def date_format_parser(pattern: str) -> Callable[[str], datetime | None]:
    """`yyyyMMddHHmmss`, `dd-MM-yyyy HH:mm`… → a parser (one compiled expression per source and format)."""
    parts, at = [], 0
    for match in _TOKENS.finditer(pattern):
        parts.append(re.escape(pattern[at : match.start()]))
        parts.append(_TOKEN_RE[match.group()])
        at = match.end()
    parts.append(re.escape(pattern[at:]))
    expression = re.compile("^" + "".join(parts) + "$")
    if "(?P<year>" not in expression.pattern or "(?P<month>" not in expression.pattern:
        raise ValueError(f"Định dạng «{pattern}» phải có năm (yyyy) và tháng (MM)")

    def parse(text: str) -> datetime | None:
        found = expression.match(text)
        if found is None:
            return None
        g = found.groupdict()
        try:
            return datetime(
                int(g["year"]), int(g["month"]), int(g.get("day") or 1),
                int(g.get("hour") or 0), int(g.get("minute") or 0), int(g.get("second") or 0),
            )  # fmt: skip
        except ValueError:
            return None

    return parse


def date_format_parsers(formats: str) -> tuple[Callable[[str], datetime | None], ...]:
    names = [name.strip() for name in formats.split(",") if name.strip()]
    return tuple(date_format_parser(name) for name in names if name not in BUILT_IN_FORMATS)


def parse_datetime(name: str, value: Any, formats: tuple = ()) -> datetime | None:
    """yyyyMMddHHmmss (the national payload), ISO 8601, dd/mm/yyyy [HH:MM[:SS]], or a spreadsheet date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        # Strings were checked for NUL and encoding with the whole record (clean()).
        text = value.strip() if isinstance(value, str) else _text(name, value)
        if not text:
            return None
        if len(text) > 40:
            raise Refused(QuarantineReason.TOO_LONG, f"Trường {_field(name)} dài {len(text)} ký tự")
        moment = None
        for parse in formats:
            moment = parse(text)
            if moment is not None:
                break
        else:
            moment = _parse_text(text)
        if moment is None:
            raise Refused(QuarantineReason.DATE, f"Trường {_field(name)}: «{text[:40]}» không phải ngày giờ")
    if not 2000 <= moment.year <= 2100:  # type: ignore[union-attr]
        raise Refused(QuarantineReason.DATE, f"Trường {_field(name)}: năm {moment.year} không hợp lý")  # type: ignore[union-attr]
    if moment.tzinfo is None:  # type: ignore[union-attr]
        moment = moment.replace(tzinfo=LOCAL)  # type: ignore[union-attr]
    return moment


def parse_date(name: str, value: Any, formats: tuple = ()) -> date | None:
    moment = parse_datetime(name, value, formats)
    return moment.astimezone(LOCAL).date() if moment else None


def moment_of(name: str, value: Any, ctx: Context) -> tuple[datetime, str] | None:
    """parse_datetime through the run's memo: (the moment, its ISO text). A refusal is not remembered."""
    if type(value) is str:
        hit = ctx.memo.get(value)
        if hit is not None:
            return hit
        if len(value) == 14 and not ctx.date_formats and value.isdigit():  # the national yyyyMMddHHmmss, at once
            try:
                moment = datetime(
                    int(value[:4]), int(value[4:6]), int(value[6:8]),
                    int(value[8:10]), int(value[10:12]), int(value[12:14]), tzinfo=LOCAL,
                )  # fmt: skip
            except ValueError:
                moment = None  # parse_datetime below refuses it with the reason
            if moment is not None and 2000 <= moment.year <= 2100:
                return _remember(ctx.memo, value, (moment, moment.isoformat()))
    moment = parse_datetime(name, value, ctx.date_formats)
    if moment is None:
        return None
    pair = (moment, moment.isoformat())
    return _remember(ctx.memo, value, pair) if type(value) is str else pair


def day_of(name: str, value: Any, ctx: Context) -> date | None:
    """parse_date through the run's memo."""
    key = ("day", value) if type(value) is str else None
    if key is not None:
        hit = ctx.memo.get(key)
        if hit is not None:
            return hit
    day = parse_date(name, value, ctx.date_formats)
    return _remember(ctx.memo, key, day) if key is not None and day is not None else day


def masked_name(name: str, ctx: Context) -> str:
    key = ("name", name)
    hit = ctx.memo.get(key)
    return hit if hit is not None else _remember(ctx.memo, key, mask_name(name))


# The timeline note of a status without a note of its own, by the status's number (no enum call per record).
_DEFAULT_NOTE = {int(status): note for status, note in DEFAULT_NOTES.items()}


def version_of(moment: datetime) -> str:
    """A sortable text version: newer upstream updates compare greater ("2026-11-30T07:05:00.000000Z")."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def _number(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    text = _text(name, value).replace(".", "").replace(",", "").replace(" ", "")
    if text.endswith("đ"):
        text = text[:-1]
    if not text.isdigit() or len(text) > 10:
        raise Refused(QuarantineReason.NUMBER, f"Trường {_field(name)}: «{text[:20]}» không phải số tiền")
    return int(text)


ALL_FIELDS = (*TEXT_LIMITS, *DATETIME_FIELDS, *DATE_FIELDS, "fee_due")


def delivery_of(value: str, ctx: Context) -> str:
    """Delivery for the source's value: blank → at the counter; compared as given, then in lower case."""
    if not value:
        return Delivery.COUNTER
    found = ctx.deliveries.get(value) or ctx.deliveries.get(value.lower())
    if found is None and value in Delivery.values:
        found = value
    if found is None:
        raise Refused(QuarantineReason.SHAPE, f"Cách nhận kết quả «{value}» chưa có trong bảng ánh xạ")
    return found


def _utf8(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def procedure_of(code: str, ctx: Context) -> int | None:
    """The procedure for a code: exact (national code, or code.local_suffix), else the national base of a
    local code (`1.004222.000.00.00.H12` → `1.004222`); remembered for the rest of the run."""
    found = ctx.procedures.get(code)
    if found is None:
        parts = code.split(".", 2)
        if len(parts) == 3:
            found = ctx.procedures.get(f"{parts[0]}.{parts[1]}")
            if found is not None:
                ctx.procedures[code] = found
    return found


MAX_HISTORY = 200


def clean_history(items: Any, ctx: Context) -> list[tuple[int, datetime, str]]:
    """A record's processing history (history.* in the field map) → (status, when, note), oldest first.
    An entry without a status is not a step and is left out."""
    if not isinstance(items, list):
        return []
    if len(items) > MAX_HISTORY:
        raise Refused(
            QuarantineReason.TOO_LARGE, f"{_field('history.status')}: {len(items)} mục (tối đa {MAX_HISTORY})"
        )
    steps = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            continue
        value = _text("history.status", item.get("status"))
        if not value:
            continue
        status = ctx.statuses.get(value)
        if status is None:
            raise Refused(
                QuarantineReason.STATUS, f"{_field('history.status')} mục {number}: «{value}» chưa có trong bảng ánh xạ"
            )
        moment = parse_datetime("history.occurred_at", item.get("occurred_at"), ctx.date_formats)
        if moment is None:
            raise Refused(QuarantineReason.MISSING, f"Thiếu {_field('history.occurred_at')} ở mục {number}")
        steps.append((status, moment, _text("history.note", item.get("note"))[:1000]))
    steps.sort(key=lambda step: step[1])
    return steps


def clean(raw: Any, ctx: Context) -> dict[str, Any]:
    """Validate one record; raises Refused with the reason. Returns the row in COLUMNS' names.

    The run's compiled validator takes the common path (a good record); anything it does not accept at
    once, clean_plain() decides, so a refusal and its words are always clean_plain()'s."""
    _labels.set(ctx.labels)
    compiled = ctx.compiled
    if not compiled:
        compiled.append(compile_validator(ctx))
    row = compiled[0](raw)
    return row if row is not None else clean_plain(raw, ctx)


def clean_plain(raw: Any, ctx: Context) -> dict[str, Any]:
    """The reference validation, check by check in the order a refusal reports them."""
    _labels.set(ctx.labels)
    if not isinstance(raw, dict):
        raise Refused(QuarantineReason.SHAPE, "Bản ghi không phải một đối tượng")
    size = raw.get("_size") or len(json.dumps(raw, ensure_ascii=False, default=str))
    if size > settings.SYNC_MAX_RECORD_BYTES:
        raise Refused(QuarantineReason.TOO_LARGE, f"Bản ghi dài {size} ký tự (tối đa {settings.SYNC_MAX_RECORD_BYTES})")
    values = {name: raw.get(name) for name in ALL_FIELDS}
    joined = "\x1f".join([value for value in values.values() if type(value) is str])
    if "\x00" in joined or "\ufffd" in joined or not _utf8(joined):
        for name in ALL_FIELDS:
            _text(name, values[name])  # raises, naming the field
    texts = {}
    for name, limit in TEXT_LIMITS.items():
        value = values[name]
        text = "" if value is None else value.strip() if type(value) is str else _text(name, value)
        if len(text) > limit:
            raise Refused(QuarantineReason.TOO_LONG, f"Trường {_field(name)} dài {len(text)} ký tự (tối đa {limit})")
        texts[name] = text
    if not values["updated_at"] and ctx.default_version:
        values["updated_at"] = ctx.default_version
    missing = [name for name in REQUIRED if not (texts.get(name) if name in texts else values[name])]
    if ctx.default_unit is not None and "unit_code" in missing:
        missing.remove("unit_code")
    if missing:
        raise Refused(QuarantineReason.MISSING, f"Thiếu: {', '.join(_field(name) for name in missing)}")
    code = texts["code"]
    if not CODE_CHARS.match(code):
        raise Refused(QuarantineReason.SHAPE, "Mã hồ sơ chỉ gồm chữ, số và . - _ /")
    status = ctx.statuses.get(texts["status"])
    if status is None:
        raise Refused(
            QuarantineReason.STATUS, f"{_field('status')}: «{texts['status']}» chưa có trong bảng ánh xạ trạng thái"
        )
    procedure_id = procedure_of(texts["procedure_code"], ctx)
    if procedure_id is None and ctx.placeholder is not None:
        procedure_id = ctx.placeholder(texts["procedure_code"], texts["procedure_name"])
    if procedure_id is None:
        raise Refused(
            QuarantineReason.PROCEDURE, f"{_field('procedure_code')}: không có thủ tục mã «{texts['procedure_code']}»"
        )
    unit_id = ctx.units.get(texts["unit_code"]) if texts["unit_code"] else ctx.default_unit
    if unit_id is None:
        raise Refused(QuarantineReason.UNIT, f"{_field('unit_code')}: không có đơn vị mã «{texts['unit_code']}»")
    moments = {name: moment_of(name, values[name], ctx) for name in DATETIME_FIELDS}  # (moment, ISO text)
    days = {name: day_of(name, values[name], ctx) for name in DATE_FIELDS}
    fee = _number("fee_due", values["fee_due"])

    # A dossier received before 2025 may still carry the applicant's old 9-digit CMND: the one-stop system is
    # the record, so it is kept (hashed) here, though a citizen can no longer type it to look the dossier up.
    id_number = "".join(texts["applicant_id_number"].split())
    if id_number and not (id_number.isascii() and id_number.isdigit() and len(id_number) in (9, 12)):
        raise Refused(QuarantineReason.ID_NUMBER, "Số định danh cá nhân phải gồm 12 chữ số (hồ sơ cũ: CMND 9 chữ số)")
    delivery = delivery_of(texts["delivery"], ctx)
    phone = phone_clean(texts["applicant_phone"]) if texts["applicant_phone"] else None

    # The delivery column came later: a record without it hashes as it always did (no mass "changed" run).
    hashed = [text for name, text in texts.items() if (name != "delivery" or text) and name not in UNHASHED]
    history = clean_history(raw.get("history"), ctx) if "history" in raw else []
    if history:  # only when the source maps one: dossiers of other sources hash as before
        hashed.append(";".join(f"{status}@{moment.isoformat()}@{note}" for status, moment, note in history))
    content = "\x1f".join(
        [
            *hashed,
            *(moments[n][1] if moments[n] else "" for n in DATETIME_FIELDS if n != "updated_at"),  # type: ignore[index]
            *(d.isoformat() if d else "" for d in days.values()),
            str(fee),
            str(procedure_id),
            str(unit_id),
            str(status),
        ]
    )
    digest = hashlib.md5(content.encode("utf-8"), usedforsecurity=False).hexdigest()
    updated_at = _first(moments["updated_at"])
    if ctx.by_content and history and not raw.get("updated_at"):
        updated_at = history[-1][1]  # the latest step is when the record last changed
    version = ctx.default_version if ctx.by_content else version_of(updated_at)  # type: ignore[arg-type]
    return {
        "code": code,
        "procedure_id": procedure_id,
        "unit_id": unit_id,
        "status": status,
        "channel": ctx.channels.get(texts["channel"], Channel.IN_PERSON),
        "delivery": delivery,
        "received_at": _first(moments["received_at"]),
        "appointment_date": days["appointment_date"],
        "finished_at": _first(moments["finished_at"]),
        "returned_at": _first(moments["returned_at"]),
        "rejected_at": _first(moments["rejected_at"]),
        "reason": texts["reason"],
        "supplement_deadline": days["supplement_deadline"],
        "collect_location": texts["collect_location"],
        "collect_note": texts["collect_note"],
        "fee_due": fee,
        "applicant_name_masked": masked_name(texts["applicant_name"], ctx),
        "applicant_id_hash": id_hash(id_number) if id_number else "",
        "applicant_id_tail_hash": id_tail_hash(code, id_number[-4:]) if id_number else "",
        # Encrypted only when written: the upsert keeps the stored ciphertext if the phone's hash is unchanged.
        "applicant_phone": phone or "",
        "applicant_phone_hash": keyed_hash(phone) if phone else "",
        "source_version": version,
        "source_hash": digest,
        "note": texts["reason"] or _DEFAULT_NOTE[status],
        "upstream_updated_at": updated_at,
        "history": history,
    }


def compile_validator(ctx: Context) -> Callable[[Any], dict[str, Any] | None]:
    """clean_plain() for one run, with everything that does not depend on the record looked up once: the
    result is clean_plain()'s row, or None where clean_plain() might refuse (or create a placeholder
    procedure) — the caller then asks clean_plain(). The same checks in fewer steps: no per-record settings
    read, no dicts of intermediate values, the run's memo read in place, the keyed hashes from a state set
    up once (tests/sync/test_fast_validator.py holds it to clean_plain() over odd records)."""
    max_bytes = settings.SYNC_MAX_RECORD_BYTES
    hasher = keyed_hasher()
    statuses, units, channels, memo = ctx.statuses, ctx.units, ctx.channels, ctx.memo
    default_version, by_content, default_unit = ctx.default_version, ctx.by_content, ctx.default_unit
    # (name, limit, hashed): TEXT_LIMITS' order is the content hash's order; the delivery column is hashed
    # only when given (a record without it hashes as it did before the column existed).
    texts_spec = tuple(
        (name, limit, name not in UNHASHED and name != "delivery") for name, limit in TEXT_LIMITS.items()
    )
    in_person = Channel.IN_PERSON
    counter = Delivery.COUNTER
    code_shape = CODE_CHARS.match
    default_note = _DEFAULT_NOTE

    def moment(name: str, value: Any) -> tuple[datetime, str] | None:
        if value is None or value == "":
            return None
        hit = memo.get(value) if type(value) is str else None
        return hit if hit is not None else moment_of(name, value, ctx)

    def day(name: str, value: Any) -> date | None:
        if value is None or value == "":
            return None
        hit = memo.get(("day", value)) if type(value) is str else None
        return hit if hit is not None else day_of(name, value, ctx)

    def fast(raw: Any) -> dict[str, Any] | None:
        if type(raw) is not dict:
            return None
        get = raw.get
        size = get("_size") or len(json.dumps(raw, ensure_ascii=False, default=str))
        if size > max_bytes:
            return None
        updated_raw = get("updated_at")
        received_raw = get("received_at")
        finished_raw = get("finished_at")
        returned_raw = get("returned_at")
        rejected_raw = get("rejected_at")
        appointment_raw = get("appointment_date")
        deadline_raw = get("supplement_deadline")
        fee_raw = get("fee_due")
        try:
            texts: dict[str, str] = {}
            hashed: list[str] = []
            others = (updated_raw, received_raw, finished_raw, returned_raw, rejected_raw, appointment_raw)
            strings = [value for value in (*others, deadline_raw, fee_raw) if type(value) is str]
            for name, limit, in_hash in texts_spec:
                value = get(name)
                if value is None:
                    text = ""
                elif type(value) is str:
                    strings.append(value)
                    text = value.strip()
                    if len(text) > limit:
                        return None
                else:
                    text = _text(name, value)
                texts[name] = text
                if in_hash or (text and name == "delivery"):
                    hashed.append(text)
            joined = "\x1f".join(strings)
            if "\x00" in joined or "\ufffd" in joined or not _utf8(joined):
                return None
            if not updated_raw and default_version:
                updated_raw = default_version
            code = texts["code"]
            unit_code = texts["unit_code"]
            if not (code and texts["procedure_code"] and texts["status"] and received_raw and updated_raw):
                return None
            if not code_shape(code):
                return None
            status = statuses.get(texts["status"])
            procedure_id = procedure_of(texts["procedure_code"], ctx)
            unit_id = units.get(unit_code) if unit_code else default_unit
            if status is None or procedure_id is None or unit_id is None:
                return None
            received = moment("received_at", received_raw)
            updated = moment("updated_at", updated_raw)
            if received is None or updated is None:
                return None  # a date of blanks: clean_plain() says what becomes of it
            finished = moment("finished_at", finished_raw)
            returned = moment("returned_at", returned_raw)
            rejected = moment("rejected_at", rejected_raw)
            appointment = day("appointment_date", appointment_raw)
            deadline = day("supplement_deadline", deadline_raw)
            fee = None if fee_raw is None or fee_raw == "" else _number("fee_due", fee_raw)
            id_number = texts["applicant_id_number"]
            if id_number:
                id_number = "".join(id_number.split())
                if not (id_number.isascii() and id_number.isdigit() and len(id_number) in (9, 12)):
                    return None
            delivery_text = texts["delivery"]
            delivery = delivery_of(delivery_text, ctx) if delivery_text else counter
            history = clean_history(raw["history"], ctx) if "history" in raw else []
        except Refused:
            return None
        phone_text = texts["applicant_phone"]
        phone = phone_clean(phone_text) if phone_text else None
        if history:
            hashed.append(";".join(f"{step}@{when.isoformat()}@{note}" for step, when, note in history))
        hashed += (
            received[1],
            finished[1] if finished else "",
            returned[1] if returned else "",
            rejected[1] if rejected else "",
            appointment.isoformat() if appointment else "",
            deadline.isoformat() if deadline else "",
            str(fee),
            str(procedure_id),
            str(unit_id),
            str(status),
        )
        digest = hashlib.md5("\x1f".join(hashed).encode("utf-8"), usedforsecurity=False).hexdigest()
        updated_at = updated[0]
        if by_content and history and not get("updated_at"):
            updated_at = history[-1][1]
        reason = texts["reason"]
        name = texts["applicant_name"]
        masked = memo.get(("name", name))
        if masked is None:
            masked = masked_name(name, ctx)
        channel = channels.get(texts["channel"], in_person)
        id_digest = id_hash(id_number, hasher) if id_number else ""
        tail_digest = id_tail_hash(code, id_number[-4:], hasher) if id_number else ""
        phone_digest = hasher(phone) if phone else ""
        version = default_version if by_content else version_of(updated_at)
        note = reason or default_note[status]
        row: dict[str, Any] = {
            "code": code,
            "procedure_id": procedure_id,
            "unit_id": unit_id,
            "status": status,
            "channel": channel,
            "delivery": delivery,
            "received_at": received[0],
            "appointment_date": appointment,
            "finished_at": finished[0] if finished else None,
            "returned_at": returned[0] if returned else None,
            "rejected_at": rejected[0] if rejected else None,
            "reason": reason,
            "supplement_deadline": deadline,
            "collect_location": texts["collect_location"],
            "collect_note": texts["collect_note"],
            "fee_due": fee,
            "applicant_name_masked": masked,
            "applicant_id_hash": id_digest,
            "applicant_id_tail_hash": tail_digest,
            "applicant_phone": phone or "",
            "applicant_phone_hash": phone_digest,
            "source_version": version,
            "source_hash": digest,
            "note": note,
            "upstream_updated_at": updated_at,
            "history": history,
        }
        if copy_safe(joined):
            # The row's COPY text (sync/ingest.py, _copy_line) from the texts already at hand, but for the
            # phone's ciphertext, which is written later (only where the phone changed): the two parts
            # around it. No value here needs escaping: every text is one of the record's (checked together
            # in `joined`), a digit, a hash, a date or one of the run's own words.
            none = "\\N"
            row[COPY_PARTS] = (
                "\t".join((
                    code, str(int(procedure_id)), str(int(unit_id)), str(int(status)), channel, delivery, received[1],
                    appointment.isoformat() if appointment else none, finished[1] if finished else none,
                    returned[1] if returned else none, rejected[1] if rejected else none, reason,
                    deadline.isoformat() if deadline else none, texts["collect_location"], texts["collect_note"],
                    none if fee is None else str(int(fee)), masked, id_digest, tail_digest,
                )),
                "\t".join((
                    phone_digest, version, digest, note,
                    updated[1] if updated_at is updated[0] else updated_at.isoformat(),
                )),
            )  # fmt: skip
        return row

    return fast


# A fast-path row's COPY text in two parts, around the phone's ciphertext (compile_validator, ingest_prepare).
COPY_PARTS = "_copy"
_COPY_SPECIAL = ("\\", "\t", "\n", "\r")


def copy_safe(text: str) -> bool:
    """Whether `text` holds no character COPY's text format would need escaped."""
    return not any(char in text for char in _COPY_SPECIAL)


def _first(pair: tuple[datetime, str] | None) -> datetime | None:
    return pair[0] if pair is not None else None


def encrypt_phone(row: dict[str, Any]) -> str:
    return encrypt_text(row["applicant_phone"]) if row["applicant_phone"] else ""


def quarantine_text(raw: Any) -> str:
    """The raw record for the admin: personal numbers masked, odd characters escaped, at most 20,000 chars."""
    if isinstance(raw, dict):
        raw = {
            key: ("***" + str(value)[-3:] if key in ("applicant_id_number", "applicant_phone") and value else value)
            for key, value in raw.items()
        }
    text = json.dumps(raw, ensure_ascii=True, default=str)
    return text if len(text) <= 20000 else text[:20000] + "…(cắt bớt)"
