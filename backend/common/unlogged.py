"""Anonymous means unlogged (docs/reports.md, "What the server keeps"): no log line of the web server, the app
or a worker ties a report submission, a staged photo/video upload or a tracking request to an address, a
device or a request id.

Neither the proxy nor the web server can know whether a report is anonymous before the app has read its body,
so the rule covers every request under UNLOGGED_PREFIX, named reports included. The same prefix is used by
nginx (deploy/nginx/templates/default.conf.template, the `unlogged` location and log format), by gunicorn's
access log (GunicornAccessLogger, set in config/gunicorn.py) and by the app (RequestIdMiddleware and
UnloggedRequestFilter, set in settings MIDDLEWARE and LOGGING); tests/reports/test_unlogged.py checks all four.

This module imports nothing from Django at import time: gunicorn's master loads the logger class before
Django is set up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from gunicorn.glogging import Logger as GunicornLogger

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

# /api/v1/reports/ (submit), /api/v1/reports/media (staged uploads), /api/v1/reports/track, and the public form
# and areas reads the report screens make just before. "Tin báo, phản ánh của tôi" (/api/v1/me/reports/) is named only and
# stays logged as usual.
UNLOGGED_PREFIX = "/api/v1/reports"

REDACTED = "[ẩn]"

# What could identify the sender in the request: these header values are scrubbed from any line logged while
# the request is handled, whoever logs it.
_IDENTIFYING_META = (
    "REMOTE_ADDR",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_USER_AGENT",
    "HTTP_X_DEVICE_ID",
    "HTTP_X_REQUEST_ID",
    "HTTP_REFERER",
    "HTTP_AUTHORIZATION",
)
# Shorter values ("-", "1") would scrub ordinary words from every line.
_MIN_SCRUB_LENGTH = 4

# The identifying values of the unlogged request this thread is handling, else None. Set when a request starts
# and left until the next one starts: Django logs "Bad Request: …" after the last middleware has returned.
_identifying: ContextVar[tuple[str, ...] | None] = ContextVar("unlogged_identifying", default=None)


def is_unlogged(path: str) -> bool:
    return path.startswith(UNLOGGED_PREFIX)


def _identifying_values(meta: dict[str, Any]) -> tuple[str, ...]:
    values: set[str] = set()
    for name in _IDENTIFYING_META:
        raw = str(meta.get(name) or "")
        for value in (raw, *raw.split(",")):
            value = value.strip()
            if len(value) >= _MIN_SCRUB_LENGTH:
                values.add(value)
    return tuple(sorted(values, key=len, reverse=True))  # the longest first: a list before its parts


class RequestIdMiddleware:
    """django_guid's request id for every request except the unlogged ones, which get none at all: not in the
    logs, not in the Celery tasks they enqueue (django_guid's CeleryIntegration copies the current id into the
    task headers, so with none there is nothing to copy), not echoed back in X-Request-ID."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        from django_guid.middleware import guid_middleware

        self.get_response = get_response
        self.with_request_id = guid_middleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django_guid.context import guid

        if not is_unlogged(request.path):
            _identifying.set(None)
            return self.with_request_id(request)
        guid.set(None)  # also drops the id a previous request left in this thread
        _identifying.set(_identifying_values(request.META))
        request.unlogged = True  # type: ignore[attr-defined]
        return self.get_response(request)


def _scrub(text: str, values: tuple[str, ...]) -> str:
    for value in values:
        if value in text:
            text = text.replace(value, REDACTED)
    return text


class UnloggedRequestFilter(logging.Filter):
    """On the log handlers: a line logged while an unlogged request is handled carries no request id and no
    request object, and every identifying header value of that request (address, user agent, device id, the
    request id the client sent) is replaced in its text, whoever logged it and however."""

    def filter(self, record: logging.LogRecord) -> bool:
        values = _identifying.get()
        request = record.__dict__.get("request")
        if values is None and not getattr(request, "unlogged", False):
            return True
        if request is not None:
            record.request = None  # str(request) is harmless today; a formatter dumping META would not be
        record.request_id = None
        record.celery_parent_id = None
        if values:
            message = _scrub(record.getMessage(), values)
            record.msg, record.args = message, ()
            if record.exc_info:  # formatted now so that an exception's message is scrubbed too
                record.exc_text = logging.Formatter().formatException(record.exc_info)
                record.exc_info = None
            for key, value in list(record.__dict__.items()):
                if isinstance(value, str) and key not in {"msg", "name", "levelname"}:
                    record.__dict__[key] = _scrub(value, values)
        return True


# The atoms an unlogged request keeps in gunicorn's access log: when, what path (without query string), the
# answer and how long it took. Every other atom (client address, user agent, referer, any request or response
# header, environ value, query string) becomes "-", whatever access_log_format is configured.
_KEPT_ATOMS = ("l", "t", "s", "m", "U", "H", "b", "B", "T", "D", "M", "L", "p")


# No path is logged with its query string, nor the referring page with its own: what a citizen or an officer
# typed into a search box (a name, a phone number, an ID number in the admin's search) stays out of the log
# files, next to an address (the same rule as nginx's main format, deploy/nginx/templates/default.conf.template).
_QUERY_ATOMS = ("q", "{query_string}e", "{raw_uri}e", "{request_uri}e")
_REFERER_ATOMS = ("f", "{referer}i")


def _page(url: str) -> str:
    """A URL without its query string and fragment."""
    return url.split("?", 1)[0].split("#", 1)[0]


class GunicornAccessLogger(GunicornLogger):
    """gunicorn's logger (logger_class in config/gunicorn.py): no query string in any line, and unlogged paths
    redacted down to _KEPT_ATOMS."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        request_line = f"{atoms.get('m')} {atoms.get('U')} {atoms.get('H')}"
        if is_unlogged(environ.get("PATH_INFO") or ""):
            kept = {name: atoms[name] for name in _KEPT_ATOMS if name in atoms}
            kept["r"] = request_line
            return kept
        atoms["r"] = request_line
        for name in _QUERY_ATOMS:
            if name in atoms:
                atoms[name] = "-"
        for name in _REFERER_ATOMS:
            if isinstance(atoms.get(name), str):
                atoms[name] = _page(atoms[name]) or "-"
        return atoms
