"""Texts a citizen reads use the Mini App's one date format (miniapp/src/services/format.ts)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from common.dates import citizen_date, citizen_datetime


def test_a_day_is_dd_mm_yyyy():
    assert citizen_date(date(2026, 12, 2)) == "02/12/2026"
    assert citizen_date(None) == ""


def test_a_moment_is_hh_mm_then_the_day_in_vietnam_time():
    assert citizen_datetime(datetime(2026, 12, 2, 11, 4, tzinfo=UTC)) == "18:04, 02/12/2026"
    assert citizen_datetime(datetime(2026, 12, 1, 20, 0, tzinfo=UTC)) == "03:00, 02/12/2026"
    assert citizen_date(datetime(2026, 12, 1, 20, 0, tzinfo=UTC)) == "02/12/2026"
    assert citizen_datetime(datetime(2026, 12, 2, 18, 4, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))) == "18:04, 02/12/2026"
    assert citizen_datetime(None) == ""


def test_a_wait_is_said_in_plain_words_rounded_up():
    from common.dates import wait_text

    assert wait_text(30) == "ít phút nữa"
    assert wait_text(900) == "khoảng 15 phút nữa"
    assert wait_text(899) == "khoảng 15 phút nữa"
    assert wait_text(901) == "khoảng 16 phút nữa"
    assert wait_text(3 * 3600) == "khoảng 3 giờ nữa"
