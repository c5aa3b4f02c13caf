"""Messages to citizens: channels, ZNS templates, retries and rates (docs/notifications.md)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_float, env_int, env_json, env_list, env_str
from config.settings.base import PRODUCTION
from config.settings.zalo import ZALO_MODE

_fake = ZALO_MODE == "fake"

# Channels tried in this order for each citizen, each one switchable. The console channel only writes
# the message to the log: it is the embedded default's last resort and is refused in production.
# "oa_cs" (the OA consultation message) carries only answers to citizens' questions, and only inside Zalo's reply
# window; the transaction message ("oa") never carries them.
NOTIFY_CHANNEL_ORDER = env_list("NOTIFY_CHANNEL_ORDER", ["oa_cs", "oa", "zns", "miniapp", "console"])
NOTIFY_OA_ENABLED = env_bool("NOTIFY_OA_ENABLED", True)
# UNVERIFIED: how long after the citizen's last message to the OA a consultation message may answer (docs/zalo.md).
NOTIFY_OA_CONSULTATION_WINDOW_HOURS = env_float("NOTIFY_OA_CONSULTATION_WINDOW_HOURS", 48.0)
NOTIFY_ZNS_ENABLED = env_bool("NOTIFY_ZNS_ENABLED", True)
# The Mini App notification endpoint is UNVERIFIED (docs/zalo.md): off until an operator has checked it works.
NOTIFY_MINIAPP_ENABLED = env_bool("NOTIFY_MINIAPP_ENABLED", False)
NOTIFY_CONSOLE_ENABLED = env_bool("NOTIFY_CONSOLE_ENABLED", not PRODUCTION)
if PRODUCTION and NOTIFY_CONSOLE_ENABLED:
    raise ImproperlyConfigured("NOTIFY_CONSOLE_ENABLED chỉ dùng cho môi trường demo; tắt nó trong production.")
# ZNS templates per message kind: {"kind": {"template_id": "…", "params": {"<ZNS param>": "<our field>"}}}.
# Our fields: code, procedure, unit, status, appointment_date, reason, supplement_deadline, collect_location,
# collect_note, fee, note, title, body. UNVERIFIED: real template ids come from the approved ZNS templates.
NOTIFY_ZNS_TEMPLATES = env_json(
    "NOTIFY_ZNS_TEMPLATES",
    {}
    if PRODUCTION
    else {
        kind: {
            "template_id": f"demo-{kind}",
            "params": {"ma_ho_so": "code", "trang_thai": "status", "noi_dung": "body"},
            "max_lengths": {"ma_ho_so": 30, "trang_thai": 50, "noi_dung": 400},
        }
        for kind in (
            "submitted",
            "received",
            "rejected",
            "processing",
            "supplement",
            "payment",
            "withdrawn",
            "stopped",
            "done",
            "returned",
            "rescheduled",
            "rating_reminder",
            "rating_reply",
            "report_received",
            "report_update",
            "report_reply",
            "question_answer",
        )
    },
)
# ZNS parameters longer than Zalo allows are refused with -1121: each is cut before sending to the template's
# "max_lengths" ({"<param>": n} in NOTIFY_ZNS_TEMPLATES), else to this (UNVERIFIED: Zalo's limit depends on the
# parameter's type in the approved template; copy each template's limits from its page on Zalo).
NOTIFY_ZNS_PARAM_MAX_LENGTH = env_int("NOTIFY_ZNS_PARAM_MAX_LENGTH", 400)
NOTIFY_MINIAPP_TEMPLATE_ID = env_str("NOTIFY_MINIAPP_TEMPLATE_ID", "demo-dossier-update" if _fake else "")
# The button of every message opens the dossier lookup in the Mini App.
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 6)
NOTIFY_RETRY_BASE_SECONDS = env_float("NOTIFY_RETRY_BASE_SECONDS", 30.0)
NOTIFY_RETRY_MAX_SECONDS = env_float("NOTIFY_RETRY_MAX_SECONDS", 1800.0)
NOTIFY_SENDING_TIMEOUT_SECONDS = env_int("NOTIFY_SENDING_TIMEOUT_SECONDS", 300)
NOTIFY_REQUEUE_AFTER_SECONDS = env_int("NOTIFY_REQUEUE_AFTER_SECONDS", 120)
NOTIFY_SWEEP_SECONDS = env_int("NOTIFY_SWEEP_SECONDS", 60)
# A web worker hands the rows its requests commit to Celery together, this long after the first (one publish for
# many rows; notifications/outbox.py, _Window). 0: each transaction's rows at its commit.
NOTIFY_PUBLISH_WINDOW_SECONDS = env_float("NOTIFY_PUBLISH_WINDOW_SECONDS", 0.05)
NOTIFY_NIGHT_RESUME_HOUR = env_int("NOTIFY_NIGHT_RESUME_HOUR", 6)  # ZNS -133: not between 22:00 and 06:00
# Per-channel send rate (messages per second, Redis token bucket) and daily quota (UNVERIFIED values).
NOTIFY_RATE_PER_SECOND = env_json(
    "NOTIFY_RATE_PER_SECOND", {"oa": 20, "oa_cs": 20, "zns": 20, "miniapp": 20, "console": 1000}
)
NOTIFY_DAILY_QUOTA = env_json(
    "NOTIFY_DAILY_QUOTA", {"oa": 20000, "oa_cs": 20000, "zns": 20000, "miniapp": 20000, "console": 10**9}
)
