"""Optional error reporting (SENTRY_DSN) sends no personal data, and nothing about who sent a report."""

from __future__ import annotations

import pytest

from ops.error_reporting import scrub_event
from tests.config.production_env import production_env
from tests.config.test_production_settings import manage

HEADERS = {
    "User-Agent": "Zalo iOS 24.1",
    "X-Forwarded-For": "203.0.113.9",
    "X-Device-Id": "device-123",
    "X-Request-ID": "4f2a9c1e0d7b4c3e9a8f6b5d4c3b2a19",
    "Authorization": "Bearer citizen-token",
    "Accept": "application/json",
}


def _event(url: str) -> dict:
    return {
        "request": {
            "url": url,
            "method": "POST",
            "headers": dict(HEADERS),
            "env": {"REMOTE_ADDR": "203.0.113.9", "SERVER_NAME": "web"},
            "data": {"description": "Có người đánh bạc ở ngõ 12"},
            "query_string": "code=PA-123",
            "cookies": {"sessionid": "x"},
        },
        "user": {"ip_address": "203.0.113.9"},
        "tags": {"request_id": "4f2a9c1e0d7b4c3e9a8f6b5d4c3b2a19"},
        "extra": {"sys.argv": ["gunicorn"]},
    }


def test_an_error_on_a_report_path_carries_no_request_details():
    event = scrub_event(_event("https://dichvucong.example.vn/api/v1/reports/"))
    assert event["request"] == {"method": "POST", "url": "/api/v1/reports/"}
    assert "user" not in event and "request_id" not in event["tags"]
    text = repr(event)
    for value in ("203.0.113.9", "Zalo iOS", "device-123", "4f2a9c1e", "đánh bạc", "Bearer"):
        assert value not in text


def test_other_errors_keep_the_path_and_harmless_headers_only():
    event = scrub_event(_event("https://dichvucong.example.vn/api/v1/units/"))
    assert event["request"]["headers"] == {"Accept": "application/json"}
    assert event["request"]["env"] == {} and "data" not in event["request"] and "cookies" not in event["request"]
    assert "query_string" not in event["request"] and "user" not in event


def test_a_real_error_in_a_report_submission_reaches_the_transport_scrubbed(api, monkeypatch):
    sentry_sdk = pytest.importorskip("sentry_sdk")
    from sentry_sdk.integrations.django import DjangoIntegration

    captured: list[dict] = []
    sentry_sdk.init(
        dsn="http://public@127.0.0.1:1/1",
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        before_send=scrub_event,
        transport=lambda event: captured.append(event),
    )
    try:
        from reports import apis

        def broken(*args, **kwargs):
            raise RuntimeError("hỏng khi tra cứu")

        monkeypatch.setattr(apis.tracking, "report_track", broken, raising=False)
        api.raise_request_exception = False
        api.post(
            "/api/v1/reports/track",
            {"code": "PA-ABCDEFGH", "secret": "ABCDEFGH23"},
            format="json",
            HTTP_USER_AGENT="Zalo iOS 24.1",
            HTTP_X_DEVICE_ID="device-123",
            REMOTE_ADDR="203.0.113.9",
        )
        sentry_sdk.flush()
    finally:
        sentry_sdk.init()  # no DSN: reporting off again for the other tests
    events = [e for e in captured if isinstance(e, dict)]
    assert events, "the error was not reported"
    assert "RuntimeError" in repr(events) or "Unhandled API error" in repr(events), repr(events)[:2000]
    text = repr(events)
    assert "203.0.113.9" not in text and "device-123" not in text and "Zalo iOS" not in text


def test_production_turns_it_on_only_with_a_dsn_and_without_personal_data():
    show = (
        "import sentry_sdk; o = sentry_sdk.get_client().options; "
        "print(sentry_sdk.get_client().is_active(), o.get('send_default_pii'), "
        "getattr(o.get('before_send'), '__name__', None), o.get('max_request_body_size'))"
    )
    on = manage("shell", "-c", show, env=production_env(SENTRY_DSN="http://public@127.0.0.1:1/1"))
    assert on.returncode == 0, on.stderr[-800:]
    assert on.stdout.strip().splitlines()[-1].split() == ["True", "False", "scrub_event", "never"]
    off = manage("shell", "-c", show, env=production_env())
    assert off.stdout.strip().splitlines()[-1].split()[0] == "False"
