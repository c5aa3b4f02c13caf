"""A run's chunks validated in a process forked from the run's (SYNC_VALIDATE_PROCESSES): the same rows,
events, quarantine and placeholder procedures as validating in the reading process; the parent's database
session survives the child; a child's failure fails the run like any other, and the next run resumes."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from django.db import connection

from dossiers.models import Dossier, DossierEvent
from procedures.models import Procedure
from sync import services
from sync.models import QuarantinedRecord, RunStatus
from sync.services import sync_run
from tests.sync.conftest import record

pytestmark = pytest.mark.django_db(transaction=True)

COMPARED = (
    "procedure__code", "unit_id", "status", "channel", "delivery", "received_at", "appointment_date", "finished_at",
    "returned_at", "reason", "applicant_name_masked", "applicant_id_hash", "applicant_phone_hash", "source_version",
    "first_appointment_date",  # not the content hash: it covers the code
)  # fmt: skip


def feed(prefix: str) -> list[dict]:
    """Eighteen records over six pages and three chunks: good ones, one without a status (quarantined) and
    one of a procedure nobody wrote a guide for (a placeholder, created by whichever process validates it)."""
    records = [record(f"{prefix}-{n:02d}", "4" if n % 3 else "2", minutes_ago=100 - n) for n in range(16)]
    records.append(record(f"{prefix}-BAD", "", minutes_ago=30))
    records.append(record(f"{prefix}-NEW", "4", minutes_ago=20, MaTTHC="2.009999", TenTTHC="Thủ tục mới"))
    return records


def _in_child() -> bool:
    return bool(services._child)


def stored(prefix: str) -> dict[str, tuple]:
    rows = Dossier.objects.filter(code__startswith=prefix).values_list("code", *COMPARED)
    return {row[0].split("-", 1)[1]: row[1:] for row in rows}


@pytest.fixture
def pids(monkeypatch, tmp_path: Path) -> Path:
    """Each chunk's validation writes its process id here (a forked child inherits the patched module)."""
    out = tmp_path / "pids"
    real = services._prepare

    def recording(records, *args, **kwargs):  # type: ignore[no-untyped-def]
        with out.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(records, *args, **kwargs)

    monkeypatch.setattr(services, "_prepare", recording)
    return out


def test_a_run_validated_in_another_process_stores_what_the_reading_process_would(
    upstream, source, tree, procedure, settings, pids
):
    source.create_placeholders = True
    source.save()
    settings.SYNC_VALIDATE_PROCESSES = 1
    upstream.add(feed("PR"))
    forked = sync_run(source=source)  # first: the placeholder is created by the validating process
    settings.SYNC_VALIDATE_PROCESSES = 0
    upstream.replace(feed("IN"))
    source.refresh_from_db()
    source.cursor = ""
    source.save()
    inline = sync_run(source=source)

    assert inline.status == forked.status == RunStatus.SUCCEEDED
    # The forked run: its chunks (full ones, the first too) validated by the other process; the inline run:
    # all of them here.
    here, chunks = str(os.getpid()), pids.read_text().split()
    assert forked.chunks == inline.chunks == 3 and len(chunks) == 6
    assert chunks[0] == chunks[1] == chunks[2] != here and chunks[3:] == [here] * 3
    assert stored("PR") == stored("IN") and len(stored("PR")) == 17
    for field in ("fetched", "created", "updated", "unchanged", "quarantined", "events", "notifications", "chunks"):
        assert getattr(forked, field) == getattr(inline, field), field
    assert QuarantinedRecord.objects.filter(run=forked, code="PR-BAD").exists()
    # The placeholder is one procedure, created by the validating process and found by the second run.
    assert Procedure.objects.filter(code="2.009999").count() == 1
    assert DossierEvent.objects.filter(dossier__code__startswith="PR").count() == 17
    with connection.cursor() as cursor:  # the run's own session was left alone by the child
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_failure_in_the_validating_process_fails_the_run_and_the_next_run_resumes(
    upstream, source, tree, procedure, settings, monkeypatch
):
    settings.SYNC_VALIDATE_PROCESSES = 1
    # Thirty-two records, six chunks: FX-10 is in the second, while the third and fourth are being validated.
    upstream.add(feed("FX") + [record(f"FX-{n:02d}", "4", minutes_ago=15 - n / 10) for n in range(16, 30)])
    real = services._prepare

    def breaking(records, *args, **kwargs):  # type: ignore[no-untyped-def]
        if any(raw.get("MaHoSo", raw.get("code")) == "FX-10" for _, raw in records):
            assert _in_child(), "FX-10 is in a later chunk: validated by the other process"
            raise MemoryError("validating process out of memory")
        return real(records, *args, **kwargs)

    monkeypatch.setattr(services, "_prepare", breaking)
    failed = sync_run(source=source)
    assert failed.status == RunStatus.FAILED and failed.error.startswith("Lỗi không mong đợi")
    # The first chunk committed; the broken one did not, and neither did any after it (the cursor would have
    # moved past records never stored).
    assert failed.chunks == 1 and Dossier.objects.filter(code__startswith="FX").count() == 6
    source.refresh_from_db()
    assert source.cursor == failed.cursor_to

    monkeypatch.setattr(services, "_prepare", real)
    resumed = sync_run(source=source)
    assert resumed.status == RunStatus.SUCCEEDED and resumed.cursor_from == failed.cursor_to
    assert Dossier.objects.filter(code__startswith="FX").count() == 31  # all but the one without a status
    assert DossierEvent.objects.filter(dossier__code__startswith="FX").count() == 31  # nothing stored twice


def test_a_celery_worker_process_which_is_daemonic_still_validates_in_another_process(
    upstream, source, tree, procedure, settings, pids, monkeypatch
):
    # Celery's prefork pool marks its processes daemonic; multiprocessing then refuses to start children.
    monkeypatch.setitem(multiprocessing.current_process()._config, "daemon", True)
    settings.SYNC_VALIDATE_PROCESSES = 1
    upstream.add(feed("CW"))
    run = sync_run(source=source)
    assert run.status == RunStatus.SUCCEEDED and run.created == 17
    chunks = pids.read_text().split()
    assert chunks[0] == chunks[1] == chunks[2] != str(os.getpid())
    assert multiprocessing.current_process()._config["daemon"] is True  # given back as it was


def test_a_run_of_fewer_records_than_a_chunk_forks_nothing(upstream, source, tree, procedure, settings, pids):
    settings.SYNC_VALIDATE_PROCESSES = 2
    upstream.add([record("FEW-1", "4", minutes_ago=20), record("FEW-2", "4", minutes_ago=10)])
    run = sync_run(source=source)
    assert run.status == RunStatus.SUCCEEDED and run.created == 2
    assert pids.read_text().split() == [str(os.getpid())]
