"""The "result ready" message follows the dossier's delivery method (issue 20): no "come with your slip" when the
result goes by post or is seen on VNeID."""

from __future__ import annotations

import pytest

from dossiers.models import Delivery, DossierStatus
from dossiers.services import dossier_status_change
from notifications.messages import facts, render, template_check
from notifications.models import NotificationTemplate
from tests.dossiers.conftest import procedure, receive  # noqa: F401 - shared cast


@pytest.mark.parametrize(
    ("delivery", "says", "never"),
    [
        (Delivery.COUNTER, "đến nhận kết quả tại Quầy 1", "VNeID"),
        (Delivery.POST, "bưu chính", "Mang"),
        (Delivery.ELECTRONIC, "VNeID", "Mang"),
    ],
)
def test_the_done_message_says_how_the_result_comes(officer_a, tree, procedure, delivery, says, never):  # noqa: F811
    dossier = receive(officer_a, tree.unit_a, procedure, delivery=delivery, collect_location="Quầy 1")
    event = dossier_status_change(dossier=dossier, new_status=DossierStatus.DONE)
    template = NotificationTemplate.objects.get(kind="done")
    assert template_check(template.body) == []
    message = render(template, facts(dossier, event), "https://zalo.me/s/1/dossiers/lookup?code=x")
    assert says in message.body and never not in message.body
    assert "giấy hẹn" not in message.body and "Đăng ký thường trú" in message.body
