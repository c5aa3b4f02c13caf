"""The sync's two write paths (set-based on PostgreSQL, the ORM for the embedded SQLite mode) put the same
notes on the timeline, a cleared appointment date included."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dossiers.models import DossierEvent
from sync import ingest
from sync.mapping import Mapper
from sync.records import clean
from sync.services import sync_context
from tests.sync.conftest import NOW, record

pytestmark = pytest.mark.django_db


def write(path: str, source, records: list[dict]) -> None:  # type: ignore[no-untyped-def]
    """One chunk per record, through the given path (both run on the test's PostgreSQL)."""
    context = sync_context(source=source)
    mapper = Mapper(settings.SYNC_FIELD_MAP)
    for raw in records:
        prepared = ingest.ingest_prepare(rows=[clean(mapper(raw), context)])
        with transaction.atomic():
            if path == "postgresql":
                ingest._ingest_postgresql(source, prepared, timezone.now(), False, timezone.now())
            else:
                ingest._ingest_orm(source, prepared.rows, timezone.now(), False)


def history(code: str, *, minutes: list[int], dates: list[datetime | None], statuses: list[str]) -> list[dict]:
    return [
        record(code, status, minutes_ago=ago, NgayHenTra=f"{day:%Y%m%d}" if day else "")
        for ago, day, status in zip(minutes, dates, statuses, strict=True)
    ]


def test_both_write_paths_note_a_new_status_a_moved_date_and_a_cleared_date_alike(source, tree, procedure):
    later = NOW + timedelta(days=9)
    steps = {
        "minutes": [50, 40, 30, 20, 10],
        "dates": [NOW + timedelta(days=6), later, None, later, later],
        "statuses": ["2", "2", "2", "2", "4"],  # received; moved; cleared; set again; processing
    }
    write("postgresql", source, history("PG-1", **steps))
    write("orm", source, history("ORM-1", **steps))

    def notes(code: str) -> list[str]:
        return list(DossierEvent.objects.filter(dossier__code=code).order_by("id").values_list("note", flat=True))

    assert notes("PG-1") == notes("ORM-1")
    moved = f"{ingest.APPOINTMENT_MOVED}{later:%d/%m/%Y}"
    assert notes("ORM-1")[1:4] == [moved, "Ngày hẹn trả kết quả mới: chưa có", moved]
    assert notes("ORM-1")[0] != notes("ORM-1")[4]  # a new status says the upstream's note for it


@pytest.mark.parametrize("same_status", [True, False])
@pytest.mark.parametrize("day", [None, NOW.date()])
def test_the_note_builder_is_what_the_sql_writes(same_status, day):
    """event_note (the ORM path) against the SQL expression of the set-based path, on the same inputs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN %(same)s THEN %(moved)s || coalesce(to_char(%(day)s::date, 'DD/MM/YYYY'), %(no_date)s)"
            " ELSE %(note)s END",
            {
                "same": same_status,
                "day": day,
                "note": "Cán bộ đã tiếp nhận hồ sơ.",
                "moved": ingest.APPOINTMENT_MOVED,
                "no_date": ingest.NO_APPOINTMENT,
            },
        )
        (written,) = cursor.fetchone()
    assert written == ingest.event_note(
        same_status=same_status, appointment_date=day, status_note="Cán bộ đã tiếp nhận hồ sơ."
    )
