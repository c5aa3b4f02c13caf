"""Public holidays by rule, written into the Holiday table one year at a time.

The rules are those of Bộ luật Lao động 2019 (docs/dossiers.md, "Lịch ngày làm việc"):
- Điều 112 khoản 1: Tết Dương lịch 1/1; Tết Âm lịch 5 ngày; Ngày Chiến thắng 30/4; Ngày Quốc tế Lao động 1/5;
  Quốc khánh 2 ngày (2/9 and one day next to it); Giỗ Tổ Hùng Vương 10/3 âm lịch.
- Điều 111 khoản 3: a holiday falling on the weekly rest day is made up on the next working day.
- Điều 112 khoản 3: the Prime Minister fixes each year which 5 days of Tết and which day next to 2/9 are off,
  and the government moves days (nghỉ bù, làm bù). Those yearly choices are data (Holiday rows of kind
  DECISION, with the document they come from), entered by an officer, who then ticks the year as confirmed.

So what is computed here is the statutory default, right for every year without hand entry; the yearly
decision only adjusts it. A year is written once (HolidayYear row): later runs never undo an officer's edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dossiers import lunar
from dossiers.models import Holiday, HolidayKind, HolidayYear

LAW_SOURCE = "Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112 khoản 1"

SOLAR_DAYS: tuple[tuple[int, int, str], ...] = (
    (1, 1, "Tết Dương lịch"),
    (4, 30, "Ngày Chiến thắng (30/4)"),
    (5, 1, "Ngày Quốc tế Lao động (1/5)"),
    (9, 2, "Quốc khánh (2/9)"),
)

# UNVERIFIED per year: the law gives Tết 5 days and leaves the exact ones to the Prime Minister. The usual
# choice, used as the default, is the last day of the old lunar year and mùng 1 to mùng 4. Offsets from mùng 1.
TET_OFFSETS: tuple[int, ...] = (-1, 0, 1, 2, 3)

# UNVERIFIED per year: the second Quốc khánh day is "the day before or after 2/9", chosen each year. Default:
# the side that joins the weekend (2/9 on Monday → 3/9; Tuesday → 1/9; …), by the weekday of 2/9 (0 = Monday).
NATIONAL_DAY_SECOND_OFFSET: dict[int, int] = {0: +1, 1: -1, 2: -1, 3: +1, 4: -1, 5: -1, 6: +1}

_TET_NAMES = {-1: "Tết Nguyên đán (ngày cuối năm âm lịch)", 0: "Tết Nguyên đán (mùng 1)"}


@dataclass(frozen=True)
class RuleDay:
    day: date
    name: str


def _extra_solar_days() -> list[tuple[int, int, str]]:
    extra = []
    for item in settings.HOLIDAY_EXTRA_SOLAR_DAYS:
        when, _, name = item.partition(":")
        month, day = (int(part) for part in when.split("-", 1))
        extra.append((month, day, name.strip() or f"Ngày nghỉ {day:02d}/{month:02d}"))
    return extra


def statutory_days_off(year: int) -> list[RuleDay]:
    """The year's public holidays by the law, compensatory days included, in date order."""
    days: dict[date, str] = {}
    for month, day_of_month, name in (*SOLAR_DAYS, *_extra_solar_days()):
        days[date(year, month, day_of_month)] = name
    national_day = date(year, 9, 2)
    second = national_day + timedelta(days=NATIONAL_DAY_SECOND_OFFSET[national_day.weekday()])
    days[second] = "Quốc khánh (ngày liền kề 2/9)"
    first_of_tet = lunar.tet(year)
    for offset in TET_OFFSETS:
        days[first_of_tet + timedelta(days=offset)] = _TET_NAMES.get(offset, f"Tết Nguyên đán (mùng {offset + 1})")
    days[lunar.hung_kings(year)] = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"

    working = frozenset(settings.WORKING_WEEKDAYS)
    taken = set(days)
    result = []
    for day in sorted(days):
        result.append(RuleDay(day, days[day]))
        if day.weekday() in working:
            continue
        # In date order, so the days made up for a block (Tết) come after the whole block.
        makeup = day + timedelta(days=1)
        while makeup.weekday() not in working or makeup in taken:
            makeup += timedelta(days=1)
        taken.add(makeup)
        result.append(RuleDay(makeup, f"Nghỉ bù {days[day][:120]}"))
    return sorted(result, key=lambda rule: rule.day)


@transaction.atomic
def holiday_year_materialise(*, year: int) -> tuple[HolidayYear, bool]:
    """Write the year's statutory days once. Returns (year row, written now)."""
    year_row, created = HolidayYear.objects.get_or_create(year=year)
    if not created:
        return year_row, False
    Holiday.objects.bulk_create(
        [
            Holiday(date=rule.day, name=rule.name, kind=HolidayKind.LAW, source=LAW_SOURCE)
            for rule in statutory_days_off(year)
        ],
        ignore_conflicts=True,  # a day already entered by hand (or by a decision) wins
    )
    from dossiers.workdays import calendar_forget

    calendar_forget()  # bulk_create sends no post_save
    transaction.on_commit(calendar_forget)
    return year_row, True


def holiday_years_ensure(*, today: date | None = None) -> list[int]:
    """This year and next are always in the table (after migrate, and daily from beat). Returns years written."""
    today = today or timezone.localdate()
    written = []
    for year in (today.year, today.year + 1):
        try:
            _row, created = holiday_year_materialise(year=year)
        except lunar.LunarYearUnknown:
            continue  # past 2100: the warning below says the year is missing
        if created:
            written.append(year)
    return written


def holiday_calendar_problems(*, today: date | None = None) -> list[str]:
    """What an officer must do about the holiday calendar, for the admin index and the status page.

    The current year must exist and be confirmed; from HOLIDAY_WARNING_FROM (1 November) next year must too.
    """
    today = today or timezone.localdate()
    years = dict(HolidayYear.objects.filter(year__in=[today.year, today.year + 1]).values_list("year", "confirmed"))
    month, day = settings.HOLIDAY_WARNING_FROM
    check = [today.year]
    if today >= date(today.year, month, day):
        check.append(today.year + 1)
    problems = []
    for year in check:
        if year not in years:
            problems.append(
                f"Chưa có lịch nghỉ lễ, Tết năm {year}: chạy lệnh migrate hoặc chờ tác vụ hằng ngày tự tính, "
                f"rồi đối chiếu với văn bản của Chính phủ."
            )
        elif not years[year]:
            problems.append(
                f"Lịch nghỉ lễ, Tết năm {year} chưa được xác nhận: đối chiếu với văn bản của Chính phủ về lịch nghỉ "
                f"năm {year}, nhập các ngày nghỉ bù, làm bù (nếu có) kèm số văn bản, rồi đánh dấu “đã xác nhận” "
                f"(Quản trị › Hồ sơ › Năm lịch nghỉ)."
            )
    return problems
