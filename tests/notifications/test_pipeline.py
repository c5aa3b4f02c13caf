"""The outbox and the send logic, with tasks run eagerly against the fake Zalo over real HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from dossiers.models import DossierStatus
from dossiers.services import dossier_reschedule, dossier_status_change
from notifications.delivery import next_night_resume, notification_send
from notifications.models import Channel, Notification, NotificationTemplate, State
from notifications.sweeper import notifications_sweep
from tests.dossiers.conftest import PHONE_A, receive
from tests.notifications.conftest import follow, make_citizen

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# Real commits: rows are enqueued after commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dossier(tree, officer_a, procedure, oa_authorised):
    return receive(officer_a, tree.unit_a, procedure, code="N-0001", phone=PHONE_A)


def rows(**filters) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(**filters).order_by("id"))


def test_the_counter_intake_texts_the_applicant_by_zns_with_our_row_as_tracking_id(dossier, fake_zalo):
    [row] = rows(dossier=dossier)
    assert (row.kind, row.channel, row.state) == ("received", Channel.ZNS, State.SENT)
    [call] = fake_zalo.requests("zns")
    assert call["json"]["tracking_id"] == str(row.pk)
    assert call["json"]["phone"] == "84912345678"
    assert call["json"]["template_id"] == "demo-received"
    assert "N-0001" in call["json"]["template_data"]["ma_ho_so"]


def test_a_follower_on_the_oa_gets_a_transaction_message_with_a_button_to_the_dossier(dossier, fake_zalo, db):
    citizen = make_citizen("9001", oa=True)
    follow(citizen, dossier)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.SUPPLEMENT, reason="Bản sao sổ hộ khẩu")
    oa_rows = rows(citizen=citizen)
    assert [(r.kind, r.channel, r.state) for r in oa_rows] == [("supplement", Channel.OA, State.SENT)]
    [call] = fake_zalo.requests("oa_message")
    payload = call["json"]["message"]["attachment"]["payload"]
    assert call["json"]["recipient"]["user_id"] == "follower-9001"
    assert "Bản sao sổ hộ khẩu" in payload["elements"][1]["content"]
    assert "N-0001" in payload["buttons"][0]["payload"]["url"]


def test_the_applicant_who_also_follows_gets_one_message_not_two(dossier, fake_zalo):
    citizen = make_citizen("9002", phone="84912345678")
    follow(citizen, dossier)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    assert len(rows(event__status=DossierStatus.PROCESSING)) == 1


def test_outbox_rows_roll_back_with_the_event(dossier):
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
        assert Notification.objects.count() == before + 1  # written in the same transaction
        raise RuntimeError("the officer's save failed")
    assert Notification.objects.count() == before


def test_nobody_to_tell_is_recorded_as_skipped_with_the_reason(tree, officer_a, procedure, oa_authorised):
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0002", phone="")
    [row] = rows(dossier=dossier)
    assert row.state == State.SKIPPED and "Chưa có người nhận" in row.reason


def test_a_follower_with_no_channel_is_skipped_with_the_reason(tree, officer_a, procedure, oa_authorised):
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0013", phone="")
    citizen = make_citizen("9005")
    follow(citizen, dossier)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    [row] = rows(citizen=citizen)
    assert row.state == State.SKIPPED and "Không có kênh" in row.reason


def test_the_console_channel_is_the_embedded_default_last_resort(tree, officer_a, procedure, settings, oa_authorised):
    settings.NOTIFY_CONSOLE_ENABLED = True
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0003", phone="")
    citizen = make_citizen("9006")
    follow(citizen, dossier)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    [row] = rows(citizen=citizen)
    assert (row.channel, row.state) == (Channel.CONSOLE, State.SENT)


def test_the_mini_app_channel_for_a_citizen_who_allowed_it(tree, officer_a, procedure, fake_zalo, oa_authorised):
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0014", phone="")
    citizen = make_citizen("9007", miniapp=True)
    follow(citizen, dossier)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    [row] = rows(citizen=citizen)
    assert (row.channel, row.state) == (Channel.MINIAPP, State.SENT)
    [call] = fake_zalo.requests("miniapp")
    assert call["headers"]["x-user-id"] == "9007" and "N-0014" in call["json"]["templateData"]["buttonUrl"]


@pytest.mark.parametrize("status", [503, 429])
def test_transient_errors_are_retried_with_backoff_then_sent(
    tree, officer_a, procedure, fake_zalo, oa_authorised, status
):
    fake_zalo.inject("zns", status=status, times=2)
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0004", phone=PHONE_A)
    [row] = rows(dossier=dossier)
    for _ in range(5):  # eager mode: a retry waits for its time, then the sweeper (beat) hands it back
        if row.state == State.SENT:
            break
        notifications_sweep(now=timezone.now() + timedelta(minutes=10))
        row.refresh_from_db()
    assert row.state == State.SENT and row.attempts == 3
    assert [a.outcome for a in row.attempt_log.all()] == ["retry", "retry", "sent"]


def test_retries_are_bounded_then_the_row_fails_with_the_reason(
    tree, officer_a, procedure, fake_zalo, settings, oa_authorised
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    fake_zalo.inject("zns", status=503, times=50)
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0005", phone=PHONE_A)
    [row] = rows(dossier=dossier)
    for _ in range(6):
        notifications_sweep(now=timezone.now() + timedelta(minutes=10))
    row.refresh_from_db()
    assert row.state == State.FAILED and row.attempts == 3 and "Đã thử 3 lần" in row.reason


def test_a_slow_zalo_is_a_timeout_and_is_retried(tree, officer_a, procedure, fake_zalo, settings, oa_authorised):
    settings.ZALO_READ_TIMEOUT = 0.3
    fake_zalo.inject("zns", delay=1.0, times=1)
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0006", phone=PHONE_A)
    [row] = rows(dossier=dossier)
    notifications_sweep(now=timezone.now() + timedelta(minutes=10))
    row.refresh_from_db()
    assert row.state == State.SENT and row.attempt_log.first().outcome == "retry"


def test_an_expired_token_is_refreshed_once_and_the_message_goes(tree, officer_a, procedure, fake_zalo, oa_authorised):
    fake_zalo.inject("zns", error=-124, times=1)
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0007", phone=PHONE_A)
    [row] = rows(dossier=dossier)
    assert row.state == State.SENT
    assert len(fake_zalo.requests("oa_token")) == 1
    assert [a.outcome for a in row.attempt_log.all()] == ["refresh_token", "sent"]


def test_a_token_that_expires_mid_batch_is_refreshed_once(tree, officer_a, procedure, fake_zalo, oa_authorised):
    receive(officer_a, tree.unit_a, procedure, code="N-0020", phone=PHONE_A)
    fake_zalo.expire_tokens()
    for n in range(5):
        receive(officer_a, tree.unit_a, procedure, code=f"N-002{n + 1}", phone=PHONE_A)
    assert Notification.objects.filter(state=State.SENT).count() == 6
    assert len(fake_zalo.requests("oa_token")) == 1


def test_the_night_time_code_defers_to_six_in_the_morning(tree, officer_a, procedure, fake_zalo, oa_authorised):
    fake_zalo.inject("zns", error=-133, times=1)
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0008", phone=PHONE_A)
    [row] = rows(dossier=dossier)
    assert row.state == State.DEFERRED
    local = timezone.localtime(row.next_attempt_at)
    assert (local.hour, local.minute) == (6, 0) and row.next_attempt_at > timezone.now()
    assert next_night_resume(datetime(2026, 11, 23, 23, 0, tzinfo=HCM)) == datetime(2026, 11, 24, 6, 0, tzinfo=HCM)
    assert next_night_resume(datetime(2026, 11, 23, 2, 0, tzinfo=HCM)) == datetime(2026, 11, 23, 6, 0, tzinfo=HCM)
    notifications_sweep(now=row.next_attempt_at + timedelta(seconds=1))
    row.refresh_from_db()
    assert row.state == State.SENT


def test_an_exhausted_quota_defers_to_the_next_day_not_failed(tree, officer_a, procedure, fake_zalo, oa_authorised):
    fake_zalo.inject("zns", error=-144, times=1)
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0009", phone=PHONE_A)
    [row] = rows(dossier=dossier)
    assert row.state == State.DEFERRED and row.needs_attention
    assert timezone.localtime(row.next_attempt_at).date() == timezone.localdate() + timedelta(days=1)


def test_our_own_daily_quota_defers_the_rest_of_the_day(tree, officer_a, procedure, fake_zalo, settings, oa_authorised):
    settings.NOTIFY_DAILY_QUOTA = {"zns": 1}
    first = receive(officer_a, tree.unit_a, procedure, code="N-0010", phone=PHONE_A)
    second = receive(officer_a, tree.unit_a, procedure, code="N-0011", phone=PHONE_A)
    assert rows(dossier=first)[0].state == State.SENT
    assert rows(dossier=second)[0].state == State.DEFERRED
    assert len(fake_zalo.requests("zns")) == 1


def test_not_reachable_on_the_oa_falls_back_to_zns(dossier, fake_zalo):
    citizen = make_citizen("9003", oa=True, phone="84987000111")
    follow(citizen, dossier)
    fake_zalo.inject("oa_message", error=-230, times=1)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    mine = rows(citizen=citizen)
    assert [(r.channel, r.state) for r in mine] == [(Channel.OA, State.FAILED), (Channel.ZNS, State.SENT)]
    assert "chuyển sang kênh" in mine[0].reason


def test_a_user_who_refused_is_not_chased_on_other_channels(dossier, fake_zalo):
    citizen = make_citizen("9004", oa=True, phone="84987000222")
    follow(citizen, dossier)
    fake_zalo.inject("oa_message", error=-222, times=1)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    assert [(r.channel, r.state) for r in rows(citizen=citizen)] == [(Channel.OA, State.FAILED)]


def test_a_duplicate_task_delivery_sends_once(dossier, fake_zalo):
    [row] = rows(dossier=dossier)
    Notification.objects.filter(pk=row.pk).update(state=State.QUEUED)  # as if redelivered before the ack
    Notification.objects.filter(pk=row.pk).update(state=State.SENDING)
    assert notification_send(notification_id=row.pk) == "not-claimed"
    assert notification_send(notification_id=row.pk) == "not-claimed"
    assert len(fake_zalo.requests("zns")) == 1


def test_a_row_stuck_in_sending_is_swept_and_resent_with_the_same_tracking_id(dossier, fake_zalo, settings):
    [row] = rows(dossier=dossier)
    Notification.objects.filter(pk=row.pk).update(
        state=State.SENDING, sending_started_at=timezone.now() - timedelta(hours=1)
    )
    notifications_sweep()
    row.refresh_from_db()
    assert row.state == State.SENT
    calls = fake_zalo.requests("zns")
    assert [c["json"]["tracking_id"] for c in calls] == [str(row.pk), str(row.pk)]


def test_rescheduling_later_sends_an_apology_with_the_new_date(dossier, fake_zalo):
    dossier_reschedule(dossier=dossier, new_date=dossier.appointment_date + timedelta(days=7), reason="Chờ xác minh")
    [row] = rows(kind="rescheduled")
    body = fake_zalo.requests("zns")[-1]["json"]["template_data"]["noi_dung"]
    assert row.state == State.SENT and "Chờ xác minh" in body


def test_an_inactive_template_sends_nothing(dossier):
    NotificationTemplate.objects.filter(kind="processing").update(active=False)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    assert rows(kind="processing") == []


def test_without_an_authorised_oa_zns_falls_back_and_flags_the_operator(
    tree, officer_a, procedure, fake_zalo, db, settings
):
    settings.NOTIFY_CONSOLE_ENABLED = True
    dossier = receive(officer_a, tree.unit_a, procedure, code="N-0012", phone=PHONE_A)
    first, second = rows(dossier=dossier)
    assert (first.channel, first.state, first.needs_attention) == (Channel.ZNS, State.FAILED, True)
    assert (second.channel, second.state) == (Channel.CONSOLE, State.SENT)


def test_the_outbox_listener_survives_garbage_collection():
    """A receiver defined inside AppConfig.ready() is only weakly referenced unless connected with weak=False."""
    import gc

    from dossiers.signals import dossier_events_created

    gc.collect()
    assert dossier_events_created.has_listeners()
