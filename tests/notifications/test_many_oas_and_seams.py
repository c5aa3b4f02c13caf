"""A citizen's message comes from the OA of the unit handling their dossier when they follow it (walking up the
unit tree), else from the province's; and the Zalo seam corrections: -220, -126, -1121, user_seen_message, the
Mini App channel off by default."""

from __future__ import annotations

import pytest

from dossiers.models import DossierStatus
from dossiers.services import dossier_status_change
from notifications.models import Channel, Notification, State
from notifications.receipts import on_seen
from tests.dossiers.conftest import PHONE_A, receive
from tests.notifications.conftest import follow, make_citizen
from tests.zalo.test_many_oas import OA_A, three_oas
from zalo.fake.app import PROVINCE_OA_ID
from zalo.followers import oa_follower_follow

pytestmark = pytest.mark.django_db(transaction=True)  # messages go after commit, as in production


def _oa_rows(citizen) -> list[Notification]:
    return list(Notification.objects.filter(citizen=citizen, channel=Channel.OA).order_by("id"))


def test_a_follower_of_the_unit_oa_hears_from_it_and_others_from_the_province(tree, officer_a, procedure, fake_zalo):
    province, oa_a, _ = three_oas(tree, fake_zalo)
    # The dossier is handled by a team under ward A: the nearest OA up the tree is ward A's.
    dossier = receive(officer_a, tree.unit_a_child, procedure, code="M-0001", phone="")
    unit_follower = make_citizen("9101", oa=True)
    oa_follower_follow(oa=oa_a, follower_id="a-9101", zalo_user_id="9101")
    oa_follower_follow(oa=province, follower_id="follower-9101", zalo_user_id="9101")
    province_only = make_citizen("9102", oa=True)
    oa_follower_follow(oa=province, follower_id="follower-9102", zalo_user_id="9102")
    for citizen in (unit_follower, province_only):
        follow(citizen, dossier)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    assert [r.state for r in _oa_rows(unit_follower) + _oa_rows(province_only)] == [State.SENT, State.SENT]
    sent = {c["json"]["recipient"]["user_id"]: c["oa_id"] for c in fake_zalo.requests("oa_message")}
    assert sent == {"a-9101": OA_A, "follower-9102": PROVINCE_OA_ID}


def test_a_follower_of_another_units_oa_only_falls_back_to_zns(tree, officer_a, procedure, fake_zalo):
    _, _, oa_b = three_oas(tree, fake_zalo)
    dossier = receive(officer_a, tree.unit_a, procedure, code="M-0002", phone=PHONE_A)
    citizen = make_citizen("9103", phone=PHONE_A)
    citizen.follows_oa = True
    citizen.save()
    oa_follower_follow(oa=oa_b, follower_id="b-9103", zalo_user_id="9103")
    follow(citizen, dossier)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    assert not fake_zalo.requests("oa_message")  # unit B's OA does not speak for ward A's dossier
    oa_row = Notification.objects.get(citizen=citizen, channel=Channel.OA, event__status=DossierStatus.PROCESSING)
    assert oa_row.state == State.FAILED and "không quan tâm OA" in oa_row.reason
    assert "chuyển sang kênh ZNS" in oa_row.reason
    assert Notification.objects.filter(citizen=citizen, channel=Channel.ZNS).exists()


def test_oa_error_220_token_expired_is_a_refresh_then_one_retry(tree, officer_a, procedure, fake_zalo, oa_authorised):
    dossier = receive(officer_a, tree.unit_a, procedure, code="M-0003", phone="")
    citizen = make_citizen("9104", oa=True)
    follow(citizen, dossier)
    fake_zalo.inject("oa_message", error=-220, times=1)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    [row] = _oa_rows(citizen)
    assert row.state == State.SENT
    assert [a.outcome for a in row.attempt_log.all()] == ["refresh_token", "sent"]
    assert len(fake_zalo.requests("oa_token")) == 1 and len(fake_zalo.requests("oa_message")) == 2


def test_zns_126_off_the_development_whitelist_is_not_a_quota(tree, officer_a, procedure, fake_zalo, oa_authorised):
    fake_zalo.inject("zns", error=-126, times=1)
    dossier = receive(officer_a, tree.unit_a, procedure, code="M-0004", phone=PHONE_A)
    [row] = Notification.objects.filter(dossier=dossier, channel=Channel.ZNS)
    assert row.state == State.FAILED and row.next_attempt_at is None  # not deferred to the next quota day
    assert "whitelist" in row.reason and [a.outcome for a in row.attempt_log.all()] == ["fallback"]


def test_zns_parameters_are_cut_to_the_templates_limits_so_1121_never_comes(
    tree, officer_a, procedure, fake_zalo, oa_authorised, settings
):
    template = {
        "template_id": "tpl-short",
        "params": {"ma_ho_so": "code", "noi_dung": "body"},
        "max_lengths": {"ma_ho_so": 30, "noi_dung": 20},
    }
    settings.NOTIFY_ZNS_TEMPLATES = {**settings.NOTIFY_ZNS_TEMPLATES, "received": template}
    fake_zalo.zns_limits({"tpl-short": {"noi_dung": 20}})  # Zalo refuses longer with -1121
    dossier = receive(officer_a, tree.unit_a, procedure, code="M-0005", phone=PHONE_A)
    [row] = Notification.objects.filter(dossier=dossier, channel=Channel.ZNS)
    assert row.state == State.SENT
    [call] = fake_zalo.requests("zns")
    body = call["json"]["template_data"]["noi_dung"]
    assert len(body) == 20 and body.endswith("…")


def test_zns_1121_if_it_still_comes_gives_up_and_alerts(tree, officer_a, procedure, fake_zalo, oa_authorised):
    fake_zalo.inject("zns", error=-1121, times=1)
    dossier = receive(officer_a, tree.unit_a, procedure, code="M-0006", phone=PHONE_A)
    [row] = Notification.objects.filter(dossier=dossier, channel=Channel.ZNS)
    assert row.state == State.FAILED and "too long" in row.reason


def test_user_seen_message_makes_an_oa_message_delivered_and_seen(tree, officer_a, procedure, fake_zalo, oa_authorised):
    dossier = receive(officer_a, tree.unit_a, procedure, code="M-0007", phone="")
    citizen = make_citizen("9105", oa=True)
    follow(citizen, dossier)
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    [row] = _oa_rows(citizen)
    assert row.state == State.SENT and row.provider_message_id
    on_seen({"event_name": "user_seen_message", "message": {"msg_ids": [row.provider_message_id, "other"]}})
    row.refresh_from_db()
    assert row.state == State.DELIVERED and row.delivered_at and row.seen_at
    # Counted once for the usage figures (the dossier's unit, the channel), and not again on a repeated event.
    from usage.models import UsageEvent
    from usage.recording import usage_flush

    on_seen({"event_name": "user_seen_message", "message": {"msg_ids": [row.provider_message_id]}})
    usage_flush()
    opened = UsageEvent.objects.filter(kind="notification_opened")
    assert list(opened.values_list("key", "unit_id")) == [(Channel.OA, tree.unit_a.pk)]


def test_the_mini_app_channel_is_off_until_an_operator_turns_it_on():
    from config.settings import notifications

    assert notifications.NOTIFY_MINIAPP_ENABLED is False  # the shipped default (no NOTIFY_MINIAPP_ENABLED set)
