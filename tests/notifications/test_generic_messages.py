"""Messages not tied to a dossier event (notify_citizen): ratings and reports use the same pipeline."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from notifications.models import Channel, Kind, Notification, NotificationTemplate, State
from notifications.services import notification_resend, notify_citizen
from tests.notifications.conftest import make_citizen

pytestmark = pytest.mark.django_db(transaction=True)

LINK = "https://zalo.me/s/123/reports/track?code=PA-7K3M9QXR"


def tell(citizen, unit, *, key: str = "report-reply:1", kind: str = Kind.REPORT_REPLY, **extra):  # type: ignore[no-untyped-def]
    values = {"code": "PA-7K3M9QXR", "report_kind": "Phản ánh", "unit": unit.name, "reply": "Đã xử lý xong."}
    with transaction.atomic():
        return notify_citizen(key=key, kind=kind, citizen=citizen, unit=unit, values=values, link=LINK, **extra)


def test_a_reply_reaches_an_oa_follower_with_its_own_text_and_link(tree, fake_zalo, oa_authorised):
    citizen = make_citizen("7001", oa=True)
    row = tell(citizen, tree.unit_a)
    row.refresh_from_db()
    assert (row.kind, row.channel, row.state, row.unit) == (Kind.REPORT_REPLY, Channel.OA, State.SENT, tree.unit_a)
    assert row.dossier is None and row.event is None
    [call] = fake_zalo.requests("oa_message")
    payload = call["json"]["message"]["attachment"]["payload"]
    assert "Đã xử lý xong." in payload["elements"][1]["content"]
    assert tree.unit_a.name in payload["elements"][0]["content"]
    assert payload["buttons"][0]["payload"]["url"] == LINK
    assert payload["elements"][2]["content"][0] == {"key": "Mã", "value": "PA-7K3M9QXR"}


def test_the_same_key_twice_makes_one_message(tree, fake_zalo, oa_authorised):
    citizen = make_citizen("7002", oa=True)
    assert tell(citizen, tree.unit_a) is not None
    assert tell(citizen, tree.unit_a) is None
    assert Notification.objects.filter(citizen=citizen).count() == 1
    assert len(fake_zalo.requests("oa_message")) == 1


def test_no_citizen_is_recorded_as_skipped_with_the_reason(tree, fake_zalo, oa_authorised):
    row = tell(None, tree.unit_a)
    assert row.state == State.SKIPPED and "ẩn danh" in row.reason
    assert fake_zalo.requests("oa_message") == []


def test_a_switched_off_template_sends_nothing(tree, fake_zalo, oa_authorised):
    NotificationTemplate.objects.filter(kind=Kind.REPORT_REPLY).update(active=False)
    assert tell(make_citizen("7003", oa=True), tree.unit_a) is None


def test_a_rolled_back_caller_leaves_no_row(tree, fake_zalo, oa_authorised):
    citizen = make_citizen("7004", oa=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        tell(citizen, tree.unit_a)
        raise RuntimeError("the officer's save failed")
    assert not Notification.objects.filter(citizen=citizen).exists()


def test_an_unreachable_oa_follower_falls_back_to_zns_by_the_citizens_phone(tree, fake_zalo, oa_authorised, settings):
    settings.NOTIFY_ZNS_TEMPLATES = {"report_reply": {"template_id": "demo-report-reply", "params": {"ma": "code"}}}
    fake_zalo.inject("oa_message", error=-213, times=1)
    citizen = make_citizen("7005", oa=True, phone="84987654321")
    first = tell(citizen, tree.unit_a)
    rows = list(Notification.objects.filter(citizen=citizen).order_by("id"))
    assert [(r.channel, r.state) for r in rows] == [(Channel.OA, State.FAILED), (Channel.ZNS, State.SENT)]
    assert rows[1].key == f"{first.key}>zns" and rows[1].link == LINK and rows[1].unit == tree.unit_a
    [call] = fake_zalo.requests("zns")
    assert call["json"]["phone"] == "84987654321"
    assert call["json"]["template_data"] == {"ma": "PA-7K3M9QXR"}


def test_a_resend_keeps_the_text_and_the_unit(tree, fake_zalo, oa_authorised, settings):
    settings.NOTIFY_CONSOLE_ENABLED = True
    citizen = make_citizen("7006")
    settings.NOTIFY_CHANNEL_ORDER = ["oa"]
    row = tell(citizen, tree.unit_a)
    assert row.state == State.SKIPPED
    settings.NOTIFY_CHANNEL_ORDER = ["console"]
    with transaction.atomic():
        again = notification_resend(notification=row)
    again.refresh_from_db()
    assert (again.channel, again.state, again.values["reply"], again.unit) == (
        Channel.CONSOLE, State.SENT, "Đã xử lý xong.", tree.unit_a
    )  # fmt: skip


def test_officers_see_only_their_units_report_messages(tree, officer_a, officer_b, fake_zalo, oa_authorised, client):
    from tests.notifications.test_receipts_and_admin import _perms

    mine = tell(make_citizen("7007", oa=True), tree.unit_a, key="report-reply:A")
    theirs = tell(make_citizen("7008", oa=True), tree.unit_b, key="report-reply:B")
    officer_a.user_permissions.add(*_perms("view_notification"))
    client.force_login(officer_a)
    body = client.get(reverse("admin:notifications_notification_changelist")).content.decode()
    assert f"/notification/{mine.pk}/change/" in body
    assert f"/notification/{theirs.pk}/change/" not in body
    assert client.get(reverse("admin:notifications_notification_change", args=[theirs.pk])).status_code in (302, 404)
