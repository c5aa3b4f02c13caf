"""What each status means for the citizen, and what they should do next, in plain words.

`next_step` is table-driven: the status says what the citizen does (STATUS_STEP), the deadline state says
whether the promise still holds (DEADLINE_NOTE: on time, due today, overdue with no new date, or moved to a
new date), and the delivery method says how the result reaches them (DELIVERY_*). Every combination is
covered by tests/dossiers/test_next_step.py. It reads only the dossier's own columns and the unit's phone
already fetched with it, so it costs no query (the lookup is the hottest endpoint).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone

from dossiers.models import OPEN_STATUSES, Delivery, DossierStatus

MEANING = {
    DossierStatus.SUBMITTED: "Hồ sơ đã được gửi trực tuyến và đang chờ cán bộ kiểm tra để tiếp nhận.",
    DossierStatus.RECEIVED: "Cán bộ đã nhận đủ hồ sơ của bạn và hẹn ngày trả kết quả.",
    DossierStatus.REJECTED: "Hồ sơ không được tiếp nhận.",
    DossierStatus.PROCESSING: "Hồ sơ đang được giải quyết.",
    DossierStatus.SUPPLEMENT: "Hồ sơ còn thiếu hoặc chưa đúng giấy tờ, bạn cần bổ sung.",
    DossierStatus.PAYMENT: "Hồ sơ đang chờ bạn nộp phí, lệ phí.",
    DossierStatus.WITHDRAWN: "Bạn đã rút hồ sơ, hồ sơ không tiếp tục được giải quyết.",
    DossierStatus.STOPPED: "Hồ sơ đã dừng giải quyết.",
    DossierStatus.DONE: "Hồ sơ đã giải quyết xong, đã có kết quả.",
    DossierStatus.RETURNED: "Kết quả đã được trả. Hồ sơ đã hoàn tất.",
}


class Timing:
    """Where an open dossier stands against its appointment date (only what next_step needs: no calendar)."""

    NO_DATE = "no_date"
    ON_TIME = "on_time"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"  # the appointment date has passed and no new date was given
    NEW_DATE = "new_date"  # the first date was missed; a later date was given and has not passed


TIMINGS = (Timing.NO_DATE, Timing.ON_TIME, Timing.DUE_TODAY, Timing.OVERDUE, Timing.NEW_DATE)


def timing_of(*, appointment_date: date | None, first_appointment_date: date | None, today: date) -> str:
    if appointment_date is None:
        return Timing.NO_DATE
    if appointment_date < today:
        return Timing.OVERDUE
    if first_appointment_date is not None and appointment_date > first_appointment_date:
        return Timing.NEW_DATE
    if appointment_date == today:
        return Timing.DUE_TODAY
    return Timing.ON_TIME


# What the citizen does now, per status. {where}: where the result is collected; {reason}, {by}, {amount}:
# the dossier's own details (empty when unknown).
STATUS_STEP = {
    DossierStatus.SUBMITTED: "Bạn chưa cần làm gì. Cán bộ sẽ kiểm tra hồ sơ và báo cho bạn nếu cần bổ sung.",
    DossierStatus.RECEIVED: "Bạn chưa cần làm gì.",
    DossierStatus.PROCESSING: "Bạn chưa cần làm gì.",
    DossierStatus.SUPPLEMENT: (
        "Mang giấy tờ còn thiếu đến nơi đã nộp hồ sơ (hoặc bổ sung trực tuyến nếu đã nộp trực tuyến).{reason}{by}"
    ),
    DossierStatus.PAYMENT: "Nộp phí, lệ phí tại nơi nộp hồ sơ hoặc trực tuyến để hồ sơ được giải quyết tiếp.{amount}",
    DossierStatus.WITHDRAWN: "Bạn không cần làm gì thêm.",
    DossierStatus.REJECTED: "Nếu cần được hướng dẫn nộp lại, gọi {unit} số {phone}.{why}",
    DossierStatus.STOPPED: "Nếu cần được hướng dẫn nộp lại, gọi {unit} số {phone}.{why}",
    DossierStatus.DONE: "{done}",
    DossierStatus.RETURNED: "{returned}",
}

# The promise, for open dossiers. Past dates are never announced as coming; a missed date always comes with
# an apology and a number to call, and the new date when there is one.
DEADLINE_NOTE = {
    Timing.NO_DATE: " Ngày hẹn trả kết quả sẽ được báo cho bạn sau. {plan}",
    Timing.ON_TIME: " Kết quả dự kiến có vào ngày {appointment}. {plan}",
    Timing.DUE_TODAY: " Hôm nay ({appointment}) là ngày hẹn trả kết quả. {plan}",
    Timing.OVERDUE: (
        " Chúng tôi xin lỗi: hồ sơ đã quá ngày hẹn {appointment} mà chưa có kết quả, và chưa có ngày hẹn mới."
        " Bạn gọi {unit} số {phone} để được báo khi nào có kết quả."
    ),
    Timing.NEW_DATE: (
        " Chúng tôi xin lỗi vì hồ sơ không có kết quả đúng hẹn ngày {first}. Ngày hẹn trả kết quả mới: {appointment}."
        " Cần hỏi thêm, bạn gọi {unit} số {phone}. {plan}"
    ),
}

# How the result will reach the citizen once it is ready (said while waiting).
DELIVERY_PLAN = {
    Delivery.COUNTER: "Khi có kết quả, bạn đến nhận{where}.",
    Delivery.POST: "Kết quả sẽ được gửi qua bưu chính đến địa chỉ bạn đã đăng ký, bạn không cần đến nhận.",
    Delivery.ELECTRONIC: (
        "Kết quả được cập nhật vào cơ sở dữ liệu, bạn xem trên ứng dụng VNeID, không cần đến nhận giấy."
    ),
}

# Status 9 (done): what to do now.
DELIVERY_DONE = {
    Delivery.COUNTER: "Mang thẻ căn cước (hoặc giấy tờ tùy thân khác) đến nhận kết quả{where}{when}.",
    Delivery.POST: (
        "Kết quả đang được gửi qua bưu chính đến địa chỉ bạn đã đăng ký, bạn không cần đến nhận."
        " Nếu sau vài ngày chưa nhận được, gọi {unit} số {phone}."
    ),
    Delivery.ELECTRONIC: (
        "Kết quả đã được cập nhật vào cơ sở dữ liệu. Bạn mở ứng dụng VNeID để xem, không cần đến nhận giấy."
        " Nếu chưa thấy, gọi {unit} số {phone}."
    ),
}

# Status 10 (returned).
DELIVERY_RETURNED = {
    Delivery.COUNTER: "Bạn đã nhận kết quả, không cần làm gì thêm.",
    Delivery.POST: "Kết quả đã được gửi qua bưu chính. Nếu chưa nhận được, gọi {unit} số {phone}.",
    Delivery.ELECTRONIC: "Kết quả đã có trên ứng dụng VNeID, bạn không cần làm gì thêm.",
}

# Which of the unit's numbers a citizen should call about a dossier, best first (units.PhoneLabel values).
PHONE_PREFERENCE = ("tiep_dan", "duong_day_nong", "truc_ban", "khac")
NO_PHONE = "điện thoại trực ban trên trang Liên hệ"


def _date(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def unit_phone(phones: Iterable[Any]) -> str:
    """The number to call: reception first, then hotline, duty, any. `phones`: dicts or UnitPhone rows."""
    best: tuple[int, str] | None = None
    for phone in phones:
        label = phone["label"] if isinstance(phone, dict) else phone.label
        number = phone["number"] if isinstance(phone, dict) else phone.number
        rank = PHONE_PREFERENCE.index(label) if label in PHONE_PREFERENCE else len(PHONE_PREFERENCE)
        if number and (best is None or rank < best[0]):
            best = (rank, number)
    return best[1] if best else ""


# Which delivery text (DELIVERY_PLAN, _DONE, _RETURNED) each status's text can name: its STATUS_STEP, and the
# DEADLINE_NOTE that open statuses add.
_DELIVERY_TEXTS = {
    status: tuple(
        (key, texts)
        for key, texts in (("plan", DELIVERY_PLAN), ("done", DELIVERY_DONE), ("returned", DELIVERY_RETURNED))
        if f"{{{key}}}" in STATUS_STEP[status]
        or (status in OPEN_STATUSES and any(f"{{{key}}}" in note for note in DEADLINE_NOTE.values()))
    )
    for status in DossierStatus
}


def next_step(dossier: Any, *, unit_name: str = "", phone: str = "", today: date | None = None) -> str:
    """What the citizen should do now. `dossier`: a Dossier or any object with the same attributes."""
    status = DossierStatus(dossier.status)
    delivery = Delivery(getattr(dossier, "delivery", "") or Delivery.COUNTER)
    today = today or timezone.localdate()
    where_place = dossier.collect_location or "nơi đã nộp hồ sơ"
    values = {
        "unit": unit_name or "đơn vị tiếp nhận hồ sơ",
        "phone": phone or NO_PHONE,
        "where": f" tại {where_place}",
        "when": f" ({dossier.collect_note})" if dossier.collect_note else "",
        "reason": f" Cần bổ sung: {dossier.reason}" if dossier.reason else "",
        "why": f" Lý do: {dossier.reason}" if dossier.reason else "",
        "by": f" Hạn bổ sung: {_date(dossier.supplement_deadline)}." if dossier.supplement_deadline else "",
        "amount": f" Số tiền: {dossier.fee_due:,} đồng.".replace(",", ".") if dossier.fee_due else "",
        "appointment": _date(dossier.appointment_date),
        "first": _date(getattr(dossier, "first_appointment_date", None)),
    }
    # Each status's text names at most one of the delivery texts: only that one is written.
    for key, texts in _DELIVERY_TEXTS.get(status, ()):
        values[key] = texts[delivery].format(**values)
    text = STATUS_STEP[status].format(**values)
    if status in OPEN_STATUSES:
        timing = timing_of(
            appointment_date=dossier.appointment_date,
            first_appointment_date=getattr(dossier, "first_appointment_date", None),
            today=today,
        )
        if status == DossierStatus.SUBMITTED and timing in (Timing.ON_TIME, Timing.DUE_TODAY):
            timing = Timing.NO_DATE  # not received yet: a date it carries is not a promise to repeat
        text += DEADLINE_NOTE[timing].format(**values)
    return " ".join(text.split())
