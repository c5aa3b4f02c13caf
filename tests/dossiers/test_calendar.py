"""The holiday calendar is right without yearly hand entry: Bộ luật Lao động 2019 Điều 111–112 by rule, the
Vietnamese lunar calendar for Tết and Giỗ Tổ, this year and next present after migrate, a warning from
1 November while next year is missing or unconfirmed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dossiers import lunar
from dossiers.models import Holiday, HolidayKind, HolidayYear
from dossiers.public_holidays import (
    holiday_calendar_problems,
    holiday_year_materialise,
    holiday_years_ensure,
    statutory_days_off,
)
from dossiers.workdays import Calendar, calendar
from ops.selectors import system_status

WEEK = frozenset({0, 1, 2, 3, 4})


def law_calendar(*years: int) -> Calendar:
    return Calendar(
        days_off=frozenset(rule.day for year in years for rule in statutory_days_off(year)),
        days_on=frozenset(),
        weekdays=WEEK,
    )


def days_off(year: int) -> dict[date, str]:
    return {rule.day: rule.name for rule in statutory_days_off(year)}


# --- the Vietnamese lunar calendar ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "first_of_tet"), [(2026, date(2026, 2, 17)), (2027, date(2027, 2, 6)), (2028, date(2028, 1, 26))]
)
def test_tet_falls_on_the_vietnamese_new_year(year, first_of_tet):
    assert lunar.tet(year) == first_of_tet


def test_gio_to_hung_vuong_2027_is_16_april():
    assert lunar.hung_kings(2027) == date(2027, 4, 16)


def test_the_calendar_is_the_vietnamese_one_where_it_differs_from_the_chinese():
    # New moon late on 16/2/2007 (UTC+7) but after midnight in UTC+8: Tết was a day earlier in Việt Nam.
    assert lunar.tet(2007) == date(2007, 2, 17)
    assert lunar.tet(2030) == date(2030, 2, 2)


# --- the law's days, with compensatory days -------------------------------------------------------------


def test_tet_2027_is_five_days_and_the_weekend_days_are_made_up_after_the_break():
    off = days_off(2027)
    # 30 Tết Friday 5/2, mùng 1–4 Saturday 6/2 … Tuesday 9/2; Saturday and Sunday are made up Wednesday, Thursday.
    for day in range(5, 12):
        assert date(2027, 2, day) in off
    assert date(2027, 2, 12) not in off
    assert off[date(2027, 2, 10)].startswith("Nghỉ bù")


def test_working_days_across_tet_2027():
    cal = law_calendar(2027)
    # Received Thursday 4/2/2027: the next working day is Friday 12/2, one week and a day later.
    assert cal.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 12)
    assert cal.working_days_after(date(2027, 2, 4), date(2027, 2, 12)) == 1
    # A 7-working-day appointment from Monday 1/2/2027 lands on Wednesday 17/2, a week later than without Tết.
    assert cal.add_working_days(date(2027, 2, 1), 7) == date(2027, 2, 17)


def test_30_april_and_1_may_2027_with_the_saturday_made_up_on_monday():
    cal = law_calendar(2027)
    # Friday 30/4 and Saturday 1/5 off; 1/5 falls on the weekly rest day, so Monday 3/5 is off too.
    assert cal.add_working_days(date(2027, 4, 29), 1) == date(2027, 5, 4)
    assert cal.working_days_after(date(2027, 4, 29), date(2027, 5, 4)) == 1


def test_quoc_khanh_2027_is_two_days():
    cal = law_calendar(2027)
    # Thursday 2/9 and the adjacent Friday 3/9: from Wednesday 1/9 the next working day is Monday 6/9.
    assert not cal.is_working_day(date(2027, 9, 2)) and not cal.is_working_day(date(2027, 9, 3))
    assert cal.add_working_days(date(2027, 9, 1), 1) == date(2027, 9, 6)


def test_quoc_khanh_on_a_saturday_gives_friday_and_a_compensatory_monday():
    off = days_off(2028)
    assert {date(2028, 9, 1), date(2028, 9, 2), date(2028, 9, 4)} <= set(off)
    assert off[date(2028, 9, 4)].startswith("Nghỉ bù")
    assert law_calendar(2028).add_working_days(date(2028, 8, 31), 1) == date(2028, 9, 5)


def test_gio_to_on_a_sunday_is_made_up_on_monday():
    off = days_off(2026)
    assert date(2026, 4, 26) in off and off[date(2026, 4, 27)].startswith("Nghỉ bù")


def test_each_year_has_the_eleven_statutory_days_before_compensation():
    for year in range(2026, 2036):
        statutory = [name for name in days_off(year).values() if not name.startswith("Nghỉ bù")]
        assert len(statutory) == 11, year  # 1 + 5 + 1 + 1 + 2 + 1 (Điều 112 khoản 1)


def test_a_day_added_by_a_later_law_is_a_setting(settings):
    settings.HOLIDAY_EXTRA_SOLAR_DAYS = ["11-24:Ngày thử nghiệm"]
    assert days_off(2027)[date(2027, 11, 24)] == "Ngày thử nghiệm"


# --- present after migrate, never overwriting an officer's edit -------------------------------------------


def test_this_year_and_next_are_in_the_table_after_migrate_on_an_empty_database(db):
    Holiday.objects.all().delete()
    HolidayYear.objects.all().delete()
    call_command("migrate", verbosity=0)
    this_year = timezone.localdate().year
    assert set(HolidayYear.objects.values_list("year", flat=True)) >= {this_year, this_year + 1}
    assert Holiday.objects.filter(date=lunar.tet(this_year + 1), kind=HolidayKind.LAW).exists()
    assert not calendar().is_working_day(lunar.tet(this_year + 1) - date.resolution)  # the last day of the year


def test_a_year_is_written_once_so_an_officers_change_stays(db):
    holiday_year_materialise(year=2031)
    Holiday.objects.filter(date=date(2031, 9, 1)).delete()  # the government chose another day
    assert holiday_year_materialise(year=2031)[1] is False
    assert not Holiday.objects.filter(date=date(2031, 9, 1)).exists()


def test_a_day_entered_by_hand_first_is_kept(db):
    Holiday.objects.create(
        date=date(2032, 1, 1), name="Tết Dương lịch", kind=HolidayKind.DECISION, source="Thông báo số 1/TB ngày 1/1"
    )
    holiday_year_materialise(year=2032)
    assert Holiday.objects.get(date=date(2032, 1, 1)).kind == HolidayKind.DECISION


def test_the_daily_task_writes_the_new_next_year_on_1_january(db):
    assert 2033 not in HolidayYear.objects.values_list("year", flat=True)
    assert holiday_years_ensure(today=date(2032, 1, 1)) == [2032, 2033]
    assert holiday_years_ensure(today=date(2032, 1, 2)) == []


def test_a_written_year_is_seen_by_the_cached_calendar_at_once(db):
    assert calendar().is_working_day(date(2034, 4, 28))  # Friday 28/4/2034: not yet written
    holiday_year_materialise(year=2034)
    assert not calendar().is_working_day(date(2034, 4, 28))  # Giỗ Tổ 2034


# --- the warning from 1 November ------------------------------------------------------------------------


@pytest.fixture
def year_2026_confirmed(db):
    HolidayYear.objects.filter(year__in=[2026, 2027]).delete()
    holiday_year_materialise(year=2026)
    holiday_year_materialise(year=2027)
    HolidayYear.objects.filter(year=2026).update(confirmed=True)


def test_no_warning_on_31_october_while_next_year_is_unconfirmed(year_2026_confirmed):
    assert holiday_calendar_problems(today=date(2026, 10, 31)) == []


def test_the_warning_appears_on_1_november_when_next_year_is_unconfirmed(year_2026_confirmed):
    problems = holiday_calendar_problems(today=date(2026, 11, 1))
    assert len(problems) == 1 and "năm 2027 chưa được xác nhận" in problems[0]
    HolidayYear.objects.filter(year=2027).update(confirmed=True)
    assert holiday_calendar_problems(today=date(2026, 11, 1)) == []


def test_the_warning_says_when_next_year_is_missing(year_2026_confirmed):
    HolidayYear.objects.filter(year=2027).delete()
    assert "Chưa có lịch nghỉ lễ, Tết năm 2027" in holiday_calendar_problems(today=date(2026, 11, 1))[0]


def test_the_day_the_warning_starts_is_a_setting(year_2026_confirmed, settings):
    settings.HOLIDAY_WARNING_FROM = (10, 15)
    assert holiday_calendar_problems(today=date(2026, 10, 20))


def test_the_admin_index_and_status_page_show_the_warning_until_the_year_is_confirmed(provincial_admin, settings):
    settings.HOLIDAY_WARNING_FROM = (1, 1)  # today, whatever the date, is past it
    HolidayYear.objects.update(confirmed=False)
    client = Client()
    client.force_login(provincial_admin)
    next_year = timezone.localdate().year + 1
    assert f"năm {next_year} chưa được xác nhận" in client.get("/admin/").content.decode()
    line = next(line for line in system_status(inspect_workers=False) if line.name == "Lịch nghỉ lễ, Tết")
    assert line.ok is False and str(next_year) in line.detail

    years = HolidayYear.objects.all()
    response = client.post(
        "/admin/dossiers/holidayyear/",
        {"action": "confirm", "_selected_action": [str(pk) for pk in years.values_list("pk", flat=True)]},
    )
    assert response.status_code == 302
    assert HolidayYear.objects.get(year=next_year).confirmed_by == provincial_admin
    assert "chưa được xác nhận" not in client.get("/admin/").content.decode()
    line = next(line for line in system_status(inspect_workers=False) if line.name == "Lịch nghỉ lễ, Tết")
    assert line.ok is True
