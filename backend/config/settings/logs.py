"""Logging: one request id per request, JSON lines in production, nothing identifying on report paths."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django_guid.integrations import CeleryIntegration

from config.env import env_str
from config.settings.base import PRODUCTION

# --- Logging --------------------------------------------------------------------------------
# One request id per request (X-Request-ID, echoed back) follows the work into Celery tasks, so a
# citizen's complaint can be traced across web and workers. JSON lines in production. Report paths get no
# request id and their lines no identifying values (common/unlogged.py).
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
