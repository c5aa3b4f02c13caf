"""Running the system: backups, disks, certificate, metrics, alerts, mail, error reporting, the bench endpoint."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_secret, env_str
from config.settings.base import DJANGO_ENV, PRODUCTION, VAR_DIR

# --- Backups, disks, certificate (the status page and the alerts) ------------------------------
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_RETENTION_DAYS = env_int("BACKUP_RETENTION_DAYS", 14)
# Backups are encrypted to these age public keys (age1…, comma-separated; `manage.py backup_keygen` makes a pair).
# The private key stays off the server; `restore --identity <file>` (or BACKUP_AGE_IDENTITY_FILE) reads it.
BACKUP_AGE_RECIPIENTS = env_list("BACKUP_AGE_RECIPIENTS", [])
BACKUP_AGE_IDENTITY_FILE = env_str("BACKUP_AGE_IDENTITY_FILE", "")
# Unencrypted backups only for the embedded demo: production refuses to write one.
BACKUP_ALLOW_UNENCRYPTED = env_bool("BACKUP_ALLOW_UNENCRYPTED", not PRODUCTION)
# The status page warns when the newest backup is older than this (a nightly job that stopped), and when a disk
# has less than this share free.
BACKUP_MAX_AGE_HOURS = env_int("BACKUP_MAX_AGE_HOURS", 26)
DISK_FREE_MIN_PERCENT = env_int("DISK_FREE_MIN_PERCENT", 15)
# The certificate the proxy serves, read over TLS ("proxy:443" in docker-compose.yml; empty: not checked): the
# status page and the alerts warn TLS_CERT_WARN_DAYS before it expires.
TLS_CHECK_ADDRESS = env_str("TLS_CHECK_ADDRESS", "")
TLS_CHECK_SERVER_NAME = env_str("TLS_CHECK_SERVER_NAME", "")
TLS_CERT_WARN_DAYS = env_int("TLS_CERT_WARN_DAYS", 14)

# Extra endpoints used only by `make bench` (the bare JSON baseline). Never on in production.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", False)
if PRODUCTION and BENCH_ENDPOINTS:
    raise ImproperlyConfigured("BENCH_ENDPOINTS chỉ dùng khi đo hiệu năng, không bật trong production.")

# --- Metrics: GET /metrics with "Authorization: Bearer <METRICS_TOKEN>" (disabled when empty) ---
METRICS_TOKEN = env_secret("METRICS_TOKEN", "")
PROMETHEUS_EXPORT_MIGRATIONS = False

# --- Alerts to the IT officers (ops/alerts.py): every problem of the status page, by e-mail ---
# Checked every ALERT_CHECK_MINUTES by beat, and by `manage.py check_alerts` from the host's cron (which still
# runs when beat itself has stopped). A problem is mailed when it appears, again every ALERT_REPEAT_HOURS while it
# lasts, and once more when it is gone. No recipients: the check only logs.
ALERT_EMAILS = env_list("ALERT_EMAILS", [])
ALERT_CHECK_MINUTES = env_int("ALERT_CHECK_MINUTES", 10)
ALERT_REPEAT_HOURS = env_int("ALERT_REPEAT_HOURS", 6)
# The same alerts to the IT officers' own Zalo through the OA (ops/alert_zalo.py): an officer enrols from the status
# page with a one-time code valid this many minutes, sent to the OA from their Zalo.
ALERT_ZALO_CODE_MINUTES = env_int("ALERT_ZALO_CODE_MINUTES", 30)
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "policezalo@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Without a mail server the messages go to the log (the embedded demo, or an install that has not set one up).
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)

# --- Optional error reporting (Sentry, or a self-hosted GlitchTip: ops/error_reporting.py; no personal data) ---
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", DJANGO_ENV)
APP_VERSION = env_str("APP_VERSION", "")
if SENTRY_DSN:
    from ops.error_reporting import error_reporting_init

    error_reporting_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, release=APP_VERSION)
