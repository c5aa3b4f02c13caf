"""The Vietnamese lunar calendar, through one seam: the `holidays` package's lunisolar tables.

The Vietnamese calendar is computed for UTC+7 and differs from the Chinese one (UTC+8) in some years
(Tết 2007 was 17 February in Việt Nam, 18 February in China; again in 2030 and 2053), so a Chinese-calendar
library is not enough. `holidays` keeps a table per calendar (VIETNAMESE_CALENDAR) for 1901–2100 and is
well maintained; the package version is pinned in requirements.txt and tests/dossiers/test_calendar.py
pins the dates we rely on, so an upgrade that changed them would fail there first.
"""

from __future__ import annotations

from datetime import date

from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar

_TABLES = _ChineseLunisolar(calendar=VIETNAMESE_CALENDAR)


class LunarYearUnknown(ValueError):
    """The lunar tables do not cover this year (they run from 1901 to 2100)."""


def tet(year: int) -> date:
    """Mùng 1 Tết (first day of the lunar year that begins in solar `year`)."""
    day, _estimated = _TABLES.lunar_new_year_date(year)
    if day is None:
        raise LunarYearUnknown(year)
    return day


def hung_kings(year: int) -> date:
    """Giỗ Tổ Hùng Vương: the 10th day of the 3rd lunar month in solar `year`."""
    day, _estimated = _TABLES.hung_kings_date(year)
    if day is None:
        raise LunarYearUnknown(year)
    return day
