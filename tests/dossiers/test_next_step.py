"""next_step is true for every status × delivery method × deadline state (issue 20 and 21).

The cases are built from the tables themselves, so a status, a delivery method or a timing added later
is covered here without editing this file.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from dossiers.models import CLOSED_STATUSES, OPEN_STATUSES, Delivery, DossierStatus
from dossiers.texts import TIMINGS, Timing, next_step, timing_of, unit_phone

TODAY = date(2026, 12, 3)
PHONE = "0203 3871 113"
UNIT = "Công an phường Đồng Tâm (Demo)"


def dates_for(timing: str) -> tuple[date | None, date | None]:
    """(appointment_date, first_appointment_date) that put a dossier in `timing` on TODAY."""
    return {
        Timing.NO_DATE: (None, None),
        Timing.ON_TIME: (TODAY + timedelta(days=5), TODAY + timedelta(days=5)),
        Timing.DUE_TODAY: (TODAY, TODAY),
        Timing.OVERDUE: (TODAY - timedelta(days=4), TODAY - timedelta(days=4)),
        Timing.NEW_DATE: (TODAY + timedelta(days=6), TODAY - timedelta(days=2)),
    }[timing]


def shell(status: int, delivery: str, timing: str, **extra) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    appointment, first = dates_for(timing)
    values = {
        "status": status,
        "delivery": delivery,
        "appointment_date": appointment,
        "first_appointment_date": first,
        "reason": "",
        "supplement_deadline": None,
        "fee_due": None,
        "collect_location": "",
        "collect_note": "",
        **extra,
    }
    return SimpleNamespace(**values)


CASES = list(itertools.product(list(DossierStatus), list(Delivery), TIMINGS))


def dates_in(text: str) -> list[date]:
    return [date(int(y), int(m), int(d)) for d, m, y in re.findall(r"(\d{2})/(\d{2})/(\d{4})", text)]


@pytest.mark.parametrize(("status", "delivery", "timing"), CASES, ids=lambda v: str(getattr(v, "value", v)))
def test_next_step_is_true_for_every_status_delivery_and_deadline(status, delivery, timing) -> None:
    dossier = shell(status, delivery, timing)
    assert (
        timing_of(
            appointment_date=dossier.appointment_date,
            first_appointment_date=dossier.first_appointment_date,
            today=TODAY,
        )
        == timing
    )
    text = next_step(dossier, unit_name=UNIT, phone=PHONE, today=TODAY)
    assert text and "{" not in text and "  " not in text

    # A date in the past is never announced as a coming result.
    assert not re.search(r"dự kiến có vào ngày (\d{2}/\d{2}/\d{4})", text) or all(
        day >= TODAY for day in dates_in(text.split("dự kiến có vào ngày", 1)[1])
    )
    open_ = status in OPEN_STATUSES
    if open_ and timing == Timing.OVERDUE:
        assert "xin lỗi" in text and PHONE in text and UNIT in text
        assert "chưa có ngày hẹn mới" in text
        assert "Bạn chưa cần làm gì. Kết quả dự kiến" not in text
    elif open_ and timing == Timing.NEW_DATE:
        appointment, first = dates_for(timing)
        assert "xin lỗi" in text and PHONE in text
        assert f"Ngày hẹn trả kết quả mới: {appointment:%d/%m/%Y}" in text and f"{first:%d/%m/%Y}" in text
    else:
        assert "xin lỗi" not in text.lower()
    if open_ and timing == Timing.DUE_TODAY and status != DossierStatus.SUBMITTED:
        assert "Hôm nay" in text
    if status in CLOSED_STATUSES:
        assert "ngày hẹn" not in text.lower()  # a finished dossier has no promise left to talk about

    # The result reaches the citizen the way it will really come.
    if status == DossierStatus.DONE:
        if delivery == Delivery.COUNTER:
            assert "đến nhận kết quả" in text and "thẻ căn cước" in text
        else:
            assert "không cần đến nhận" in text and "Mang" not in text
        if delivery == Delivery.ELECTRONIC:
            assert "VNeID" in text
        if delivery == Delivery.POST:
            assert "bưu chính" in text
    if status in (DossierStatus.RECEIVED, DossierStatus.PROCESSING) and timing != Timing.OVERDUE:
        expected = {Delivery.COUNTER: "bạn đến nhận", Delivery.POST: "bưu chính", Delivery.ELECTRONIC: "VNeID"}
        assert expected[Delivery(delivery)] in text


def test_the_overdue_text_of_issue_21_is_gone() -> None:
    """Before: "Bạn chưa cần làm gì. Kết quả dự kiến có vào ngày 30/11/2026" on 3/12, no apology, nobody to call."""
    dossier = shell(DossierStatus.PROCESSING, Delivery.COUNTER, Timing.OVERDUE, appointment_date=date(2026, 11, 30))
    text = next_step(dossier, unit_name=UNIT, phone=PHONE, today=TODAY)
    assert text.startswith("Bạn chưa cần làm gì. Chúng tôi xin lỗi: hồ sơ đã quá ngày hẹn 30/11/2026")
    assert f"gọi {UNIT} số {PHONE}" in text


def test_without_a_phone_the_citizen_is_sent_to_the_contacts_page() -> None:
    text = next_step(shell(DossierStatus.RECEIVED, Delivery.COUNTER, Timing.OVERDUE), today=TODAY)
    assert "trang Liên hệ" in text and "đơn vị tiếp nhận hồ sơ" in text


def test_the_details_of_a_supplement_and_a_payment_are_kept() -> None:
    supplement = shell(
        DossierStatus.SUPPLEMENT, Delivery.POST, Timing.ON_TIME, reason="Bản sao sổ đỏ", supplement_deadline=TODAY
    )
    text = next_step(supplement, today=TODAY)
    assert "Cần bổ sung: Bản sao sổ đỏ" in text and "Hạn bổ sung: 03/12/2026" in text
    payment = shell(DossierStatus.PAYMENT, Delivery.COUNTER, Timing.ON_TIME, fee_due=150000)
    assert "Số tiền: 150.000 đồng." in next_step(payment, today=TODAY)


def test_the_collect_place_and_time_are_said_for_a_counter_result() -> None:
    done = shell(
        DossierStatus.DONE, Delivery.COUNTER, Timing.NO_DATE, collect_location="Quầy số 2", collect_note="sáng"
    )
    assert "đến nhận kết quả tại Quầy số 2 (sáng)" in next_step(done, today=TODAY)


def test_the_number_to_call_is_reception_first_then_hotline_then_duty() -> None:
    phones = [
        {"label": "truc_ban", "number": "1"},
        {"label": "duong_day_nong", "number": "2"},
        {"label": "khac", "number": "4"},
    ]
    assert unit_phone(phones) == "2"
    assert unit_phone([*phones, {"label": "tiep_dan", "number": "3"}]) == "3"
    assert unit_phone([]) == ""
