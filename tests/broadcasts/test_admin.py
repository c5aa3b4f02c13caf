"""The broadcast admin is scoped to the editor's unit subtree: another unit's editor can neither see, nor stop,
nor resume, nor read the recipients of a broadcast; the OA and ward choices are limited the same way."""

from __future__ import annotations

import pytest

from broadcasts import services
from broadcasts.models import Broadcast, BroadcastRecipient, SendState
from common.errors import ApplicationError
from publishing.services import content_publish, content_submit
from tests.broadcasts.conftest import draft, followers


@pytest.fixture
def sent_by_a(tree, oas, editor_a, approver, fake_zalo, django_capture_on_commit_callbacks):
    _, oa_a, _ = oas
    followers(oa_a, 5, prefix="a")
    broadcast = draft(editor_a, oa_a, seconds=-1)
    content_submit(item=broadcast, user=editor_a)
    content_publish(item=broadcast, user=approver)
    with django_capture_on_commit_callbacks(execute=True):
        services.broadcasts_tick()
    broadcast.refresh_from_db()
    return broadcast


def test_the_owning_editor_sees_progress_and_outcomes(client, sent_by_a, editor_a):
    assert sent_by_a.send_state == SendState.DONE
    client.force_login(editor_a)
    page = client.get("/admin/broadcasts/broadcast/").content.decode()
    assert sent_by_a.title in page and "5/5 đã gửi" in page
    outcomes = client.get(f"/admin/broadcasts/broadcastrecipient/?broadcast__id__exact={sent_by_a.pk}")
    assert outcomes.status_code == 200 and outcomes.content.decode().count("Đã gửi") >= 5


def test_an_editor_of_another_unit_cannot_see_stop_resume_or_read_outcomes(client, sent_by_a, editor_b):
    client.force_login(editor_b)
    assert sent_by_a.title not in client.get("/admin/broadcasts/broadcast/").content.decode()
    assert client.get(f"/admin/broadcasts/broadcast/{sent_by_a.pk}/change/").status_code in (302, 404)
    outcomes = client.get("/admin/broadcasts/broadcastrecipient/").content.decode()
    assert "0 người nhận" in outcomes and sent_by_a.title not in outcomes
    Broadcast.objects.filter(pk=sent_by_a.pk).update(send_state=SendState.SENDING)
    # The admin action with a forged selection: the row is outside the editor's queryset, nothing happens.
    client.post(
        "/admin/broadcasts/broadcast/",
        {"action": "stop", "_selected_action": [sent_by_a.pk], "index": 0},
    )
    assert Broadcast.objects.get(pk=sent_by_a.pk).send_state == SendState.SENDING
    # And the service itself refuses, whoever calls it.
    with pytest.raises(ApplicationError) as refused:
        services.broadcast_stop(broadcast=sent_by_a, user=editor_b)
    assert refused.value.code == "broadcast_not_allowed"


def test_an_editor_can_only_pick_their_units_oa_and_wards(client, tree, oas, editor_b):
    province, oa_a, oa_b = oas
    client.force_login(editor_b)
    form = client.get("/admin/broadcasts/broadcast/add/").content.decode()
    assert f'value="{oa_b.pk}"' in form
    assert f'value="{oa_a.pk}"' not in form and f'value="{province.pk}"' not in form
    assert f'value="{tree.unit_a.pk}"' not in form


def test_a_broadcast_nobody_approved_is_never_sent(tree, oas, editor_a, fake_zalo):
    _, oa_a, _ = oas
    followers(oa_a, 3, prefix="a")
    broadcast = draft(editor_a, oa_a, seconds=-1)
    content_submit(item=broadcast, user=editor_a)
    assert services.broadcasts_tick()["started"] == 0
    assert not BroadcastRecipient.objects.exists() and not fake_zalo.requests("oa_promotion")
