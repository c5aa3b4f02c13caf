"""Once a dossier has its result, the citizens who may rate it are invited, once per dossier."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from dossiers.models import Dossier, DossierEvent, DossierFollow, DossierStatus
from dossiers.services import dossier_status_change
from dossiers.signals import dossier_events_created
from notifications.models import Kind, Notification
from ratings.models import Level
from ratings.services import rating_create, rating_link
from tests.dossiers.conftest import PHONE_A
from tests.ratings.conftest import verified


def reminders():  # type: ignore[no-untyped-def]
    return Notification.objects.filter(kind=Kind.RATING_REMINDER)


def upstream_moves(dossier: Dossier, *statuses: int) -> None:
    """What the upstream sync does (sync/ingest.py): it writes the statuses the one-stop system owns, any
    move allowed, and sends their events as one chunk."""
    events = []
    for status in statuses:
        previous, dossier.status = dossier.status, status
        events.append(
            DossierEvent(
                dossier=dossier, status=status, previous_status=previous, occurred_at=timezone.now(), source="sync"
            )
        )
    with transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(status=dossier.status)
        dossier_events_created.send(sender=DossierEvent, events=DossierEvent.objects.bulk_create(events))


def test_the_follower_and_the_phone_owner_are_invited_once_when_the_result_is_there(dossiers, citizen, other_citizen):
    verified(citizen, PHONE_A)  # owner of dossier A by phone
    DossierFollow.objects.create(citizen=other_citizen, dossier=dossiers.a)
    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.PROCESSING)
    assert not reminders().exists()
    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.DONE)
    rows = list(reminders().order_by("citizen_id"))
    assert [r.citizen for r in rows] == [citizen, other_citizen]
    assert {r.key for r in rows} == {f"rating-reminder:{dossiers.a.pk}:c{c.pk}" for c in (citizen, other_citizen)}
    assert rows[0].values == {"code": "A-0001", "procedure": "Đăng ký thường trú", "unit": dossiers.a.unit.name}
    assert rows[0].link == rating_link(dossiers.a.pk) and rows[0].unit_id == dossiers.a.unit_id
    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.RETURNED)
    assert reminders().count() == 2  # returned after done: no second invitation


def test_a_follower_and_owner_who_are_the_same_citizen_get_one_reminder(dossiers, citizen):
    verified(citizen, PHONE_A)
    DossierFollow.objects.create(citizen=citizen, dossier=dossiers.a)
    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.DONE)
    assert reminders().count() == 1


def test_a_dossier_rated_already_is_not_reminded(dossiers, citizen):
    DossierFollow.objects.create(citizen=citizen, dossier=dossiers.a)
    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.DONE)
    reminders().delete()
    rating_create(citizen=citizen, dossier=dossiers.a, proof="lookup", level=Level.SATISFIED)
    # The upstream system may move a dossier back and forth; a rated one is never asked again.
    upstream_moves(dossiers.a, DossierStatus.PROCESSING, DossierStatus.RETURNED)
    assert not reminders().exists()


def test_nobody_to_invite_writes_nothing(dossiers):
    dossier_status_change(dossier=dossiers.b, new_status=DossierStatus.DONE)
    assert not reminders().exists()


@pytest.mark.parametrize("status", [DossierStatus.REJECTED, DossierStatus.STOPPED])
def test_a_dossier_not_received_or_stopped_is_an_invitation_too(dossiers, citizen, status):
    # The unhappy endings are rated as well: leaving them out would flatter the published figure.
    DossierFollow.objects.create(citizen=citizen, dossier=dossiers.a)
    upstream_moves(dossiers.a, status)
    assert [r.citizen for r in reminders()] == [citizen]
    assert reminders().get().key == f"rating-reminder:{dossiers.a.pk}:c{citizen.pk}"


def test_a_withdrawn_dossier_is_not_an_invitation(dossiers, citizen):
    DossierFollow.objects.create(citizen=citizen, dossier=dossiers.a)
    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.WITHDRAWN, reason="Rút")
    assert not reminders().exists()


def test_the_invitation_text_fits_a_dossier_that_was_not_received(dossiers, citizen):
    from notifications.models import NotificationTemplate

    body = NotificationTemplate.objects.get(kind=Kind.RATING_REMINDER).body
    assert "đã có kết quả" not in body and "đã kết thúc" in body
