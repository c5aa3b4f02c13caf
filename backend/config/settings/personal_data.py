"""Personal data: the keys that protect it at rest, the citizens' own tokens, who controls it and how long each
kind is kept (docs/du-lieu-ca-nhan.md)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config import known_secrets
from config.env import env_float, env_int, env_secret, env_str
from config.settings.base import PRODUCTION, SITE_NAME

# --- Personal data at rest: Fernet key for phones, HMAC key for matching hashes (two different keys) ---
FIELD_ENCRYPTION_KEY = env_secret(
    "FIELD_ENCRYPTION_KEY", None if PRODUCTION else known_secrets.EMBEDDED_FIELD_ENCRYPTION_KEY
)
PII_HASH_KEY = env_secret("PII_HASH_KEY", None if PRODUCTION else known_secrets.EMBEDDED_PII_HASH_KEY)
if PRODUCTION:
    for _name in ("FIELD_ENCRYPTION_KEY", "PII_HASH_KEY"):
        if not globals()[_name]:
            raise ImproperlyConfigured(
                f"Thiếu biến môi trường bắt buộc {_name} (missing required environment variable {_name})."
            )

# --- Citizens' own tokens (never the Zalo token) ---
CITIZEN_TOKEN_SECRET = env_secret(
    "CITIZEN_TOKEN_SECRET", None if PRODUCTION else known_secrets.EMBEDDED_CITIZEN_TOKEN_SECRET
)
if PRODUCTION and (not CITIZEN_TOKEN_SECRET or len(CITIZEN_TOKEN_SECRET) < 32):
    raise ImproperlyConfigured("Thiếu hoặc quá ngắn CITIZEN_TOKEN_SECRET (cần ≥ 32 ký tự ngẫu nhiên, khác SECRET_KEY).")
CITIZEN_TOKEN_TTL_SECONDS = env_int("CITIZEN_TOKEN_TTL_SECONDS", 3600)
CITIZEN_REFRESH_TTL_DAYS = env_int("CITIZEN_REFRESH_TTL_DAYS", 30)
# Per client IP: sized for carrier NAT, where thousands of phones share one address during a broadcast (the
# sign-in cache below makes a repeated sign-in cheap; the proxy's limit_req still cuts floods).
SIGN_IN_PER_IP_PER_MINUTE = env_int("SIGN_IN_PER_IP_PER_MINUTE", 600)
# The sign-in's call to Zalo (citizens/services.py): its own short timeout (connect and read, seconds), the answer
# kept per access token (a keyed hash of it, never the token) for this many seconds, and a circuit breaker: after
# this many failed calls in a row, sign-ins that need Zalo are answered "try again" at once for the pause.
ZALO_SIGN_IN_TIMEOUT_SECONDS = env_float("ZALO_SIGN_IN_TIMEOUT_SECONDS", 3.0)
ZALO_SIGN_IN_CACHE_SECONDS = env_int("ZALO_SIGN_IN_CACHE_SECONDS", 300)
ZALO_SIGN_IN_BREAKER_FAILURES = env_int("ZALO_SIGN_IN_BREAKER_FAILURES", 5)
ZALO_SIGN_IN_BREAKER_SECONDS = env_int("ZALO_SIGN_IN_BREAKER_SECONDS", 30)

# --- Personal data (Luật Bảo vệ dữ liệu cá nhân 2025; docs/du-lieu-ca-nhan.md) ------------------
# Who decides why and how the citizens' data is processed: the provincial police. Shown in the Mini App.
DATA_CONTROLLER_NAME = env_str("DATA_CONTROLLER_NAME", SITE_NAME)
DATA_CONTROLLER_ADDRESS = env_str("DATA_CONTROLLER_ADDRESS", "")
DATA_CONTROLLER_CONTACT = env_str("DATA_CONTROLLER_CONTACT", "")
# How long each kind of row is kept before the daily job (privacy.retention_enforce) deletes or anonymises it.
# Our own choices unless docs/du-lieu-ca-nhan.md says otherwise; 0 turns one rule off.
RETENTION_CITIZEN_INACTIVE_DAYS = env_int("RETENTION_CITIZEN_INACTIVE_DAYS", 730)
RETENTION_NOTIFICATION_DAYS = env_int("RETENTION_NOTIFICATION_DAYS", 365)
RETENTION_REFRESH_TOKEN_DAYS = env_int("RETENTION_REFRESH_TOKEN_DAYS", 30)
RETENTION_WITHDRAWN_CONSENT_DAYS = env_int("RETENTION_WITHDRAWN_CONSENT_DAYS", 1095)
RETENTION_REPORT_IP_DAYS = env_int("RETENTION_REPORT_IP_DAYS", 90)
RETENTION_SYNC_QUARANTINE_DAYS = env_int("RETENTION_SYNC_QUARANTINE_DAYS", 90)
# The officers' access logs (dossiers, reports) and sign-in records. UNVERIFIED: the period the law requires;
# below ACCESS_LOG_MIN_RETENTION_DAYS (privacy/retention.py) the settings refuse to start.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 1095)
_ACCESS_LOG_MIN_RETENTION_DAYS = 730  # UNVERIFIED legal minimum; the same constant as privacy.retention's
if ACCESS_LOG_RETENTION_DAYS < _ACCESS_LOG_MIN_RETENTION_DAYS:
    raise ImproperlyConfigured(
        f"ACCESS_LOG_RETENTION_DAYS phải từ {_ACCESS_LOG_MIN_RETENTION_DAYS} ngày trở lên (nhật ký truy cập "
        "của cán bộ phải được lưu đủ thời hạn)."
    )
# The download link of "Tải dữ liệu của tôi" (signed, opened by Zalo's webview without our token) lives this long.
PERSONAL_DATA_EXPORT_LINK_SECONDS = env_int("PERSONAL_DATA_EXPORT_LINK_SECONDS", 600)
