"""Runs: resume after a crash without duplicates, one run per source at a time, files, the simulator,
schedules and the lag alert."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from dossiers.models import Dossier, DossierEvent, DossierStatus
from notifications.models import Notification
from sync.models import FileState, QuarantinedRecord, RunStatus, SyncFile, SyncRun, SyncSource
from sync.selectors import sources_lagging
from sync.services import sync_file_add, sync_run, sync_source_run, sync_source_schedule
from sync.sources.http import HttpFeed
from tests.sync.conftest import make_source, record

pytestmark = pytest.mark.django_db(transaction=True)


class CrashAfter:
    """The HTTP adapter, but the process 'dies' after `pages` pages (an exception mid-run)."""

    def __init__(self, source, pages: int) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.left = HttpFeed(source), pages
        self.default_version = ""

    def pages(self, cursor: str):  # type: ignore[no-untyped-def]
        for page in self.inner.pages(cursor):
            if self.left == 0:
                raise RuntimeError("worker killed")
            self.left -= 1
            yield page


def test_a_crash_mid_run_resumes_from_the_last_stored_chunk_without_duplicates(upstream, source, tree, procedure):
    upstream.add([record(f"CR-{n:02d}", "4", minutes_ago=100 - n) for n in range(20)])
    crashed = sync_run(source=source, adapter=CrashAfter(source, pages=3))  # pages of 3, chunks of 4
    # The officer reads a plain sentence; the exception itself ("worker killed") is in the log.
    assert crashed.status == RunStatus.FAILED and crashed.error.startswith("Lỗi không mong đợi")
    assert "RuntimeError" not in crashed.error
    stored = Dossier.objects.count()
    assert 0 < stored < 20
    source.refresh_from_db()
    assert source.cursor == crashed.cursor_to  # the cursor of the last committed chunk
    resumed = sync_run(source=source)
    assert resumed.status == RunStatus.SUCCEEDED and resumed.cursor_from == crashed.cursor_to
    assert Dossier.objects.count() == 20
    assert DossierEvent.objects.count() == 20  # one event per dossier: nothing stored twice
    assert Notification.objects.count() == 20
    assert Notification.objects.values("event").distinct().count() == 20


def test_a_run_whose_worker_died_is_marked_interrupted_once_its_lock_expires(upstream, source, tree, procedure):
    dead = SyncRun.objects.create(source=source, status=RunStatus.RUNNING)
    SyncSource.objects.filter(pk=source.pk).update(
        lock_token="dead-worker", locked_until=timezone.now() - timedelta(seconds=1)
    )
    upstream.add([record("I-1")])
    result = sync_run(source=source)
    dead.refresh_from_db()
    assert dead.status == RunStatus.INTERRUPTED
    assert result.status == RunStatus.SUCCEEDED and result.created == 1


def test_a_second_run_while_one_holds_the_lock_is_refused(upstream, source):
    SyncSource.objects.filter(pk=source.pk).update(
        lock_token="other", locked_until=timezone.now() + timedelta(minutes=5)
    )
    refused = sync_run(source=source)
    assert refused.status == RunStatus.REFUSED and "đang" in refused.error
    assert upstream.calls == []


def test_two_runs_started_together_never_overlap(upstream, source, tree, procedure):
    upstream.add([record(f"O-{n}") for n in range(5)])
    upstream.fail(status=200, delay=0.3, times=0)  # no failure; slows nothing
    results: list[str] = []
    barrier = threading.Barrier(2)

    def start() -> None:
        barrier.wait()
        try:
            results.append(sync_run(source=SyncSource.objects.get(pk=source.pk)).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) in (
        [RunStatus.REFUSED, RunStatus.SUCCEEDED],
        [RunStatus.SUCCEEDED, RunStatus.SUCCEEDED],  # the second started after the first had finished
    )
    assert Dossier.objects.count() == 5 and DossierEvent.objects.count() == 5


# --- Files ----------------------------------------------------------------------------------------

CSV_HEAD = "Mã hồ sơ;Mã thủ tục;MÃ ĐƠN VỊ;Trang thai;Ngày tiếp nhận;Ngày hẹn trả;Chủ hồ sơ;Số giấy tờ;Số điện thoại\n"


def csv_row(code: str, status: str = "Đang xử lý") -> str:
    return f"{code};1.004222;T-A;{status};20/11/2026 08:30;27/11/2026;Trần Thị Bình;002085005678;0987654321\n"


@pytest.fixture
def file_source(db) -> SyncSource:
    return make_source("tep-xuat", "file", incremental=False)


def test_a_csv_export_is_imported_with_headings_matched_loosely(file_source, tree, procedure, settings):
    settings.SYNC_CHUNK_SIZE = 2
    content = (CSV_HEAD + csv_row("F-1") + csv_row("F-2", "Đã xử lý xong") + csv_row("F-3", "??")).encode()
    sync_file_add(source=file_source, name="xuat.csv", content=content)
    [run] = sync_source_run(source=file_source)
    assert (run.status, run.fetched, run.created, run.quarantined) == (RunStatus.SUCCEEDED, 3, 2, 1)
    assert Dossier.objects.get(code="F-2").status == DossierStatus.DONE
    assert QuarantinedRecord.objects.get().position == "dòng 4"
    assert SyncFile.objects.get().state == FileState.DONE
    assert sync_source_run(source=file_source) == []  # nothing waiting any more


def test_an_xlsx_export_is_imported(file_source, tree, procedure):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã hồ sơ", "Mã thủ tục", "Mã đơn vị", "Trạng thái", "Ngày tiếp nhận", "Số điện thoại"])
    sheet.append(["X-1", "1.004222", "T-A", 9, timezone.now().replace(tzinfo=None), "0912345678"])
    buffer = io.BytesIO()
    book.save(buffer)
    sync_file_add(source=file_source, name="xuat.xlsx", content=buffer.getvalue())
    [run] = sync_source_run(source=file_source)
    assert (run.status, run.created) == (RunStatus.SUCCEEDED, 1)
    assert Dossier.objects.get(code="X-1").status == DossierStatus.DONE


def test_the_same_file_twice_is_refused_and_a_broken_file_fails_its_run(file_source):
    from common.errors import ApplicationError

    sync_file_add(source=file_source, name="a.csv", content=b"PK\x03\x04broken zip")
    with pytest.raises(ApplicationError, match="đã được tải lên"):
        sync_file_add(source=file_source, name="b.csv", content=b"PK\x03\x04broken zip")
    [run] = sync_source_run(source=file_source)
    assert run.status == RunStatus.FAILED and "XLSX" in run.error
    assert SyncFile.objects.get().state == FileState.FAILED


def test_bytes_that_are_not_utf8_quarantine_their_row_only(file_source, tree, procedure):
    content = CSV_HEAD.encode() + csv_row("U-1").encode() + csv_row("U-2").encode().replace(b"Tr", b"\xff\xfe")
    sync_file_add(source=file_source, name="x.csv", content=content)
    [run] = sync_source_run(source=file_source)
    assert (run.created, run.quarantined) == (1, 1)
    assert QuarantinedRecord.objects.get().reason == "encoding"


def test_files_dropped_in_the_folder_are_picked_up_once(file_source, tree, procedure, settings, tmp_path):
    settings.SYNC_DROP_DIR = str(tmp_path)
    (tmp_path / "hom-nay.csv").write_text(CSV_HEAD + csv_row("DROP-1"), encoding="utf-8")
    [run] = sync_source_run(source=file_source)
    assert run.created == 1 and not (tmp_path / "hom-nay.csv").exists()
    assert [p.name.endswith("hom-nay.csv") for p in (tmp_path / "done").iterdir()] == [True]


# --- Simulator, schedule, lag -----------------------------------------------------------------------


def test_the_demo_simulator_receives_new_dossiers_and_moves_earlier_ones(tree, procedure):
    demo = make_source("gia-lap", "demo")
    first = sync_run(source=demo)
    assert list(QuarantinedRecord.objects.values_list("detail", flat=True)) == []
    assert (first.status, first.created) == (RunStatus.SUCCEEDED, 3)
    second = sync_run(source=demo)
    assert second.created == 3 and second.updated == 3
    moved = Dossier.objects.filter(code__startswith="HS-SIM-").exclude(status=DossierStatus.RECEIVED)
    assert moved.count() == 3


def test_each_source_gets_a_beat_entry_following_its_interval_and_switch(db):
    from django_celery_beat.models import PeriodicTask

    source = make_source("lich", interval_minutes=7)
    sync_source_schedule(source=source)
    task = PeriodicTask.objects.get(name="Đồng bộ hồ sơ: lich")
    assert (task.task, task.args, task.interval.every, task.enabled) == ("sync.run_source", f"[{source.pk}]", 7, True)
    source.enabled = False
    source.save()
    sync_source_schedule(source=source)
    task.refresh_from_db()
    assert task.enabled is False


def test_a_source_without_success_for_longer_than_its_alert_time_is_lagging(db):
    source = make_source(lag_alert_minutes=30)
    now = timezone.now()
    SyncSource.objects.filter(pk=source.pk).update(last_success_at=now - timedelta(minutes=20), last_run_at=now)
    assert sources_lagging(now=now) == []
    SyncSource.objects.filter(pk=source.pk).update(last_success_at=now - timedelta(minutes=45))
    [lag] = sources_lagging(now=now)
    assert lag.minutes == 45 and "45 phút" in lag.text


def test_readyz_and_the_status_page_name_a_lagging_source(client, db, admin_user):
    source = make_source(lag_alert_minutes=30)
    SyncSource.objects.filter(pk=source.pk).update(
        last_success_at=timezone.now() - timedelta(hours=2), last_run_at=timezone.now()
    )
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and any("Nguồn mot-cua: 120 phút" in w for w in body["warnings"])
    from ops.selectors import system_status

    [line] = [line for line in system_status(inspect_workers=False) if line.name.startswith("Đồng bộ")]
    assert not line.ok and "120 phút" in line.detail


def test_a_file_source_with_its_own_map_reads_another_systems_headings(tree, procedure):
    # A second one-stop system whose export names its columns differently: the source's map, not the setting.
    source = make_source(
        "tep-he-thong-khac",
        "file",
        incremental=False,
        field_map={
            "code": "Số biên nhận",
            "procedure_code": "Thủ tục",
            "unit_code": "Cơ quan",
            "status": "Tình trạng",
            "received_at": "Tiếp nhận lúc",
            "applicant_phone": "Điện thoại",
        },
    )
    content = (
        "So bien nhan,Thu tuc,Co quan,Tinh trang,Tiep nhan luc,Dien thoai\n"
        "K-1,1.004222,T-A,Đang xử lý,20/11/2026 08:30,0987654321\n"
    ).encode()
    sync_file_add(source=source, name="khac.csv", content=content)
    [run] = sync_source_run(source=source)
    assert (run.status, run.created, run.quarantined) == (RunStatus.SUCCEEDED, 1, 0), run.error
    assert Dossier.objects.get(code="K-1").status == DossierStatus.PROCESSING
    # The settings' headings mean nothing to this source: a file in that layout has no code column for it.
    sync_file_add(source=source, name="mac-dinh.csv", content=(CSV_HEAD + csv_row("K-2")).encode())
    [failed] = sync_source_run(source=source)
    assert failed.status == RunStatus.FAILED and "«Số biên nhận»" in failed.error
