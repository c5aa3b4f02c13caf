"""Most dossiers reach their result through the upstream sync: its chunks invite citizens to rate too."""

from __future__ import annotations

import pytest

from dossiers.models import Dossier, DossierFollow
from notifications.models import Kind, Notification
from ratings.models import Rating
from sync.services import sync_run
from tests.notifications.conftest import _templates  # noqa: F401 - transactional tests flush the shipped texts
from tests.ratings.conftest import verified
from tests.sync.conftest import record, source, upstream  # noqa: F401 - the fake one-stop feed

pytestmark = pytest.mark.django_db(transaction=True)


def run(source):  # type: ignore[no-untyped-def]  # noqa: F811
    source.refresh_from_db()
    return sync_run(source=source, trigger="test")


def reminders():  # type: ignore[no-untyped-def]
    return Notification.objects.filter(kind=Kind.RATING_REMINDER)


def test_a_dossier_finished_upstream_invites_its_owner_and_followers_once(
    upstream,  # noqa: F811
    source,  # noqa: F811
    tree,
    procedure,
    citizen,
    other_citizen,
):
    verified(citizen, "0912345678")  # the phone the upstream record carries
    upstream.add([record("H56-R-0001", "4", minutes_ago=30), record("H56-R-0002", "4", minutes_ago=30)])
    run(source)
    DossierFollow.objects.create(citizen=other_citizen, dossier=Dossier.objects.get(code="H56-R-0001"))
    assert not reminders().exists()
    upstream.add([record("H56-R-0001", "9", minutes_ago=20), record("H56-R-0002", "9", minutes_ago=20)])
    run(source)
    got = sorted((n.dossier.code, n.citizen_id) for n in reminders())
    assert got == sorted([("H56-R-0001", citizen.pk), ("H56-R-0001", other_citizen.pk), ("H56-R-0002", citizen.pk)])
    upstream.add([record("H56-R-0001", "10", minutes_ago=10), record("H56-R-0002", "10", minutes_ago=10)])
    run(source)
    assert reminders().count() == 3  # returned after done: nothing more


def test_a_rated_dossier_moved_again_upstream_is_not_reminded(upstream, source, tree, procedure, citizen):  # noqa: F811
    verified(citizen, "0912345678")
    upstream.add([record("H56-R-0003", "4", minutes_ago=30)])
    run(source)
    dossier = Dossier.objects.get(code="H56-R-0003")
    Rating.objects.create(
        dossier=dossier,
        unit=dossier.unit,
        procedure=dossier.procedure,
        level=3,
        proof="phone",
        created_at=dossier.received_at,
    )
    upstream.add([record("H56-R-0003", "10", minutes_ago=10)])
    run(source)
    assert not reminders().exists()
