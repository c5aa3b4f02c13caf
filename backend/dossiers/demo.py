"""Demo dossiers at every stage, dated relative to today so overdue / due-soon always show.

Look them up in the Mini App with the code and «6789» (last 4 digits of the demo ID number); the ones
filed under 0912 345 678 (the phone the embedded Zalo bridge verifies) appear in "Hồ sơ của tôi".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from common.crypto import encrypt_text, keyed_hash
from dossiers.applicant import id_hash, id_tail_hash, mask_name
from dossiers.models import Delivery, Dossier, DossierEvent, DossierSource, DossierStatus, Holiday
from dossiers.public_holidays import holiday_years_ensure
from dossiers.services import DEFAULT_NOTES
from dossiers.workdays import calendar, calendar_forget
from procedures.models import Channel, Procedure
from units.models import Unit

DEMO_ID_NUMBER = "001090006789"
DEMO_PHONE = "84912345678"
OTHER_PHONE = "84987654321"

# code, procedure code, unit code, name, phone, [(status, working days ago, note)], appointment in working days
DEMO_DOSSIERS = [
    (
        "HS-DEMO-0001",
        "1.004222",
        "DEMO-P-DONGTAM",
        "Nguyễn Văn An",
        DEMO_PHONE,
        [(DossierStatus.RECEIVED, 3, ""), (DossierStatus.PROCESSING, 2, "Cán bộ đang kiểm tra chỗ ở hợp pháp.")],
        4,
    ),
    (
        "HS-DEMO-0002",
        "2.000200",
        "DEMO-P-DONGTAM",
        "Nguyễn Văn An",
        DEMO_PHONE,
        [
            (DossierStatus.RECEIVED, 4, ""),
            (DossierStatus.SUPPLEMENT, 1, "Ảnh chân dung bị mờ, cần chụp lại tại nơi làm thủ tục."),
        ],
        3,
    ),
    (  # finished, unrated: rate it in the Mini App, then see it as lanhdao.dongtam (the README's story)
        "HS-DEMO-0003",
        "1.004194",
        "DEMO-P-DONGTAM",
        "Nguyễn Văn An",
        DEMO_PHONE,
        [(DossierStatus.RECEIVED, 3, ""), (DossierStatus.PROCESSING, 2, ""), (DossierStatus.DONE, 0, "")],
        0,
    ),
    (
        "HS-DEMO-0004",
        "1.001456",
        "DEMO-PA08",
        "Trần Thị Bình",
        OTHER_PHONE,
        [(DossierStatus.RECEIVED, 6, "")],
        1,
    ),
    (
        "HS-DEMO-0005",
        "1.004222",
        "DEMO-P-DONGTAM",
        "Nguyễn Văn An",
        DEMO_PHONE,
        [(DossierStatus.RECEIVED, 9, ""), (DossierStatus.PROCESSING, 8, "")],
        -2,
    ),
    (
        "HS-DEMO-0006",
        "3.000347",
        "DEMO-PC08",
        "Lê Văn Cường",
        OTHER_PHONE,
        [
            (DossierStatus.RECEIVED, 10, ""),
            (DossierStatus.PROCESSING, 9, ""),
            (DossierStatus.DONE, 6, ""),
            (DossierStatus.RETURNED, 5, ""),
        ],
        -5,
    ),
]


# How each demo result is returned: a residence registration is a database update seen on VNeID, a card can come
# by post, a passport or a licence is collected at the counter.
DEMO_DELIVERY = {
    "HS-DEMO-0001": Delivery.ELECTRONIC,
    "HS-DEMO-0002": Delivery.POST,
    "HS-DEMO-0003": Delivery.ELECTRONIC,
    "HS-DEMO-0005": Delivery.ELECTRONIC,
}


def _working_day(offset: int, today: date) -> date:
    """`offset` working days from today (negative = before)."""
    cal = calendar()
    if offset >= 0:
        return cal.add_working_days(today, offset)
    day = today
    remaining = -offset
    while remaining:
        day -= timedelta(days=1)
        if cal.is_working_day(day):
            remaining -= 1
    return day


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def demo_holidays_load() -> int:
    """This year's and next year's holidays by the law (migrate already wrote them; kept for an older database).
    The government's yearly nghỉ bù / làm bù days are not invented here: officers enter them with their source."""
    holiday_years_ensure()
    calendar_forget()
    return Holiday.objects.count()


@transaction.atomic
def demo_dossiers_load() -> int:
    today = timezone.localdate()
    procedures = {p.code: p for p in Procedure.objects.filter(code__in={d[1] for d in DEMO_DOSSIERS}, local_suffix="")}
    units = {u.code: u for u in Unit.objects.filter(code__in={d[2] for d in DEMO_DOSSIERS})}
    loaded = 0
    existing = set(Dossier.objects.filter(code__in=[d[0] for d in DEMO_DOSSIERS]).values_list("code", flat=True))
    for code, procedure_code, unit_code, name, phone, steps, appointment_offset in DEMO_DOSSIERS:
        procedure, unit = procedures.get(procedure_code), units.get(unit_code)
        if procedure is None or unit is None:
            continue
        if code in existing:
            # Created once, then left alone: a rerun of `make run` keeps what an officer or a citizen did with
            # it (a status change, a rating). Delete a demo dossier to have it made again, dated from today.
            loaded += 1
            continue
        received_at = _at(_working_day(-steps[0][1], today), 8)
        last_status, last_ago, _ = steps[-1]
        last_at = _at(_working_day(-last_ago, today), 10 if last_ago else 8)
        fields = {
            "procedure": procedure,
            "unit": unit,
            "status": last_status,
            "channel": Channel.IN_PERSON,
            "received_at": received_at,
            "appointment_date": _working_day(appointment_offset, today),
            "first_appointment_date": _working_day(appointment_offset, today),
            "delivery": DEMO_DELIVERY.get(code, Delivery.COUNTER),
            "applicant_name_masked": mask_name(name),
            "applicant_id_hash": id_hash(DEMO_ID_NUMBER),
            "applicant_id_tail_hash": id_tail_hash(code, DEMO_ID_NUMBER[-4:]),
            "applicant_phone_encrypted": encrypt_text(phone),
            "applicant_phone_hash": keyed_hash(phone),
            "collect_location": f"Bộ phận tiếp nhận và trả kết quả, {unit.name}",
            "collect_note": "Giờ hành chính, từ thứ Hai đến thứ Sáu",
            "reason": steps[-1][2] if last_status == DossierStatus.SUPPLEMENT else "",
            "finished_at": last_at if last_status in (DossierStatus.DONE, DossierStatus.RETURNED) else None,
            "returned_at": last_at if last_status == DossierStatus.RETURNED else None,
            "source": DossierSource.COUNTER,
        }
        dossier = Dossier.objects.create(code=code, **fields)
        previous = None
        for status, ago, note in steps:
            DossierEvent.objects.create(
                dossier=dossier,
                status=status,
                previous_status=previous,
                occurred_at=_at(_working_day(-ago, today), 10 if previous else 8),
                note=note or DEFAULT_NOTES[status],
                actor_label="Cán bộ tiếp nhận (Demo)",
            )
            previous = status
        loaded += 1
    return loaded
