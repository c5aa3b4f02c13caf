"""The secret key, DEBUG, host names, officer sign-in (lockout and second factor), HTTPS and the
Content-Security-Policy. The refusal of published or shared secrets is in secrets_check.py, after every secret
is read."""

from __future__ import annotations

from datetime import timedelta

from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

from config import known_secrets
from config.env import env_bool, env_int, env_list, env_secret, env_str
from config.settings.base import PRODUCTION, SITE_SHORT_NAME

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
    if len(SECRET_KEY) < 50:  # the embedded default and other published values: secrets_check.py
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

# --- Officer sign-in -------------------------------------------------------------------------
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
