"""The outbox rows of many events written at once (a sync chunk): one statement on PostgreSQL, every column as
the model defines it, and an event handled twice keeps its first rows (not inserted again, not re-sent once sent)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.utils import timezone

from dossiers.models import DossierEvent, DossierStatus
from dossiers.services import dossier_status_change
from notifications import outbox
from notifications.models import Notification, State
from tests.dossiers.conftest import PHONE_A, receive
from tests.notifications.conftest import follow, make_citizen

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(monkeypatch):
    sent: list[list[int]] = []
    monkeypatch.setattr(outbox, "enqueue_many", lambda ids, **kwargs: sent.append(list(ids)))
    return sent


def test_many_events_rows_in_one_statement_with_every_default_and_a_second_pass_adds_nothing(
    tree, officer_a, procedure, published, django_assert_max_num_queries
):
    dossiers = [receive(officer_a, tree.unit_a, procedure, code=f"OB-{n:03d}", phone=PHONE_A) for n in range(30)]
    citizen = make_citizen("7001", oa=True)
    follow(citizen, dossiers[0])
    Notification.objects.all().delete()
    published.clear()
    events = [
        DossierEvent.objects.create(
            dossier=d, status=DossierStatus.PROCESSING, previous_status=d.status, occurred_at=timezone.now()
        )
        for d in dossiers
    ]

    # templates, dossiers, follows, owners, the insert (SQLite, the embedded demo: the keys taken, the ids)
    with transaction.atomic(), django_assert_max_num_queries(5 if connection.vendor == "postgresql" else 7):
        created = outbox.notifications_for_events(events=events)
    assert len(created) == 31  # 30 applicants by phone, and the follower of the first
    stored = {row.key: row for row in Notification.objects.all()}
    assert {row.key: row.pk for row in created} == {key: row.pk for key, row in stored.items()}
    follower_row = stored[f"{events[0].pk}:c{citizen.pk}:oa"]
    assert (follower_row.citizen_id, follower_row.dossier_id, follower_row.unit_id) == (
        citizen.pk, dossiers[0].pk, tree.unit_a.pk,
    )  # fmt: skip
    for row in stored.values():  # the model's defaults, as bulk_create would have written them
        assert row.values == {} and row.link == "" and row.attempts == 0 and row.needs_attention is False
        assert row.created_at and abs(row.updated_at - row.created_at).total_seconds() < 1 and row.sent_at is None
    assert sorted(published[0]) == sorted(r.pk for r in created if r.state == State.QUEUED)

    # The same events again (a chunk retried): nothing new, the stored rows come back, sent ones are not re-sent.
    Notification.objects.filter(pk=follower_row.pk).update(state=State.SENT, attempts=1)
    published.clear()
    with transaction.atomic():
        again = outbox.notifications_for_events(events=events)
    assert Notification.objects.count() == 31
    assert sorted(r.pk for r in again) == sorted(stored[k].pk for k in stored)
    assert next(r for r in again if r.pk == follower_row.pk).state == State.SENT
    assert follower_row.pk not in (published[0] if published else [])


def test_an_officer_status_change_still_writes_its_one_row(tree, officer_a, procedure, published):
    dossier = receive(officer_a, tree.unit_a, procedure, code="OB-900", phone=PHONE_A)
    before = Notification.objects.filter(dossier=dossier).count()
    dossier_status_change(dossier=dossier, new_status=DossierStatus.PROCESSING)
    after = list(Notification.objects.filter(dossier=dossier).order_by("id"))
    assert len(after) == before + 1 and after[-1].kind == "processing" and after[-1].pk in published[-1]
