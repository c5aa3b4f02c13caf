"""The REST API: proxies, hostile bodies, DRF, the OpenAPI schema and CORS for the Mini App."""

from __future__ import annotations

from corsheaders.defaults import default_headers

from config.env import env_int, env_list

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
    # DRF's negotiation with the usual Accept headers answered directly (common/negotiation.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "common.negotiation.QuickContentNegotiation",
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
