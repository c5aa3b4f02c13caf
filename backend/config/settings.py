"""Settings for both modes, one code path.

With no environment set the project runs embedded: SQLite, Celery tasks eager, fake Zalo,
console notifications. With DJANGO_ENV=production every value comes from the environment and
the process refuses to start with DEBUG on, the default secret, fake Zalo or a missing variable.
"""

from __future__ import annotations

from datetime import date as _date
from datetime import timedelta
from pathlib import Path

from corsheaders.defaults import default_headers
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

from config import known_secrets
from config.env import env_bool, env_db, env_float, env_int, env_json, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the repository root
BACKEND_DIR = BASE_DIR / "backend"
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_str("DJANGO_ENV", "embedded")
if DJANGO_ENV not in {"embedded", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV phải là 'embedded' hoặc 'production'.")
PRODUCTION = DJANGO_ENV == "production"

DEFAULT_SECRET_KEY = known_secrets.EMBEDDED_SECRET_KEY
SECRET_KEY = env_secret("SECRET_KEY", None if PRODUCTION else DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG phải tắt trong môi trường production (DEBUG=false).")
    if SECRET_KEY is None:
        raise ImproperlyConfigured(
            "Thiếu biến môi trường bắt buộc SECRET_KEY (missing required environment variable SECRET_KEY)."
        )
    if len(SECRET_KEY) < 50:  # the embedded default and other published values: section "Secrets" below
        raise ImproperlyConfigured("SECRET_KEY quá ngắn; hãy tạo khóa ngẫu nhiên ≥ 50 ký tự.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", None if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Thiếu biến môi trường bắt buộc ALLOWED_HOSTS (missing required environment variable ALLOWED_HOSTS)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# A wildcard lets any Host header (or any origin's form) through: production names its host names one by one.
for _name, _entries in (("ALLOWED_HOSTS", ALLOWED_HOSTS), ("CSRF_TRUSTED_ORIGINS", CSRF_TRUSTED_ORIGINS)):
    if PRODUCTION and any("*" in entry for entry in _entries):
        raise ImproperlyConfigured(
            f"{_name} không được chứa ký tự đại diện '*' trong production; "
            f"hãy ghi đúng từng tên miền, ví dụ dichvucong.congan.<tinh>.gov.vn."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Officer sign-in: lockout (axes) and the second factor (django_otp). Before "accounts", whose admin
    # replaces the admin pages these packages register (backend/accounts/admin_login.py).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "django_guid",
    "django_prometheus",
    "corsheaders",
    "common",
    "units",
    "accounts",
    "publishing",
    "procedures",
    "news",
    "import_export",
    "zalo",
    "citizens",
    "ops",
    "dossiers",
    "notifications",
    "sync",
    "ratings",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "common.unlogged.RequestIdMiddleware",  # django_guid's, except report paths: anonymous means unlogged
    "django.middleware.security.SecurityMiddleware",
    "common.csp.ContentSecurityPolicyMiddleware",
    "ops.middleware.HealthCheckMiddleware",  # before anything that validates the Host header
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.middleware.RejectBadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): second factor given in this session
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AdminSecondFactorMiddleware",  # no /admin/ page before the second factor
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into the lockout page
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BACKEND_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
if not PRODUCTION:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env_db("DATABASE_URL", None if PRODUCTION else f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 5)
    # Django's backend with a health check that polls the socket before paying a round trip.
    DATABASES["default"]["ENGINE"] = "common.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache, Celery -------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", None if PRODUCTION else "")
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured(
        "Thiếu biến môi trường bắt buộc REDIS_URL (missing required environment variable REDIS_URL)."
    )
REDIS_TIMEOUT_SECONDS = env_float("REDIS_TIMEOUT_SECONDS", 2.0)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pz",
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT_SECONDS, "socket_timeout": REDIS_TIMEOUT_SECONDS},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Embedded mode: an in-memory broker, named with a host so kombu does not warn "No hostname was supplied".
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://localhost/")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
if PRODUCTION and CELERY_TASK_ALWAYS_EAGER:
    raise ImproperlyConfigured("CELERY_TASK_ALWAYS_EAGER không được bật trong production.")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 10_000)
# Celery's Django fixup closes the database connection after EVERY task unless this is set (a new
# PostgreSQL connection per notification cost more than sending it); it then reconnects every 2×N tasks.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 500)
# Countdowns never exceed half of this (long waits go through the beat sweepers).
CELERY_VISIBILITY_TIMEOUT_SECONDS = env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 3600)
# A broker that is down must not hold a web request for long: enqueueing fails fast (the outbox rows stay
# queued and the sweeper enqueues them when Redis is back).
CELERY_BROKER_CONNECT_TIMEOUT_SECONDS = env_float("CELERY_BROKER_CONNECT_TIMEOUT_SECONDS", 1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS,
    "socket_connect_timeout": CELERY_BROKER_CONNECT_TIMEOUT_SECONDS,
}
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_CONNECT_TIMEOUT_SECONDS
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_DEFAULT_QUEUE = "default"
# Every queue some task is routed to; each must be consumed by a worker service in docker-compose.yml.
CELERY_QUEUE_NAMES = ["default", "notify", "notify_retry", "webhooks", "sync"]
CELERY_TASK_ROUTES = {
    "notifications.send": {"queue": "notify"},
    "notifications.fan_out": {"queue": "notify"},
    "notifications.retry": {"queue": "notify_retry"},
    "zalo.process_webhook": {"queue": "webhooks"},
    "sync.run_source": {"queue": "sync"},
}
CELERY_BEAT_SCHEDULE = {
    "ops-heartbeat": {"task": "ops.heartbeat", "schedule": 60.0},
    "zalo-refresh-oa-token": {"task": "zalo.refresh_oa_token", "schedule": 15 * 60.0},
}
HEARTBEAT_STALE_SECONDS = env_int("HEARTBEAT_STALE_SECONDS", 300)

# --- Zalo -----------------------------------------------------------------------------------
ZALO_MODE = env_str("ZALO_MODE", None if PRODUCTION else "fake")
if ZALO_MODE not in {"fake", "live", None}:
    raise ImproperlyConfigured("ZALO_MODE phải là 'fake' hoặc 'live'.")
if PRODUCTION and ZALO_MODE != "live":
    raise ImproperlyConfigured("ZALO_MODE=fake (Zalo giả lập) bị từ chối trong production; đặt ZALO_MODE=live.")
# Fake mode talks to our fake Zalo in-process; ZALO_FAKE_URL points it at a fake served over HTTP instead.
ZALO_FAKE_URL = env_str("ZALO_FAKE_URL", "")
_zalo_base = ZALO_FAKE_URL or "http://fake-zalo"
_fake = ZALO_MODE == "fake"
# Zalo's addresses (docs/zalo.md, "API Zalo mà hệ thống gọi"), partly UNVERIFIED: settings, so they change
# without a code change.
ZALO_GRAPH_URL = env_str("ZALO_GRAPH_URL", f"{_zalo_base}/graph" if _fake else "https://graph.zalo.me/v2.0")
ZALO_OAUTH_URL = env_str("ZALO_OAUTH_URL", f"{_zalo_base}/oauth" if _fake else "https://oauth.zaloapp.com/v4")
ZALO_OPENAPI_URL = env_str("ZALO_OPENAPI_URL", f"{_zalo_base}/openapi" if _fake else "https://openapi.zalo.me")
ZALO_ZNS_URL = env_str("ZALO_ZNS_URL", f"{_zalo_base}/zns" if _fake else "https://business.openapi.zalo.me")
ZALO_CONNECT_TIMEOUT = env_float("ZALO_CONNECT_TIMEOUT", 5.0)
ZALO_READ_TIMEOUT = env_float("ZALO_READ_TIMEOUT", 15.0)
ZALO_APP_ID = env_str("ZALO_APP_ID", None if PRODUCTION else "fake-app-id")
ZALO_APP_SECRET = env_secret("ZALO_APP_SECRET", None if PRODUCTION else known_secrets.FAKE_ZALO_APP_SECRET)
ZALO_ZNS_DEVELOPMENT_MODE = env_bool("ZALO_ZNS_DEVELOPMENT_MODE", False)
ZALO_OA_PERMISSION_URL = env_str(
    "ZALO_OA_PERMISSION_URL",
    f"{_zalo_base}/oauth/oa/permission" if _fake else "https://oauth.zaloapp.com/v4/oa/permission",
)
ZALO_OA_SECRET_KEY = env_secret("ZALO_OA_SECRET_KEY", None if PRODUCTION else known_secrets.FAKE_ZALO_OA_SECRET_KEY)
ZALO_WEBHOOK_MAX_AGE_SECONDS = env_int("ZALO_WEBHOOK_MAX_AGE_SECONDS", 600)
ZALO_OA_REFRESH_BEFORE_SECONDS = env_int("ZALO_OA_REFRESH_BEFORE_SECONDS", 5 * 3600)
# UNVERIFIED (community code only): the Mini App notification endpoint and its API key.
ZALO_MINIAPP_NOTIFY_URL = env_str(
    "ZALO_MINIAPP_NOTIFY_URL",
    f"{_zalo_base}/miniapp/notification/template" if _fake else "https://openapi.mini.zalo.me/notification/template",
)
ZALO_MINIAPP_API_KEY = env_secret("ZALO_MINIAPP_API_KEY", known_secrets.FAKE_ZALO_MINIAPP_API_KEY if _fake else "")
ZALO_MINIAPP_ID = env_str("ZALO_MINIAPP_ID", ZALO_APP_ID or "")

# --- Notifications ----------------------------------------------------------------------------
# Channels tried in this order for each citizen, each one switchable. The console channel only writes
# the message to the log: it is the embedded default's last resort and is refused in production.
NOTIFY_CHANNEL_ORDER = env_list("NOTIFY_CHANNEL_ORDER", ["oa", "zns", "miniapp", "console"])
NOTIFY_OA_ENABLED = env_bool("NOTIFY_OA_ENABLED", True)
NOTIFY_ZNS_ENABLED = env_bool("NOTIFY_ZNS_ENABLED", True)
NOTIFY_MINIAPP_ENABLED = env_bool("NOTIFY_MINIAPP_ENABLED", True)
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
        )
    },
)
NOTIFY_MINIAPP_TEMPLATE_ID = env_str("NOTIFY_MINIAPP_TEMPLATE_ID", "demo-dossier-update" if _fake else "")
# The button of every message opens the dossier lookup in the Mini App.
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 6)
NOTIFY_RETRY_BASE_SECONDS = env_float("NOTIFY_RETRY_BASE_SECONDS", 30.0)
NOTIFY_RETRY_MAX_SECONDS = env_float("NOTIFY_RETRY_MAX_SECONDS", 1800.0)
NOTIFY_SENDING_TIMEOUT_SECONDS = env_int("NOTIFY_SENDING_TIMEOUT_SECONDS", 300)
NOTIFY_REQUEUE_AFTER_SECONDS = env_int("NOTIFY_REQUEUE_AFTER_SECONDS", 120)
NOTIFY_SWEEP_SECONDS = env_int("NOTIFY_SWEEP_SECONDS", 60)
NOTIFY_NIGHT_RESUME_HOUR = env_int("NOTIFY_NIGHT_RESUME_HOUR", 6)  # ZNS -133: not between 22:00 and 06:00
# Per-channel send rate (messages per second, Redis token bucket) and daily quota (UNVERIFIED values).
NOTIFY_RATE_PER_SECOND = env_json("NOTIFY_RATE_PER_SECOND", {"oa": 20, "zns": 20, "miniapp": 20, "console": 1000})
NOTIFY_DAILY_QUOTA = env_json("NOTIFY_DAILY_QUOTA", {"oa": 20000, "zns": 20000, "miniapp": 20000, "console": 10**9})
CELERY_BEAT_SCHEDULE["notifications-sweep"] = {"task": "notifications.sweep", "schedule": float(NOTIFY_SWEEP_SECONDS)}
if PRODUCTION:
    for _name in ("ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY"):
        if not globals()[_name]:
            raise ImproperlyConfigured(
                f"Thiếu biến môi trường bắt buộc {_name} (missing required environment variable {_name})."
            )

# --- Upstream sync (backend/sync): where dossier results come from ---
# The HTTP feed of the one-stop system (no public API is documented: URL, auth, paging and field names
# are settings; UNVERIFIED defaults follow the national sync payload's field names).
SYNC_HTTP_URL = env_str("SYNC_HTTP_URL", "")
SYNC_HTTP_AUTH_HEADER = env_str("SYNC_HTTP_AUTH_HEADER", "Authorization")
SYNC_HTTP_AUTH_VALUE = env_secret("SYNC_HTTP_AUTH_VALUE", "")  # secret, e.g. "Bearer …"
SYNC_HTTP_PAGE_SIZE = env_int("SYNC_HTTP_PAGE_SIZE", 1000)
SYNC_HTTP_PAGE_SIZE_PARAM = env_str("SYNC_HTTP_PAGE_SIZE_PARAM", "limit")
SYNC_HTTP_CURSOR_PARAM = env_str("SYNC_HTTP_CURSOR_PARAM", "cursor")
SYNC_HTTP_ITEMS_KEY = env_str("SYNC_HTTP_ITEMS_KEY", "data")
SYNC_HTTP_NEXT_KEY = env_str("SYNC_HTTP_NEXT_KEY", "next_cursor")
SYNC_HTTP_CONNECT_TIMEOUT = env_float("SYNC_HTTP_CONNECT_TIMEOUT", 5.0)
SYNC_HTTP_READ_TIMEOUT = env_float("SYNC_HTTP_READ_TIMEOUT", 30.0)
SYNC_HTTP_RETRIES = env_int("SYNC_HTTP_RETRIES", 3)
SYNC_HTTP_RETRY_SECONDS = env_float("SYNC_HTTP_RETRY_SECONDS", 2.0)
# Our field ← the source's field (national payload names; UNVERIFIED for the BCA system).
SYNC_FIELD_MAP = env_json(
    "SYNC_FIELD_MAP",
    {
        "code": "MaHoSo",
        "procedure_code": "MaTTHC",
        "unit_code": "MaDonVi",
        "status": "TrangThaiHoSo",
        "received_at": "NgayTiepNhan",
        "appointment_date": "NgayHenTra",
        "finished_at": "NgayKetThucXuLy",
        "returned_at": "NgayTra",
        "rejected_at": "NgayTuChoi",
        "reason": "LyDo",
        "supplement_deadline": "HanBoSung",
        "collect_location": "NoiNhanKetQua",
        "collect_note": "ThoiGianNhanKetQua",
        "fee_due": "LePhi",
        "applicant_name": "ChuHoSo",
        "applicant_id_number": "SoGiayToChuHoSo",
        "applicant_phone": "SoDienThoai",
        "channel": "KenhThucHien",
        "delivery": "HinhThucNhanKetQua",
        "updated_at": "NgayCapNhat",
    },
)
# Our field ← the column heading of a CSV/XLSX export (headings compared without accents and case).
SYNC_COLUMN_MAP = env_json(
    "SYNC_COLUMN_MAP",
    {
        "code": "Mã hồ sơ",
        "procedure_code": "Mã thủ tục",
        "unit_code": "Mã đơn vị",
        "status": "Trạng thái",
        "received_at": "Ngày tiếp nhận",
        "appointment_date": "Ngày hẹn trả",
        "finished_at": "Ngày xử lý xong",
        "returned_at": "Ngày trả kết quả",
        "rejected_at": "Ngày từ chối",
        "reason": "Lý do",
        "supplement_deadline": "Hạn bổ sung",
        "collect_location": "Nơi nhận kết quả",
        "collect_note": "Thời gian nhận kết quả",
        "fee_due": "Lệ phí",
        "applicant_name": "Chủ hồ sơ",
        "applicant_id_number": "Số giấy tờ",
        "applicant_phone": "Số điện thoại",
        "channel": "Kênh nộp",
        "delivery": "Cách nhận kết quả",
        "updated_at": "Ngày cập nhật",
    },
)
# The source's channel value → ours (UNVERIFIED codes: 1 trực tiếp, 2 trực tuyến, 3 bưu chính).
SYNC_CHANNEL_MAP = env_json(
    "SYNC_CHANNEL_MAP",
    {
        "1": "truc_tiep",
        "2": "truc_tuyen",
        "3": "buu_chinh",
        "Trực tiếp": "truc_tiep",
        "Trực tuyến": "truc_tuyen",
        "Bưu chính": "buu_chinh",
    },
)
# The source's "how the result is returned" value → counter / post / electronic (UNVERIFIED codes; our own values
# and the Vietnamese labels are always understood, compared in lower case). A blank or missing column: counter.
SYNC_DELIVERY_MAP = env_json(
    "SYNC_DELIVERY_MAP",
    {
        "1": "counter",
        "2": "post",
        "3": "electronic",
        "Trực tiếp": "counter",
        "Tại nơi nộp hồ sơ": "counter",
        "Nhận tại nơi nộp hồ sơ": "counter",
        "Bưu chính": "post",
        "Qua bưu chính": "post",
        "Gửi qua bưu chính": "post",
        "Điện tử": "electronic",
        "Trực tuyến": "electronic",
        "VNeID": "electronic",
        "Bản điện tử, cập nhật trên VNeID": "electronic",
    },
)
SYNC_CHUNK_SIZE = env_int("SYNC_CHUNK_SIZE", 5000)
SYNC_MAX_RECORD_BYTES = env_int("SYNC_MAX_RECORD_BYTES", 65536)
SYNC_MAX_FILE_BYTES = env_int("SYNC_MAX_FILE_BYTES", 50 * 1024 * 1024)
SYNC_NOTIFY_MAX_AGE_HOURS = env_int("SYNC_NOTIFY_MAX_AGE_HOURS", 72)
SYNC_LOCK_SECONDS = env_int("SYNC_LOCK_SECONDS", 900)
# Records pushed by an inside system (sync/push.py): how far the signed timestamp may be from our clock.
SYNC_PUSH_WINDOW_SECONDS = env_int("SYNC_PUSH_WINDOW_SECONDS", 300)
SYNC_DROP_DIR = env_str("SYNC_DROP_DIR", "" if PRODUCTION else str(VAR_DIR / "sync-drop"))

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
SIGN_IN_PER_IP_PER_MINUTE = env_int("SIGN_IN_PER_IP_PER_MINUTE", 30)

# --- Site identity (shown in the Mini App header) -------------------------------------------
SITE_NAME = env_str("SITE_NAME", "Công an tỉnh Sơn Lâm (Demo)")
SITE_SHORT_NAME = env_str("SITE_SHORT_NAME", "CA Sơn Lâm (Demo)")
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "113")
ZALO_OA_ID = env_str("ZALO_OA_ID", "")
ZALO_OA_URL = env_str("ZALO_OA_URL", "")
IS_DEMO = env_bool("IS_DEMO", not PRODUCTION)

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

# --- Auth, i18n -----------------------------------------------------------------------------
# Officer sign-in (docs/huong-dan-van-hanh.md, "Đăng nhập của cán bộ"). django-axes counts wrong passwords per
# account and client address (read as common.net.client_ip reads it, so a forged X-Forwarded-For changes
# nothing) and refuses that pair for AXES_COOLOFF_MINUTES after AXES_FAILURE_LIMIT of them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 30)
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT và AXES_COOLOFF_MINUTES phải là số nguyên dương.")
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
# Per account AND address: officers behind one station's NAT do not lock each other out, and nobody elsewhere
# can lock an officer out by typing wrong passwords for their account.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.net.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Trying again while locked does not extend the lock: it ends AXES_COOLOFF_MINUTES after the last counted failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ADMIN = False  # our scoped, Vietnamese pages instead (backend/accounts/admin_login.py)
AXES_COOLOFF_MESSAGE = "Tài khoản tạm thời bị khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau."
AXES_PERMALOCK_MESSAGE = "Tài khoản bị khóa do nhập sai mật khẩu nhiều lần. Liên hệ Quản trị cấp tỉnh để mở khóa."
# Second factor (TOTP app + single-use recovery codes) for every account that opens the admin: every officer
# role reaches personal data (dossiers, reports, ratings) or accounts that do. On by default in production;
# the embedded demo leaves it off so `make run` stays one command (ADMIN_OTP_REQUIRED=true turns it on there).
# An officer who has enrolled a device is always asked for a code, required or not.
ADMIN_OTP_REQUIRED = env_bool("ADMIN_OTP_REQUIRED", PRODUCTION)
OTP_TOTP_ISSUER = SITE_SHORT_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
RECOVERY_CODE_COUNT = 10
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LANGUAGE_CODE = "vi"
FORMAT_MODULE_PATH = ["config.formats"]  # short dates, the citizens' format (config/formats/vi/formats.py)
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our Vietnamese for the messages DRF, Django and django-filter ship only in English (DRF's own "vi"
# catalog has 20 of its ~130 strings); compiled .mo committed, tests/common/test_messages.py keeps it current.
LOCALE_PATHS = [BASE_DIR / "backend" / "locale"]

# --- Static, media, the Mini App build ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
# The public address of this site (scheme and host, no path), used for every file address the Mini App opens
# (forms, article covers): inside Zalo a relative /media/… link cannot open. Empty: taken from each request.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "")
# Serve MEDIA_ROOT from Django (the embedded mode: no proxy in front). Production's nginx serves /media/ itself.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private_media")))
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
MINIAPP_WWW_DIR = Path(env_str("MINIAPP_WWW_DIR", str(BASE_DIR / "miniapp" / "www")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATICFILES_MANIFEST", PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it

FEEDBACK_PER_IP_PER_HOUR = env_int("FEEDBACK_PER_IP_PER_HOUR", 30)
IMPORT_EXPORT_USE_TRANSACTIONS = True  # an import with a bad row imports nothing

# --- Dossiers -------------------------------------------------------------------------------
# Lookup limits: per client IP, per signed-in citizen, and wrong second factors per dossier code
# (the code is then locked for the window, whether or not it exists).
DOSSIER_LOOKUP_PER_IP_PER_MINUTE = env_int("DOSSIER_LOOKUP_PER_IP_PER_MINUTE", 20)
DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR = env_int("DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR", 60)
DOSSIER_LOOKUP_FAILURES_PER_CODE = env_int("DOSSIER_LOOKUP_FAILURES_PER_CODE", 5)
DOSSIER_LOOKUP_CODE_LOCK_SECONDS = env_int("DOSSIER_LOOKUP_CODE_LOCK_SECONDS", 900)
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
CELERY_BEAT_SCHEDULE["dossiers-holiday-years"] = {"task": "dossiers.holiday_years_ensure", "schedule": 86400.0}
# Editors are warned this many days before a reduced fee stops applying (admin › Thủ tục, filter and banner).
FEE_PERIOD_WARNING_DAYS = env_int("FEE_PERIOD_WARNING_DAYS", 45)
# UNVERIFIED: the Mini App deep-link format. {code} is URL-encoded; the QR on the appointment slip opens it.
MINIAPP_LOOKUP_URL = env_str("MINIAPP_LOOKUP_URL", "https://zalo.me/s/{app_id}/dossiers/lookup?code={code}")

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
CELERY_BEAT_SCHEDULE["reports-staged-media-sweep"] = {"task": "reports.sweep_staged_media", "schedule": 3600.0}
# Tracking by code + secret: per client IP per minute, and wrong secrets per code before it is locked.
REPORT_TRACK_PER_IP_PER_MINUTE = env_int("REPORT_TRACK_PER_IP_PER_MINUTE", 20)
REPORT_TRACK_FAILURES_PER_CODE = env_int("REPORT_TRACK_FAILURES_PER_CODE", 5)
REPORT_TRACK_CODE_LOCK_SECONDS = env_int("REPORT_TRACK_CODE_LOCK_SECONDS", 900)
# The unit that receives reports whose place matches no unit's area (else the Coverage row marked
# "reception", else the root unit).
REPORT_RECEPTION_UNIT_CODE = env_str("REPORT_RECEPTION_UNIT_CODE", "")
# UNVERIFIED deep-link format, as MINIAPP_LOOKUP_URL: the button of every report notification.
MINIAPP_REPORT_URL = env_str("MINIAPP_REPORT_URL", "https://zalo.me/s/{app_id}/reports/track?code={code}")

# --- REST API -------------------------------------------------------------------------------
# Hops of reverse proxies we run in front of the app; the client IP is read that many hops
# from the right of X-Forwarded-For, so a client-sent header cannot change it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Hostile bodies (common/parsers.py): larger than this is a 413, more form fields a 400, JSON nested
# deeper a 400. Django's own defaults, written out; file uploads have their own limits (REPORT_MAX_*).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
DATA_UPLOAD_MAX_JSON_DEPTH = env_int("DATA_UPLOAD_MAX_JSON_DEPTH", 32)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["common.parsers.StrictJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "common.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "common.exceptions.api_exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Dịch vụ công Công an tỉnh trên Zalo",
    "DESCRIPTION": "API cho Zalo Mini App: đơn vị và liên hệ, thủ tục, hồ sơ, đánh giá, phản ánh.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name get their own names (the procedures' level keeps "LevelEnum").
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "procedures.models.Level",
        "RatingLevelEnum": "ratings.models.Level",
        "ReportStatusEnum": "reports.models.ReportStatus",
        "ClockUnitEnum": "reports.models.ClockUnit",
        "DossierStatusEnum": "dossiers.models.DossierStatus",
    },
    # Served from our own static files: provincial servers may have no outside internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The Mini App runs inside Zalo's webview on Zalo's own origin and calls this API cross-origin.
# UNVERIFIED: the exact origins Zalo uses (h5.zdn.vn per zmp-sdk's getEnv); change them here, not in code.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", ["https://h5.zdn.vn", "zbrowser://h5.zdn.vn"])
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_CREDENTIALS = False  # our token travels in the Authorization header, never in cookies
CORS_EXPOSE_HEADERS = ["X-Request-ID", "Retry-After"]
# X-Device-Id: a random id the Mini App keeps on the phone, for the per-device survey and report limits.
CORS_ALLOW_HEADERS = [*default_headers, "x-device-id"]

# --- Security (production) ------------------------------------------------------------------
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Our reverse proxy overwrites X-Forwarded-Proto, so it can be trusted here.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SILENCED_SYSTEM_CHECKS: list[str] = []

# Content-Security-Policy on every response (django-csp; common/csp.py): HTML pages (admin, /app/, /api/docs/)
# load scripts, styles, images and API calls only from this site; every other response (the JSON API, files)
# gets `default-src 'none'; frame-ancestors 'none'`. Inline scripts need the page's nonce
# (`nonce="{{ request.csp_nonce }}"`). Styles may be inline: Django admin, import-export and simple-history write
# style attributes, and with img-src/font-src/connect-src limited to this site CSS cannot send data elsewhere.
# CSP_REPORT_ONLY=true sends the same policy as Content-Security-Policy-Report-Only (violations are logged by
# the browser, or POSTed to CSP_REPORT_URI, nothing is blocked): for trying a change of the policy in production.
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
CSP_REPORT_URI = env_str("CSP_REPORT_URI", "")
_csp_policy = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        # import-export's export page: `onchange="onSelectToggleChange(event)"`, allowed by its hash only.
        "script-src-attr": ["'unsafe-hashes'", "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": [CSP_REPORT_URI] if CSP_REPORT_URI else None,
    }
}
CONTENT_SECURITY_POLICY = None if CSP_REPORT_ONLY else _csp_policy
# Added on /app/ only: zmp-ui's stylesheet loads its icon font from Zalo's static host.
CSP_MINIAPP_UPDATE = {"font-src": ["https://h5.zadn.vn"]}
CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp_policy if CSP_REPORT_ONLY else None
if PRODUCTION and not SECURE_HSTS_PRELOAD:
    # Joining the browsers' HSTS preload list is a decision for the province, not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

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
CELERY_BEAT_SCHEDULE["privacy-retention"] = {"task": "privacy.retention_enforce", "schedule": 86400.0}
CELERY_BEAT_SCHEDULE["ops-check-alerts"] = {"task": "ops.check_alerts", "schedule": ALERT_CHECK_MINUTES * 60.0}
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

# --- Secrets (production): none published in this repository, none shared (config/known_secrets.py) ---
if PRODUCTION:
    _problems = known_secrets.secret_problems({name: globals()[name] for name in known_secrets.SECRET_VARIABLES})
    if PII_HASH_KEY and len(PII_HASH_KEY) < 32:
        _problems.append("PII_HASH_KEY quá ngắn; cần ≥ 32 ký tự ngẫu nhiên (docs/huong-dan-van-hanh.md, mục 2).")
    if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
        _problems.append("METRICS_TOKEN quá ngắn; cần ≥ 32 ký tự ngẫu nhiên (docs/huong-dan-van-hanh.md, mục 2).")
    if _problems:
        raise ImproperlyConfigured(" ".join(_problems))

# --- Logging --------------------------------------------------------------------------------
# One request id per request (X-Request-ID, echoed back) follows the work into Celery tasks, so a
# citizen's complaint can be traced across web and workers. JSON lines in production. Report paths get no
# request id and their lines no identifying values (common/unlogged.py).
from django_guid.integrations import CeleryIntegration  # noqa: E402

DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": True,
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True, log_parent=True)],
    "IGNORE_URLS": ["healthz", "readyz"],
}
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT phải là 'json' hoặc 'plain'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
        "task": {"()": "django_guid.integrations.celery.log_filters.CeleryTracing"},
        # Last: lines logged while a report request is handled lose its request id and identifying headers.
        "unlogged": {"()": "common.unlogged.UnloggedRequestFilter"},
        "forbidden": {"()": "common.logs.ForbiddenWithoutTraceback"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(celery_parent_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # ISO 8601 in UTC
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "task", "unlogged"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replace Django's own console handler, which would print every line twice in DEBUG.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"filters": ["forbidden"]},  # a 403 is one line, not a traceback
        "django.db.backends": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
    },
}
