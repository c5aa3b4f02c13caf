"""Delivery receipts through the signed webhook, and notifications in the officers' admin."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Channel, Notification, State
from tests.dossiers.conftest import PHONE_A, PHONE_B, receive
from tests.zalo.test_webhook import post
from zalo.models import WebhookEvent

pytestmark = pytest.mark.django_db(transaction=True)


def receipt(msg_id: str, tracking_id: str = "") -> dict:
    return {
        "event_name": "user_received_message",
        "app_id": "fake-app-id",
        "sender": {"id": "oa"},
        "recipient": {"id": "8000000000000000001"},
        "message": {"msg_id": msg_id, "tracking_id": tracking_id},
        "timestamp": str(int(time.time() * 1000)),
    }


@pytest.fixture
def sent(tree, officer_a, procedure, oa_authorised):
    dossier = receive(officer_a, tree.unit_a, procedure, code="W-0001", phone=PHONE_A)
    [row] = Notification.objects.filter(dossier=dossier)
    assert row.state == State.SENT and row.provider_message_id
    return row


def test_a_receipt_marks_the_message_delivered(client, sent, settings):
    assert post(client, receipt(sent.provider_message_id), settings=settings).status_code == 200
    sent.refresh_from_db()
    assert sent.state == State.DELIVERED and sent.delivered_at


def test_a_zns_receipt_matches_by_our_tracking_id(client, sent, settings):
    post(client, receipt("unknown-msg", tracking_id=str(sent.pk)), settings=settings)
    sent.refresh_from_db()
    assert sent.state == State.DELIVERED


def test_a_receipt_that_arrives_before_its_row_is_kept_and_retried_not_dropped(client, db, settings):
    # In eager mode the task gives up at once instead of waiting: the event records why.
    post(client, receipt("not-yet-committed"), settings=settings)
    event = WebhookEvent.objects.get(event_name="user_received_message")
    assert "gave up" in event.error


def test_the_webhook_handler_asks_for_a_retry_while_the_row_may_still_come(db):
    from notifications.receipts import on_received
    from zalo.webhook import HandlerRetry

    with pytest.raises(HandlerRetry):
        on_received(receipt("not-yet-committed"))
    stale = receipt("never")
    stale["timestamp"] = str(int((time.time() - 3600) * 1000))
    on_received(stale)  # too old to wait for: ignored


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_officers_see_only_their_units_notifications(tree, officer_a, officer_b, procedure, oa_authorised):
    from accounts import roles
    from tests.factories import OfficerFactory

    receive(officer_a, tree.unit_a, procedure, code="W-A", phone=PHONE_A)
    receive(officer_b, tree.unit_b, procedure, code="W-B", phone=PHONE_B)
    leader = OfficerFactory(username="leader_w", unit=tree.unit_a, roles=[roles.UNIT_LEADER])
    leader.user_permissions.add(*_perms("view_notification", "change_notification"))
    page = logged_in(leader).get(reverse("admin:notifications_notification_changelist"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "W-A" in body and "W-B" not in body


def _perms(*codenames: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="notifications", codename__in=codenames)


def test_a_failed_notification_can_be_resent_as_a_new_row(
    tree, officer_a, procedure, fake_zalo, oa_authorised, settings
):
    from accounts import roles
    from tests.factories import OfficerFactory

    fake_zalo.inject("zns", error=-114, times=1)  # the user cannot receive: failed, no other channel
    dossier = receive(officer_a, tree.unit_a, procedure, code="W-C", phone=PHONE_A)
    [failed] = Notification.objects.filter(dossier=dossier)
    assert failed.state == State.FAILED
    leader = OfficerFactory(username="leader_r", unit=tree.unit_a, roles=[roles.UNIT_LEADER])
    leader.user_permissions.add(*_perms("view_notification", "change_notification"))
    response = logged_in(leader).post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "resend", "_selected_action": [failed.pk], "index": 0},
    )
    assert response.status_code == 302
    resent = Notification.objects.get(resend_of=failed)
    assert (resent.channel, resent.state) == (Channel.ZNS, State.SENT)
    assert resent.key == f"{failed.key}:resend-1"


def test_the_daily_summary_counts_per_channel_and_state(tree, officer_a, procedure, oa_authorised, provincial_admin):
    receive(officer_a, tree.unit_a, procedure, code="W-D", phone=PHONE_A)
    provincial_admin.user_permissions.add(*_perms("view_notification"))
    page = logged_in(provincial_admin).get(reverse("admin:notifications_notification_summary"))
    assert page.status_code == 200
    assert page.context["days"][0]["channel"] == "zns" and page.context["days"][0]["total"] == 1


def test_a_template_with_an_unknown_placeholder_is_refused(provincial_admin):
    from notifications.admin import TemplateForm

    form = TemplateForm(
        data={"kind": "received", "title": "Hồ sơ {ma}", "body": "{code}", "button_label": "Xem", "active": True}
    )
    assert not form.is_valid() and "title" in form.errors
