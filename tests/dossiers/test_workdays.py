from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from dossiers.models import Holiday
from dossiers.workdays import Calendar, DeadlineState, calendar, deadline_for, due_soon_cutoff

WEEK = frozenset({0, 1, 2, 3, 4})
# 2026: Thursday 30/4 and Friday 1/5 are holidays; with the weekend that makes a four-day break.
HOLIDAYS = Calendar(days_off=frozenset({date(2026, 4, 30), date(2026, 5, 1)}), days_on=frozenset(), weekdays=WEEK)


def test_friday_to_monday_is_one_working_day():
    assert HOLIDAYS.working_days_after(date(2026, 11, 20), date(2026, 11, 23)) == 1


def test_adding_working_days_skips_a_holiday_and_the_weekend():
    # Received Wednesday 29/4; 2 working days later skips Thu 30/4, Fri 1/5, Sat, Sun → Tuesday 5/5.
    assert HOLIDAYS.add_working_days(date(2026, 4, 29), 2) == date(2026, 5, 5)
    assert HOLIDAYS.working_days_after(date(2026, 4, 29), date(2026, 5, 5)) == 2


_DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    start=_DAYS,
    end=_DAYS,
    days_off=st.frozensets(_DAYS, max_size=12),
    days_on=st.frozensets(_DAYS, max_size=6),
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
)
def test_counting_by_whole_weeks_agrees_with_walking_day_by_day(start, end, days_off, days_on, weekdays):
    cal = Calendar(days_off=days_off, days_on=days_on, weekdays=weekdays)
    walked = sum(1 for n in range(1, (end - start).days + 1) if cal.is_working_day(start + timedelta(days=n)))
    assert cal.working_days_after(start, end) == walked


def test_a_compensation_saturday_counts_as_a_working_day():
    cal = Calendar(days_off=frozenset(), days_on=frozenset({date(2026, 11, 21)}), weekdays=WEEK)
    assert cal.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 21)


def test_overdue_counts_the_working_days_since_the_appointment_across_holiday_and_weekend():
    result = deadline_for(appointment_date=date(2026, 4, 29), is_open=True, today=date(2026, 5, 5), cal=HOLIDAYS)
    assert (result.state, result.working_days_overdue) == (DeadlineState.OVERDUE, 2)  # Monday 4/5 and today


def test_due_soon_is_within_two_working_days_even_across_the_break():
    # On Wednesday 29/4 an appointment on Monday 4/5 is only 1 working day away: due soon.
    soon = deadline_for(appointment_date=date(2026, 5, 4), is_open=True, today=date(2026, 4, 29), cal=HOLIDAYS)
    assert (soon.state, soon.working_days_left) == (DeadlineState.DUE_SOON, 1)
    later = deadline_for(appointment_date=date(2026, 5, 6), is_open=True, today=date(2026, 4, 29), cal=HOLIDAYS)
    assert (later.state, later.working_days_left) == (DeadlineState.ON_TIME, 3)
    # The database filter uses the same boundary: the last date still "due soon" is Monday… through Tuesday 5/5.
    assert due_soon_cutoff(today=date(2026, 4, 29), cal=HOLIDAYS) == date(2026, 5, 5)


def test_the_appointment_day_itself_is_due_soon_not_overdue():
    result = deadline_for(appointment_date=date(2026, 11, 23), is_open=True, today=date(2026, 11, 23), cal=HOLIDAYS)
    assert (result.state, result.working_days_left) == (DeadlineState.DUE_SOON, 0)


def test_a_finished_dossier_is_never_overdue():
    result = deadline_for(appointment_date=date(2026, 1, 5), is_open=False, today=date(2026, 11, 23), cal=HOLIDAYS)
    assert result.state == DeadlineState.CLOSED


def test_holidays_come_from_the_table_and_an_edit_is_seen_at_once(db):
    friday = date(2026, 11, 20)
    assert calendar().is_working_day(friday)
    Holiday.objects.create(date=friday, name="Nghỉ thử nghiệm")
    assert not calendar().is_working_day(friday)
    Holiday.objects.filter(date=friday).delete()  # a queryset delete sends post_delete per row too
    assert calendar().is_working_day(friday)
