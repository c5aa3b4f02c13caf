"""Vietnamese date formats for the admin and templates: the same short forms citizens see in the Mini App
(miniapp/src/services/format.ts, common/dates.py) — "02/12/2026" and "18:04, 02/12/2026" — instead of
Django's long "Ngày 02 tháng 12 năm 2026", which made list columns too wide."""

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i, d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i, d/m/Y"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
FIRST_DAY_OF_WEEK = 1
# Input formats stay Django's defaults (ISO first): forms and the admin's date pickers are unchanged.
