"""Each unit leader's morning digest: due today, overdue, by officer; to their own Zalo when linked (through the
OA), otherwise by e-mail; once a day whatever happens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail

from dossiers.workdays import calendar
from inbox.digest import digest_build, digest_send_all
from inbox.models import DigestChannel, DigestDelivery, DigestState, OfficerZalo, ZaloLinkCode
from inbox.tasks import leader_digest
from tests.inbox.conftest import logged_in, today
from tests.ops.test_alert_zalo import text_event
from tests.zalo.test_webhook import post


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def leader(leader_a):  # type: ignore[no-untyped-def]
    leader_a.email, leader_a.first_name, leader_a.last_name = "lanhdao.a@congan.example.gov.vn", "Bình", "Trần"
    leader_a.save()
    return leader_a


def test_the_digest_counts_due_today_and_overdue_by_officer_in_the_subtree(leader, officer_a, late):
    officer_a.first_name, officer_a.last_name = "An", "Nguyễn Văn"
    officer_a.save()
    digest = digest_build(leader=leader, day=today())
    assert (digest.due_today, digest.overdue) == (1, 1)  # A1-TODAY in the child unit, A-LATE; not unit B's
    assert [(line.name, line.due_today, line.overdue) for line in digest.by_officer] == [("Nguyễn Văn An", 1, 1)]
    text = digest.text()
    assert "Hồ sơ đến hạn hôm nay: 1" in text and "Hồ sơ quá hạn: 1" in text
    assert "- Nguyễn Văn An: 1 / 1" in text
    assert "Đánh giá không hài lòng chờ trả lời: 0" in text


def test_without_zalo_the_digest_goes_by_email_once_a_day(leader, late):
    assert digest_send_all(day=today()) == {"sent": 1, "failed": 0, "skipped": 0}
    assert digest_send_all(day=today()) == {"sent": 0, "failed": 0, "skipped": 1}
    leader_digest()  # the beat task: the same day again
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lanhdao.a@congan.example.gov.vn"]
    assert "1 hồ sơ đến hạn, 1 quá hạn" in mail.outbox[0].subject
    delivery = DigestDelivery.objects.get()
    assert (delivery.state, delivery.channel) == (DigestState.SENT, DigestChannel.EMAIL)


def test_a_linked_leader_gets_it_on_zalo_not_by_email(leader, late, fake_zalo, oa_authorised):
    OfficerZalo.objects.create(user=leader, follower_id="f-leader-a")
    digest_send_all(day=today())
    [sent] = fake_zalo.requests("oa_message")
    assert sent["json"]["recipient"] == {"user_id": "f-leader-a"}
    assert "Hồ sơ quá hạn: 1" in str(sent["json"]["message"])
    assert mail.outbox == []
    assert DigestDelivery.objects.get().channel == DigestChannel.ZALO


def test_when_zalo_refuses_the_digest_falls_back_to_email(leader, late, fake_zalo, oa_authorised):
    OfficerZalo.objects.create(user=leader, follower_id="f-leader-a")
    fake_zalo.inject("oa_message", error=-213, times=1)
    digest_send_all(day=today())
    assert len(mail.outbox) == 1
    assert OfficerZalo.objects.get().last_error
    assert DigestDelivery.objects.get().channel == DigestChannel.EMAIL


def test_a_leader_with_neither_is_recorded_with_the_reason(leader_a, late):
    assert digest_send_all(day=today()) == {"sent": 0, "failed": 1, "skipped": 0}
    assert "chưa liên kết Zalo" in DigestDelivery.objects.get().reason


def test_no_digest_on_a_day_off(leader, late):
    day = today()
    while calendar().is_working_day(day):
        day += timedelta(days=1)
    assert digest_send_all(day=day) == {"sent": 0, "failed": 0, "skipped": 0}
    assert mail.outbox == [] and not DigestDelivery.objects.exists()


def test_an_officer_links_their_zalo_by_sending_the_code_to_the_oa(
    client, leader_a, settings, django_capture_on_commit_callbacks
):
    page = logged_in(leader_a).post("/admin/viec-can-lam/lien-ket-zalo/").content.decode()
    code = re.search(r"LIENKET ([A-Z0-9]{4}-[A-Z0-9]{4})", page).group(1)  # type: ignore[union-attr]
    assert not ZaloLinkCode.objects.filter(code_hash__contains=code.replace("-", "")).exists()  # a keyed hash only
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, text_event("8000000000000000999", f"lienket {code}"), settings=settings).status_code == 200
    link = OfficerZalo.objects.get()
    assert (link.user, link.follower_id) == (leader_a, "8000000000000000999")
    assert not ZaloLinkCode.objects.exists()  # one use only
    assert "đã được liên kết" in logged_in(leader_a).get("/admin/viec-can-lam/lien-ket-zalo/").content.decode()


def test_a_wrong_code_links_nobody(client, leader_a, settings, django_capture_on_commit_callbacks):
    logged_in(leader_a).post("/admin/viec-can-lam/lien-ket-zalo/")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, text_event("8000000000000000999", "LIENKET ABCD-EFGH"), settings=settings)
    assert not OfficerZalo.objects.exists()
