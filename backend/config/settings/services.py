"""The citizen services: dossiers (lookup limits, working days, holidays), ratings, reports, procedure feedback,
and the Mini App's deep links."""

from __future__ import annotations

from datetime import date as _date

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

# --- Dossiers -------------------------------------------------------------------------------
# Lookup limits: per signed-in citizen, per client IP, and wrong second factors per dossier code
# (the code is then locked for the window, whether or not it exists). The IP limit is sized for carrier NAT
# (thousands of phones behind one address during a broadcast): the citizen's and the code's limits do the guarding.
DOSSIER_LOOKUP_PER_IP_PER_MINUTE = env_int("DOSSIER_LOOKUP_PER_IP_PER_MINUTE", 600)
DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR = env_int("DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR", 60)
DOSSIER_LOOKUP_FAILURES_PER_CODE = env_int("DOSSIER_LOOKUP_FAILURES_PER_CODE", 5)
DOSSIER_LOOKUP_CODE_LOCK_SECONDS = env_int("DOSSIER_LOOKUP_CODE_LOCK_SECONDS", 900)
# "Hồ sơ của tôi" › refresh (asks the sources again): how often a citizen may ask, and for how many dossiers.
DOSSIER_REFRESH_PER_CITIZEN_PER_HOUR = env_int("DOSSIER_REFRESH_PER_CITIZEN_PER_HOUR", 6)
DOSSIER_REFRESH_MAX_DOSSIERS = env_int("DOSSIER_REFRESH_MAX_DOSSIERS", 20)
# Working week (0 = Monday) and how many working days before the appointment a dossier is "due soon".
WORKING_WEEKDAYS = sorted({int(day) % 7 for day in env_list("WORKING_WEEKDAYS", ["0", "1", "2", "3", "4"])})
DOSSIER_DUE_SOON_WORKING_DAYS = env_int("DOSSIER_DUE_SOON_WORKING_DAYS", 2)
# Public holidays are computed per year from the law (dossiers/public_holidays.py). From this day of the
# year (MM-DD) the admin and the status page warn while next year's calendar is missing or unconfirmed.
try:
    HOLIDAY_WARNING_FROM = tuple(int(part) for part in env_str("HOLIDAY_WARNING_FROM", "11-01").split("-", 1))
    _date(2001, *HOLIDAY_WARNING_FROM)
except (TypeError, ValueError) as exc:
    raise ImproperlyConfigured("HOLIDAY_WARNING_FROM phải có dạng MM-DD, ví dụ 11-01.") from exc
# Fixed solar-calendar days off added by a later law, as "MM-DD:name" (e.g. "11-24:Ngày Văn hóa Việt Nam").
HOLIDAY_EXTRA_SOLAR_DAYS = env_list("HOLIDAY_EXTRA_SOLAR_DAYS", [])
# Editors are warned this many days before a reduced fee stops applying (admin › Thủ tục, filter and banner).
FEE_PERIOD_WARNING_DAYS = env_int("FEE_PERIOD_WARNING_DAYS", 45)

# --- Content approval (docs/guides.md, "Quy trình duyệt") -----------------------------------
# Two levels: content of a unit below the province is approved by that unit's approver first, then by a
# province-level approver. Off: one approval by an approver of the unit (or above).
PUBLISHING_TWO_LEVEL = env_bool("PUBLISHING_TWO_LEVEL", False)
# Nobody approves what they submitted or last edited. A province with a single content officer may let
# superusers (only) approve their own work; off by default.
PUBLISHING_SUPERUSER_SELF_APPROVAL = env_bool("PUBLISHING_SUPERUSER_SELF_APPROVAL", False)
# UNVERIFIED: the Mini App deep-link format. {code} is URL-encoded; the QR on the appointment slip opens it.
MINIAPP_LOOKUP_URL = env_str("MINIAPP_LOOKUP_URL", "https://zalo.me/s/{app_id}/dossiers/lookup?code={code}")
# UNVERIFIED deep-link formats, as MINIAPP_LOOKUP_URL: the button of a broadcast (an article, else the news page).
MINIAPP_ARTICLE_URL = env_str("MINIAPP_ARTICLE_URL", "https://zalo.me/s/{app_id}/news/{article_id}")
MINIAPP_NEWS_URL = env_str("MINIAPP_NEWS_URL", "https://zalo.me/s/{app_id}/news")

# --- Ratings (docs/ratings.md) ---------------------------------------------------------------
# The public satisfaction figure of a unit is shown only from this many ratings in the window.
RATINGS_PUBLIC_MIN_COUNT = env_int("RATINGS_PUBLIC_MIN_COUNT", 10)
RATINGS_PUBLIC_DAYS = env_int("RATINGS_PUBLIC_DAYS", 90)
# Working days the unit leader has to answer a "Không hài lòng".
RATINGS_FOLLOW_UP_WORKING_DAYS = env_int("RATINGS_FOLLOW_UP_WORKING_DAYS", 5)
# Service survey anti-stuffing: per citizen and unit per day, per device per day, per client IP per hour.
RATINGS_SURVEY_PER_CITIZEN_PER_DAY = env_int("RATINGS_SURVEY_PER_CITIZEN_PER_DAY", 1)
RATINGS_SURVEY_PER_DEVICE_PER_DAY = env_int("RATINGS_SURVEY_PER_DEVICE_PER_DAY", 5)
RATINGS_SURVEY_PER_IP_PER_HOUR = env_int("RATINGS_SURVEY_PER_IP_PER_HOUR", 30)
# UNVERIFIED deep-link format (as MINIAPP_LOOKUP_URL): where the rating reminder and reply buttons go.
MINIAPP_RATING_URL = env_str("MINIAPP_RATING_URL", "https://zalo.me/s/{app_id}/ratings/dossier/{dossier_id}")
# --- Citizen reports (docs/reports.md) ----------------------------------------------------------
# Attachments: count per report, bytes per photo / per video / per report (files go to PRIVATE_MEDIA_ROOT).
REPORT_MAX_FILES = env_int("REPORT_MAX_FILES", 5)
REPORT_MAX_PHOTO_BYTES = env_int("REPORT_MAX_PHOTO_BYTES", 10 * 1024 * 1024)
REPORT_MAX_VIDEO_BYTES = env_int("REPORT_MAX_VIDEO_BYTES", 40 * 1024 * 1024)
REPORT_MAX_TOTAL_BYTES = env_int("REPORT_MAX_TOTAL_BYTES", 50 * 1024 * 1024)  # below nginx UPLOAD_MAX_MB
# Submissions per client IP per hour, per signed-in citizen and per device (X-Device-Id) per day.
REPORT_SUBMIT_PER_IP_PER_HOUR = env_int("REPORT_SUBMIT_PER_IP_PER_HOUR", 20)
REPORT_SUBMIT_PER_CITIZEN_PER_DAY = env_int("REPORT_SUBMIT_PER_CITIZEN_PER_DAY", 10)
REPORT_SUBMIT_PER_DEVICE_PER_DAY = env_int("REPORT_SUBMIT_PER_DEVICE_PER_DAY", 10)
# Photos/videos uploaded ahead of the report (Zalo's openMediaPicker) per client IP per hour; unclaimed
# uploads are deleted after REPORT_STAGED_MEDIA_HOURS.
REPORT_UPLOADS_PER_IP_PER_HOUR = env_int("REPORT_UPLOADS_PER_IP_PER_HOUR", 60)
REPORT_STAGED_MEDIA_HOURS = env_int("REPORT_STAGED_MEDIA_HOURS", 6)
# Tracking by code + secret: per client IP per minute, and wrong secrets per code before it is locked.
REPORT_TRACK_PER_IP_PER_MINUTE = env_int("REPORT_TRACK_PER_IP_PER_MINUTE", 20)
REPORT_TRACK_FAILURES_PER_CODE = env_int("REPORT_TRACK_FAILURES_PER_CODE", 5)
REPORT_TRACK_CODE_LOCK_SECONDS = env_int("REPORT_TRACK_CODE_LOCK_SECONDS", 900)
# The unit that receives reports whose place matches no unit's area (else the Coverage row marked
# "reception", else the root unit).
REPORT_RECEPTION_UNIT_CODE = env_str("REPORT_RECEPTION_UNIT_CODE", "")
# UNVERIFIED deep-link format, as MINIAPP_LOOKUP_URL: the button of every report notification.
MINIAPP_REPORT_URL = env_str("MINIAPP_REPORT_URL", "https://zalo.me/s/{app_id}/reports/track?code={code}")

FEEDBACK_PER_IP_PER_HOUR = env_int("FEEDBACK_PER_IP_PER_HOUR", 30)

# --- "Hỏi cán bộ" (docs/hoi-can-bo.md) ------------------------------------------------------------
# New questions per citizen per day, and messages (new questions and replies, Mini App or OA chat) per hour.
QUESTIONS_ASK_PER_CITIZEN_PER_DAY = env_int("QUESTIONS_ASK_PER_CITIZEN_PER_DAY", 5)
QUESTIONS_MESSAGES_PER_CITIZEN_PER_HOUR = env_int("QUESTIONS_MESSAGES_PER_CITIZEN_PER_HOUR", 20)
# Length of one message, citizen's or officer's, in characters.
QUESTIONS_MIN_CHARS = env_int("QUESTIONS_MIN_CHARS", 10)
QUESTIONS_MAX_CHARS = env_int("QUESTIONS_MAX_CHARS", 2000)
# The unit that answers what names no procedure, dossier or unit (the OA chat); empty: REPORT_RECEPTION_UNIT_CODE's
# unit, else the root of the unit tree.
QUESTIONS_DEFAULT_UNIT_CODE = env_str("QUESTIONS_DEFAULT_UNIT_CODE", "")
# UNVERIFIED deep-link format, as MINIAPP_LOOKUP_URL: the button of an answer's notification opens the thread.
MINIAPP_QUESTION_URL = env_str("MINIAPP_QUESTION_URL", "https://zalo.me/s/{app_id}/questions/{id}")
# --- Usage figures (backend/usage, docs/usage.md) ------------------------------------------------
USAGE_ENABLED = env_bool("USAGE_ENABLED", True)
# Raw events are deleted after this many days (the daily counts stay); a beat task purges them every night.
USAGE_RAW_DAYS = env_int("USAGE_RAW_DAYS", 30)
# Each process keeps events in memory and writes them in one INSERT when this many are waiting or the oldest is
# this old (checked after each request or task): recording costs a list append, not a database write.
USAGE_BUFFER_SIZE = env_int("USAGE_BUFFER_SIZE", 200)
USAGE_BUFFER_SECONDS = env_int("USAGE_BUFFER_SECONDS", 10)
# Page-view beacons the Mini App may send per client IP per minute.
USAGE_BEACON_PER_IP_PER_MINUTE = env_int("USAGE_BEACON_PER_IP_PER_MINUTE", 120)
# The QR posters' Mini App links (UNVERIFIED deep-link format, as MINIAPP_LOOKUP_URL): {path} is a page of the app.
MINIAPP_PAGE_URL = env_str("MINIAPP_PAGE_URL", "https://zalo.me/s/{app_id}/{path}")
