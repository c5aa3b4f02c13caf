"""Alerts reach an IT officer's own Zalo through the OA: enrolled by a one-time code from the status page sent
to the OA's chat, sent with the e-mail, and e-mail still goes when the OA is the problem."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ops.alert_zalo import alert_enrolment_finish, alert_enrolment_start
from ops.alerts import alerts_check
from ops.models import AlertEnrolment, AlertRecipient
from ops.selectors import StatusLine
from tests.zalo.conftest import fake_zalo  # noqa: F401 - the fake Zalo over real HTTP
from tests.zalo.test_webhook import post
from zalo import oa_token
from zalo.client import OATokens

pytestmark = pytest.mark.django_db

BACKUP = StatusLine("Sao lưu", False, "bản mới nhất 30 giờ trước")


def text_event(follower: str, text: str) -> dict:
    return {
        "event_name": "user_send_text",
        "app_id": "fake-app-id",
        "sender": {"id": follower},
        "recipient": {"id": "1"},
        "message": {"text": text, "msg_id": f"m-{time.time_ns()}"},
        "timestamp": str(int(time.time() * 1000)),
    }


@pytest.fixture
def oa_ready(fake_zalo, settings):  # noqa: F811 - the fixture imported above
    settings.ALERT_EMAILS = ["cntt@congan.example.gov.vn"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))
    return fake_zalo


def status_code_for(client, user) -> str:
    client.force_login(user)
    response = client.post("/admin/ops/heartbeat/status/", {"zalo_enrol": "1"})
    assert response.status_code == 200
    match = re.search(r"CANHBAO ([A-Z0-9]{4}-[A-Z0-9]{4})", response.content.decode())
    assert match, "the status page shows the code to send"
    return match.group(1)


def test_an_officer_enrols_from_the_status_page_through_the_oa_chat_and_gets_the_next_alert(
    client, provincial_admin, oa_ready, settings, django_capture_on_commit_callbacks
):
    code = status_code_for(client, provincial_admin)
    assert not AlertEnrolment.objects.filter(code_hash__contains=code).exists()  # only a keyed hash is stored
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, text_event("8000000000000000777", f"canhbao {code.lower()}"), settings=settings)
    assert response.status_code == 200
    recipient = AlertRecipient.objects.get()
    assert recipient.user == provincial_admin and recipient.follower_id == "8000000000000000777"
    assert not AlertEnrolment.objects.exists()  # one use only
    page = client.get("/admin/ops/heartbeat/status/").content.decode()
    assert "Zalo của bạn đang nhận cảnh báo" in page

    result = alerts_check(lines=[BACKUP], now=timezone.now())
    assert result.mailed and result.zalo_sent == 1 and len(mail.outbox) == 1
    sent = oa_ready.requests("oa_message")
    assert len(sent) == 1
    body = sent[0]["json"]
    assert body["recipient"] == {"user_id": "8000000000000000777"}
    elements = body["message"]["attachment"]["payload"]["elements"]
    assert "Sao lưu" in elements[0]["content"]
    assert "[MỚI] Sao lưu: bản mới nhất 30 giờ trước" in elements[1]["content"]
    assert AlertRecipient.objects.get().last_sent is not None


def test_a_wrong_or_expired_code_enrols_nobody(provincial_admin, settings):
    code = alert_enrolment_start(user=provincial_admin)
    assert alert_enrolment_finish(follower_id="f-1", text="CANHBAO ABCD-EFGH") is None
    assert alert_enrolment_finish(follower_id="f-1", text=f"xin chào {code}") is None
    AlertEnrolment.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert alert_enrolment_finish(follower_id="f-1", text=f"CANHBAO {code}") is None
    assert not AlertRecipient.objects.exists()


def test_a_new_code_replaces_the_old_one(provincial_admin):
    old = alert_enrolment_start(user=provincial_admin)
    new = alert_enrolment_start(user=provincial_admin)
    assert alert_enrolment_finish(follower_id="f-1", text=f"CANHBAO {old}") is None
    assert alert_enrolment_finish(follower_id="f-1", text=f"CẢNH BÁO {new.replace('-', ' ')}") is not None


def test_without_an_oa_token_the_e_mail_still_goes(provincial_admin, fake_zalo, settings):  # noqa: F811
    settings.ALERT_EMAILS = ["cntt@congan.example.gov.vn"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    AlertRecipient.objects.create(user=provincial_admin, follower_id="f-1")
    result = alerts_check(lines=[StatusLine("Mã truy cập Zalo OA", False, "cần cấp quyền lại")], now=timezone.now())
    assert result.mailed and result.zalo_sent == 0 and len(mail.outbox) == 1
    assert fake_zalo.requests("oa_message") == []


def test_a_refused_message_is_kept_on_the_recipient_and_the_others_still_get_theirs(provincial_admin, editor, oa_ready):
    AlertRecipient.objects.create(user=provincial_admin, follower_id="f-1")
    AlertRecipient.objects.create(user=editor, follower_id="f-2")
    oa_ready.inject("oa_message", error=-230, times=1)
    result = alerts_check(lines=[BACKUP], now=timezone.now())
    assert result.zalo_sent == 1
    errors = dict(AlertRecipient.objects.values_list("follower_id", "last_error"))
    assert sum(1 for e in errors.values() if "-230" in e) == 1


def test_officers_without_the_status_permission_cannot_get_a_code(client, officer_a):
    client.force_login(officer_a)
    response = client.post("/admin/ops/heartbeat/status/", {"zalo_enrol": "1"})
    assert response.status_code in (302, 403)
    assert not AlertEnrolment.objects.exists()
