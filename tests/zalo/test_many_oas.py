"""Several OAs against the fake Zalo: each refreshes its own token, a failure stays with its OA, and webhook
events are routed by the OA id they carry."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from django.utils import timezone

from citizens.models import Citizen
from common.crypto import decrypt_text
from zalo import oa_token
from zalo.client import OATokens, zalo_client
from zalo.fake.app import PROVINCE_OA_ID
from zalo.models import OAFollower, OfficialAccount
from zalo.oa_token import province_oa
from zalo.webhook import expected_signature

OA_A, OA_B = "2000000000000000002", "2000000000000000003"


def three_oas(tree, fake_zalo):
    province = province_oa()
    OfficialAccount.objects.filter(pk=province.pk).update(oa_id=PROVINCE_OA_ID)
    province.refresh_from_db()
    oa_a = OfficialAccount.objects.create(name="OA phường Đồng Tâm", unit=tree.unit_a, oa_id=OA_A)
    oa_b = OfficialAccount.objects.create(name="OA xã Đức Hạnh", unit=tree.unit_b, oa_id=OA_B)
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000), oa=province)
    fake_zalo.add_oa(OA_A, access_token="a-access", refresh_token="a-refresh")
    oa_token.oa_token_store(tokens=OATokens("a-access", "a-refresh", 90000), oa=oa_a)
    # Unit B's refresh token is one Zalo no longer knows (spent elsewhere): its refresh will be refused.
    oa_token.oa_token_store(tokens=OATokens("b-access", "b-refresh-spent", 90000), oa=oa_b)
    return province, oa_a, oa_b


def test_every_oa_refreshes_its_own_token_and_one_failure_stays_with_its_oa(tree, fake_zalo):
    province, oa_a, oa_b = three_oas(tree, fake_zalo)
    OfficialAccount.objects.update(expires_at=timezone.now() + timedelta(minutes=30))  # all three due
    outcome = oa_token.oa_tokens_refresh_all()
    assert outcome[province.pk] == "refreshed" and outcome[oa_a.pk] == "refreshed"
    assert outcome[oa_b.pk].startswith("failed")
    calls = fake_zalo.requests("oa_token")
    assert sorted(c["form"]["refresh_token"] for c in calls) == [
        "a-refresh",
        "b-refresh-spent",
        "fake-oa-refresh-initial",
    ]
    for row in (province, oa_a, oa_b):
        row.refresh_from_db()
    assert oa_b.needs_authorization is True and "14014" in oa_b.last_error
    assert province.needs_authorization is False and oa_a.needs_authorization is False
    # Each new token is its own OA's: Zalo says so.
    assert zalo_client().oa_info(oa_token.oa_access_token(oa_a.pk)).oa_id == OA_A
    assert zalo_client().oa_info(oa_token.oa_access_token(province.pk)).oa_id == PROVINCE_OA_ID
    assert decrypt_text(oa_b.access_token_encrypted) == "b-access"  # untouched by the others' refresh


def _post(client, settings, payload):
    body = json.dumps(payload, separators=(",", ":")).encode()
    signature = expected_signature(
        app_id=settings.ZALO_APP_ID,
        raw_body=body,
        timestamp=payload["timestamp"],
        oa_secret=settings.ZALO_OA_SECRET_KEY,
    )
    return client.post(
        "/api/v1/zalo/webhook", data=body, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE=f"mac={signature}"
    )


def _follow(oa_id, follower, user, event="follow"):
    return {
        "event_name": event,
        "app_id": "fake-app-id",
        "oa_id": oa_id,
        "user_id_by_app": user,
        "follower": {"id": follower},
        "timestamp": str(int(time.time() * 1000)),
    }


def test_follow_events_are_routed_by_oa_id(client, tree, fake_zalo, settings, django_capture_on_commit_callbacks):
    province, oa_a, oa_b = three_oas(tree, fake_zalo)
    citizen = Citizen.objects.create(zalo_user_id="3000000000000000009")
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, settings, _follow(OA_A, "a-follower-9", citizen.zalo_user_id))
    citizen.refresh_from_db()
    # Following a unit OA: OA messages may reach them, but the province's follower id stays unknown.
    assert citizen.follows_oa is True and citizen.oa_follower_id == ""
    [row] = OAFollower.objects.all()
    assert (row.oa_id, row.follower_id, row.following) == (oa_a.pk, "a-follower-9", True)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, settings, _follow(PROVINCE_OA_ID, "p-follower-9", citizen.zalo_user_id))
        _post(client, settings, _follow(OA_A, "a-follower-9", citizen.zalo_user_id, event="unfollow"))
        _post(client, settings, _follow("9999", "x", citizen.zalo_user_id))  # an OA we do not manage
    citizen.refresh_from_db()
    assert citizen.oa_follower_id == "p-follower-9" and citizen.follows_oa is True
    assert OAFollower.objects.get(oa=oa_a).following is False
    assert OAFollower.objects.count() == 2  # nothing recorded for the unknown OA
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, settings, _follow(PROVINCE_OA_ID, "p-follower-9", citizen.zalo_user_id, event="unfollow"))
    citizen.refresh_from_db()
    assert citizen.follows_oa is False  # follows none of our OAs any more
