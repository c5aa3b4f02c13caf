"""Zalo webhook: signature over the raw body, stale and replayed events refused or ignored, follow mapping."""

from __future__ import annotations

import json
import time

import pytest

from citizens.models import Citizen
from zalo.models import WebhookEvent
from zalo.webhook import expected_signature


def post(client, payload, *, settings, signature=None, raw=None):
    body = raw if raw is not None else json.dumps(payload, separators=(",", ":")).encode()
    if signature is None:
        signature = expected_signature(
            app_id=settings.ZALO_APP_ID,
            raw_body=body,
            timestamp=str(payload.get("timestamp", "")),
            oa_secret=settings.ZALO_OA_SECRET_KEY,
        )
    return client.post(
        "/api/v1/zalo/webhook", data=body, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE=f"mac={signature}"
    )


def follow_event(user_id_by_app="3000000000000000001", follower="8000000000000000001", event="follow"):
    return {
        "event_name": event,
        "app_id": "fake-app-id",
        "oa_id": "1",
        "user_id_by_app": user_id_by_app,
        "follower": {"id": follower},
        "timestamp": str(int(time.time() * 1000)),
    }


@pytest.fixture
def citizen(db):
    return Citizen.objects.create(zalo_user_id="3000000000000000001")


def test_a_signed_follow_event_links_the_oa_follower_id(client, citizen, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, follow_event(), settings=settings)
    assert response.status_code == 200 and response.json() == {"ok": True}
    citizen.refresh_from_db()
    assert citizen.oa_follower_id == "8000000000000000001" and citizen.follows_oa is True
    assert WebhookEvent.objects.get().processed_at is not None


def test_the_processing_task_is_sent_by_name_and_runs_at_once_in_eager_mode(
    client, citizen, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from config.celery import app

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("send_task ignores eager mode: the event would wait in Redis")

    monkeypatch.setattr(app, "send_task", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, follow_event(), settings=settings).status_code == 200
    assert WebhookEvent.objects.get().processed_at is not None


def test_unfollow_keeps_the_id_but_stops_messages(client, citizen, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, follow_event(), settings=settings)
        post(client, follow_event(event="unfollow"), settings=settings)
    citizen.refresh_from_db()
    assert citizen.follows_oa is False and citizen.oa_follower_id == "8000000000000000001"


def test_an_invalid_signature_is_refused_and_nothing_is_stored(client, citizen, settings):
    response = post(client, follow_event(), settings=settings, signature="0" * 64)
    assert response.status_code == 403 and response.json()["code"] == "webhook_rejected"
    assert not WebhookEvent.objects.exists()


def test_a_signature_over_different_bytes_is_refused(client, citizen, settings):
    payload = follow_event()
    good = json.dumps(payload).encode()
    signature = expected_signature(
        app_id=settings.ZALO_APP_ID,
        raw_body=good,
        timestamp=payload["timestamp"],
        oa_secret=settings.ZALO_OA_SECRET_KEY,
    )
    tampered = good.replace(b"8000000000000000001", b"8000000000000000002")
    assert post(client, payload, settings=settings, signature=signature, raw=tampered).status_code == 403


def test_a_stale_event_is_refused(client, citizen, settings):
    payload = follow_event()
    payload["timestamp"] = str(int((time.time() - 3600) * 1000))
    assert post(client, payload, settings=settings).status_code == 403


def test_a_replayed_event_is_stored_and_processed_once(client, citizen, settings, django_capture_on_commit_callbacks):
    payload = follow_event()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert post(client, payload, settings=settings).status_code == 200
        assert post(client, payload, settings=settings).status_code == 200
    assert WebhookEvent.objects.count() == 1 and len(callbacks) == 1


def test_malformed_json_is_a_400(client, db, settings):
    assert post(client, {}, settings=settings, raw=b"{not json").status_code == 400


def test_processing_twice_is_a_no_op(db, citizen):
    from zalo.webhook import webhook_event_process

    event = WebhookEvent.objects.create(dedup_key="k", event_name="follow", payload=follow_event())
    webhook_event_process(event_id=event.pk)
    Citizen.objects.update(oa_follower_id="")
    webhook_event_process(event_id=event.pk)
    assert Citizen.objects.get().oa_follower_id == ""


def _signed(payload, settings, key):  # type: ignore[no-untyped-def]
    body = json.dumps(payload, separators=(",", ":")).encode()
    return body, expected_signature(
        app_id=settings.ZALO_APP_ID, raw_body=body, timestamp=str(payload["timestamp"]), oa_secret=key
    )


def test_an_oa_with_its_own_key_is_checked_against_that_key_only(client, citizen, settings):
    """ZALO_OA_SECRET_KEYS (for the unverified case that Zalo signs each OA's events with the OA's own key): the
    listed OA's events need its key, the app's key no longer passes for it; other OAs keep the app's key."""
    settings.ZALO_OA_SECRET_KEYS = {"unit-oa-7": "the-unit-oas-own-key"}
    unit_event = {**follow_event(), "oa_id": "unit-oa-7"}
    body, own = _signed(unit_event, settings, "the-unit-oas-own-key")
    assert post(client, unit_event, settings=settings, signature=own, raw=body).status_code == 200
    forged = {**follow_event(follower="8000000000000000002"), "oa_id": "unit-oa-7"}
    body, with_app_key = _signed(forged, settings, settings.ZALO_OA_SECRET_KEY)
    assert post(client, forged, settings=settings, signature=with_app_key, raw=body).status_code == 403
    # A user's message names the OA as its recipient; an OA not listed is checked against the app's key.
    message = {
        "event_name": "user_send_text",
        "app_id": "fake-app-id",
        "sender": {"id": "3000000000000000001"},
        "recipient": {"id": "unit-oa-7"},
        "message": {"text": "Xin hỏi", "msg_id": "m-1"},
        "timestamp": str(int(time.time() * 1000)),
    }
    body, own = _signed(message, settings, "the-unit-oas-own-key")
    assert post(client, message, settings=settings, signature=own, raw=body).status_code == 200
    assert post(client, follow_event(follower="8000000000000000003"), settings=settings).status_code == 200


def test_a_malformed_per_oa_key_list_stops_the_start_with_the_reason():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "ZALO_OA_SECRET_KEYS": '["not", "an object"]', "PYTHONPATH": str(root / "backend"),
             "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True, text=True, timeout=60, cwd=root,
    )  # fmt: skip
    assert result.returncode != 0 and "ZALO_OA_SECRET_KEYS phải là đối tượng JSON" in result.stderr
