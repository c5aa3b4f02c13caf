"""Fees with a validity period: the 50% reduction on căn cước fees ends on 31/12/2026, and from 1/1/2027 the
app shows the full fee without anyone editing text; editors are warned before the period ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from procedures import serializers as procedure_serializers
from procedures.models import ProcedureChannel
from procedures.selectors import fee_period_warnings
from tests.procedures.factories import ChannelFactory, ProcedureFactory


@pytest.fixture
def renewal(db):
    """Cấp đổi thẻ căn cước: 50.000 đồng, 50% off from 01/7/2025 to the end of 2026 (Thông tư 64/2025/TT-BTC)."""
    procedure = ProcedureFactory(code="1.014063", name="Cấp đổi thẻ căn cước")
    ChannelFactory(
        procedure=procedure,
        channel="truc_tiep",
        fee="",
        fee_amount=50000,
        reduction_percent=50,
        reduction_valid_from=date(2025, 7, 1),
        reduction_valid_to=date(2026, 12, 31),
        reduction_basis="Thông tư số 64/2025/TT-BTC",
    )
    return procedure


def test_the_reduced_fee_applies_on_the_last_day_of_the_period(renewal):
    fee = renewal.channels.get().fee_on(date(2026, 12, 31))
    assert (fee.amount, fee.full_amount, fee.reduction_percent) == (25000, 50000, 50)
    assert fee.text == "25.000 đồng (giảm 50% đến hết ngày 31/12/2026; mức đầy đủ 50.000 đồng)"


def test_the_full_fee_applies_from_the_day_after(renewal):
    fee = renewal.channels.get().fee_on(date(2027, 1, 1))
    assert (fee.amount, fee.reduction_percent, fee.reduced_until) == (50000, None, None)
    assert fee.text == "50.000 đồng"


def test_the_reduction_does_not_apply_before_it_starts(renewal):
    assert renewal.channels.get().fee_on(date(2025, 6, 30)).amount == 50000


@pytest.mark.parametrize(
    ("today", "amount", "text"),
    [
        (date(2026, 12, 31), 25000, "25.000 đồng (giảm 50% đến hết ngày 31/12/2026; mức đầy đủ 50.000 đồng)"),
        (date(2027, 1, 1), 50000, "50.000 đồng"),
    ],
)
def test_the_api_returns_the_fee_in_force_today(api, renewal, monkeypatch, today, amount, text):
    monkeypatch.setattr(procedure_serializers.timezone, "localdate", lambda: today)
    channel = api.get(f"/api/v1/procedures/{renewal.pk}/").json()["channels"][0]
    assert channel["fee_in_force"]["amount"] == amount
    assert channel["fee_in_force"]["text"] == text
    assert channel["fee_amount"] == 50000  # the full amount, as entered


def test_a_reduction_needs_its_dates_and_its_basis(db):
    channel = ProcedureChannel(
        procedure=ProcedureFactory(), channel="truc_tiep", fee_amount=50000, reduction_percent=50
    )
    with pytest.raises(ValidationError):
        channel.clean()
    channel.reduction_valid_from, channel.reduction_valid_to = date(2027, 1, 1), date(2026, 12, 31)
    channel.reduction_basis = "Thông tư số 64/2025/TT-BTC"
    with pytest.raises(ValidationError):
        channel.clean()  # ends before it starts
    channel.reduction_valid_to = date(2027, 6, 30)
    channel.clean()


def test_editors_are_warned_in_the_days_before_a_reduction_ends_and_not_earlier(renewal, settings):
    settings.FEE_PERIOD_WARNING_DAYS = 45
    assert fee_period_warnings(today=date(2026, 11, 15)) == []  # 46 days before
    warnings = fee_period_warnings(today=date(2026, 11, 16))
    assert len(warnings) == 1 and "1.014063" in warnings[0] and "31/12/2026" in warnings[0]
    assert fee_period_warnings(today=date(2027, 1, 1)) == []  # ended: the full fee is shown by itself


def test_the_admin_lists_procedures_whose_reduction_ends_soon(editor, settings):
    settings.FEE_PERIOD_WARNING_DAYS = 30
    today = timezone.localdate()
    ending = ProcedureFactory(code="1.014064", name="Cấp lại thẻ căn cước")
    ChannelFactory(
        procedure=ending,
        fee_amount=70000,
        reduction_percent=50,
        reduction_valid_from=today - timedelta(days=100),
        reduction_valid_to=today + timedelta(days=10),
        reduction_basis="Thông tư thử nghiệm",
    )
    later = ProcedureFactory(code="1.014065", name="Thủ tục giảm phí còn lâu")
    ChannelFactory(
        procedure=later,
        fee_amount=70000,
        reduction_percent=50,
        reduction_valid_from=today,
        reduction_valid_to=today + timedelta(days=31),
        reduction_basis="Thông tư thử nghiệm",
    )
    ChannelFactory(procedure=ProcedureFactory(code="1.000001", name="Thủ tục không giảm phí"))
    client = Client()
    client.force_login(editor)
    listed = client.get("/admin/procedures/procedure/", {"fee_reduction": "ending"}).context["cl"].result_list
    assert list(listed) == [ending]
    index = client.get("/admin/").content.decode()
    assert "1.014064" in index and "1.014065" not in index


def test_the_demo_id_card_fees_carry_their_reduction_as_data_not_text(db):
    from procedures.demo import demo_guides_load
    from procedures.models import Procedure

    demo_guides_load()
    for code, full in (("1.014063", 50000), ("1.014064", 70000)):
        for channel in Procedure.objects.get(code=code).channels.all():
            assert (channel.fee_amount, channel.reduction_percent) == (full, 50)
            assert (channel.reduction_valid_from, channel.reduction_valid_to) == (date(2025, 7, 1), date(2026, 12, 31))
            assert "31/12/2026" not in channel.fee + channel.note
            assert channel.fee_on(date(2027, 1, 1)).amount == full
            assert channel.fee_on(date(2026, 12, 31)).amount == full // 2
