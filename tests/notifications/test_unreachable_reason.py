"""A message no channel can carry is kept as skipped with a reason that names what is missing for this citizen
and this kind, so an officer knows whether to ask the citizen to follow the OA or the IT officer to declare a ZNS
template."""

from __future__ import annotations

import pytest
from django.db import transaction

from notifications.models import Kind, State
from notifications.services import notify_citizen
from tests.notifications.conftest import make_citizen

pytestmark = pytest.mark.django_db


def answer(citizen, unit):  # type: ignore[no-untyped-def]
    values = {"unit": unit.name, "question": "Hỏi", "reply": "Trả lời"}
    with transaction.atomic():
        return notify_citizen(
            key="question-answer:1", kind=Kind.QUESTION_ANSWER, citizen=citizen, unit=unit, values=values, link=""
        )


def test_a_citizen_with_no_way_to_reach_them_gets_every_cause_named(tree, settings):
    settings.NOTIFY_CHANNEL_ORDER = ["oa_cs", "oa", "zns", "miniapp"]
    row = answer(make_citizen("8101"), tree.unit_a)
    assert row.state == State.SKIPPED
    assert row.reason == (
        "Không có kênh nào tới được người nhận (chưa quan tâm OA, không có số điện thoại, "
        "chưa cho phép thông báo trong Mini App)."
    )


def test_a_follower_with_a_phone_is_told_apart_from_one_without(tree, settings):
    settings.NOTIFY_CHANNEL_ORDER = ["oa_cs", "oa", "zns", "miniapp"]
    settings.NOTIFY_MINIAPP_ENABLED = False
    settings.NOTIFY_ZNS_TEMPLATES = {}
    row = answer(make_citizen("8102", oa=True, phone="0912000222"), tree.unit_a)
    assert row.state == State.SKIPPED
    assert row.reason == (
        "Không có kênh nào tới được người nhận (quá thời hạn trả lời qua tin nhắn OA, "
        "chưa khai báo mẫu ZNS cho loại tin này)."
    )


def test_the_demo_declares_a_zns_template_for_every_kind(settings):
    """The embedded demo reaches a citizen with a phone whatever the kind (production declares its own)."""
    from config.settings import notifications

    assert set(notifications.NOTIFY_ZNS_TEMPLATES) == set(Kind.values)
