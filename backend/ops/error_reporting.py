"""Optional error reporting to Sentry or a self-hosted GlitchTip (same protocol), when SENTRY_DSN is set.

What the app promises about privacy holds here too: no personal data is sent (no IP address, cookies, request
bodies or user), the headers that identify a sender are dropped from every event, and an error raised while a
report (tố giác) is submitted, uploaded or tracked is sent with no request details at all (common/unlogged.py).
"""

from __future__ import annotations

from typing import Any

from common.unlogged import is_unlogged

# Headers that identify the person or the device, or carry a secret.
_DROPPED_HEADERS = {
    "authorization",
    "cookie",
    "x-forwarded-for",
    "x-real-ip",
    "user-agent",
    "referer",
    "x-device-id",
    "x-request-id",
    "x-zalo-signature",
}


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Sentry's before_send: strip what identifies a citizen; strip the whole request on report paths."""
    request = event.get("request") or {}
    path = request.get("url", "")
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    if is_unlogged(path):
        event["request"] = {"method": request.get("method"), "url": path}
        event.pop("user", None)
        for key in ("request_id", "celery_parent_id"):
            (event.get("tags") or {}).pop(key, None)
        (event.get("extra") or {}).clear()
        return event
    if request:
        request.pop("cookies", None)
        request.pop("data", None)
        request.pop("query_string", None)
        request["env"] = {}
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}
    event.pop("user", None)
    return event


def error_reporting_init(*, dsn: str, environment: str, release: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=scrub_event,  # type: ignore[arg-type]
    )
