"""Where things are, which mode runs, and what the project is made of: paths, DJANGO_ENV, apps, middleware,
templates, the site's identity, language and time."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_str

BASE_DIR = Path(__file__).resolve().parents[3]  # the repository root
BACKEND_DIR = BASE_DIR / "backend"
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_str("DJANGO_ENV", "embedded")
if DJANGO_ENV not in {"embedded", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV phải là 'embedded' hoặc 'production'.")
PRODUCTION = DJANGO_ENV == "production"

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
    "questions",
    "broadcasts",
    "privacy",
    "inbox",
    "usage",
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

# --- Site identity (shown in the Mini App header) -------------------------------------------
SITE_NAME = env_str("SITE_NAME", "Công an tỉnh Sơn Lâm (Demo)")
SITE_SHORT_NAME = env_str("SITE_SHORT_NAME", "CA Sơn Lâm (Demo)")
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "113")
ZALO_OA_ID = env_str("ZALO_OA_ID", "")
ZALO_OA_URL = env_str("ZALO_OA_URL", "")
IS_DEMO = env_bool("IS_DEMO", not PRODUCTION)

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
FORMAT_MODULE_PATH = ["config.formats"]  # short dates, the citizens' format (config/formats/vi/formats.py)
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our Vietnamese for the messages DRF, Django and django-filter ship only in English (DRF's own "vi"
# catalog has 20 of its ~130 strings); compiled .mo committed, tests/common/test_messages.py keeps it current.
LOCALE_PATHS = [BASE_DIR / "backend" / "locale"]

IMPORT_EXPORT_USE_TRANSACTIONS = True  # an import with a bad row imports nothing
