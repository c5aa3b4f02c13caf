"""A chunk none of whose dossiers was stored when it was read (a first import) is written with plain inserts
(sync/ingest.py, _FRESH_SQL): the same dossiers, events and counts as the upsert; and if one of them was
stored in between (a lookup on demand, a push, another source), the chunk falls back to the upsert, which
keeps the newer version, instead of failing on the code's key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from dossiers.models import Dossier, DossierEvent
from sync import ingest
from sync.mapping import Mapper
from sync.records import clean
from sync.services import sync_context
from tests.sync.conftest import record

pytestmark = pytest.mark.django_db

FIELDS = (
    "procedure_id", "unit_id", "status", "channel", "delivery", "received_at", "appointment_date",
    "first_appointment_date", "applicant_name_masked", "applicant_phone_hash", "source_version", "source",
    "sync_source_id",
)  # fmt: skip  # not the content hash (it covers the code) nor the phone's ciphertext (its nonce is random)
EVENT_FIELDS = ("status", "previous_status", "occurred_at", "note", "actor_label", "source")


def prepared(source, records: list[dict], *, stored: dict[str, str] | None = None) -> ingest.Prepared:  # type: ignore[no-untyped-def]
    context = sync_context(source=source)
    mapper = Mapper(settings.SYNC_FIELD_MAP)
    return ingest.ingest_prepare(rows=[clean(mapper(raw), context) for raw in records], phone_hashes=stored)


def write(source, chunk: ingest.Prepared) -> ingest.ChunkResult:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        return ingest.ingest_chunk(source=source, prepared=chunk, now=timezone.now())


def dossier(code: str) -> dict:
    return Dossier.objects.filter(code=code).values(*FIELDS).get()


def events(code: str) -> list[tuple]:
    return list(DossierEvent.objects.filter(dossier__code=code).order_by("id").values_list(*EVENT_FIELDS))


def statements(chunk_write) -> list[str]:  # type: ignore[no-untyped-def]
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as seen:
        chunk_write()
    return [query["sql"] for query in seen.captured_queries]


def test_a_first_import_chunk_is_written_by_plain_inserts_as_the_upsert_would(source, tree, procedure):
    feed = [record(f"FR-{n}", "2" if n % 2 else "4", minutes_ago=30 - n) for n in range(6)]
    twin = [{**raw, "MaHoSo": raw["MaHoSo"].replace("FR-", "UP-")} for raw in feed]
    fresh = prepared(source, feed)
    assert fresh.fresh
    upserted = prepared(source, twin)
    upserted.fresh = False  # the same records through the upsert, for comparison

    results: list[ingest.ChunkResult] = []
    sql = statements(lambda: results.append(write(source, fresh)))
    writes = [q for q in sql if "INSERT INTO dossiers_dossier AS d" in q]
    assert len(writes) == 1 and "ON CONFLICT" not in writes[0]
    results.append(write(source, upserted))

    got, expected = results
    assert (got.created, got.updated, got.unchanged, got.events, got.notifications) == (
        expected.created, expected.updated, expected.unchanged, expected.events, expected.notifications,
    ) == (6, 0, 0, 6, expected.notifications)  # fmt: skip
    assert expected.notifications > 0  # the recent events notify on both paths
    for n in range(6):
        assert dossier(f"FR-{n}") == dossier(f"UP-{n}")
        assert events(f"FR-{n}") == events(f"UP-{n}")
    assert not Dossier.objects.filter(code__startswith="FR-", applicant_phone_encrypted="").exists()


def test_a_dossier_stored_since_the_chunk_was_read_makes_it_fall_back_to_the_upsert(source, tree, procedure):
    older = record("RACE-1", "2", minutes_ago=60)
    newer = record("RACE-1", "4", minutes_ago=10)
    chunk = prepared(source, [older, record("RACE-2", "2", minutes_ago=50)])  # read while neither was stored
    results: list[ingest.ChunkResult] = []
    assert chunk.fresh
    write(source, prepared(source, [newer]))  # meanwhile a lookup on demand stores RACE-1's newer version

    sql = statements(lambda: results.append(write(source, chunk)))
    writes = [q for q in sql if "INSERT INTO dossiers_dossier AS d" in q]
    assert len(writes) == 2 and "ON CONFLICT" not in writes[0] and "ON CONFLICT" in writes[1]  # tried, fell back
    result = results[0]

    assert (result.created, result.updated, result.unchanged) == (1, 0, 1)
    assert Dossier.objects.get(code="RACE-1").status == 4  # the newer version stays
    assert Dossier.objects.filter(code="RACE-2").exists()
    assert len(events("RACE-1")) == 1 and len(events("RACE-2")) == 1  # nothing written twice


def test_a_chunk_with_a_stored_dossier_goes_straight_to_the_upsert(source, tree, procedure):
    write(source, prepared(source, [record("KNOWN-1", "2", minutes_ago=60)]))
    chunk = prepared(source, [record("KNOWN-1", "4", minutes_ago=5), record("KNOWN-2", "2", minutes_ago=5)])
    assert not chunk.fresh
    sql = statements(lambda: write(source, chunk))
    writes = [q for q in sql if "INSERT INTO dossiers_dossier AS d" in q]
    assert len(writes) == 1 and "ON CONFLICT" in writes[0]
    assert Dossier.objects.get(code="KNOWN-1").status == 4
    assert Dossier.objects.get(code="KNOWN-1").received_at < timezone.now() - timedelta(minutes=30)
