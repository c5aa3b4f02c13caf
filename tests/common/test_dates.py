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


def test_today_in_a_zone_is_localdate_at_every_moment_even_around_clock_changes(monkeypatch):
    """today_in keeps the day with its midnights: the clock still decides, moved forwards or backwards, in a zone
    without clock changes and in zones that change at midnight (Santiago) or at odd offsets (St John's)."""
    from datetime import timedelta

    from django.utils import timezone

    from common import dates

    moments = []
    for start in (
        datetime(2026, 9, 4, tzinfo=UTC),
        datetime(2026, 4, 3, tzinfo=UTC),
        datetime(2026, 11, 1, tzinfo=UTC),
    ):
        moments += [start + timedelta(minutes=17 * step) for step in range(4 * 24 * 60 // 17)]
    moments += list(reversed(moments))  # the clock going back
    for zone_name in ("Asia/Ho_Chi_Minh", "America/Santiago", "America/St_Johns", "Europe/London", "UTC"):
        zone = ZoneInfo(zone_name)
        dates._days.pop(zone, None)
        for moment in moments:
            monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
            assert dates.today_in(zone) == timezone.localdate(moment, zone), (zone_name, moment)
    assert ZoneInfo("Asia/Ho_Chi_Minh") in dates._days  # kept where it can be
