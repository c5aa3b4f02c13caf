"""The result's delivery method and the first promised date through the upstream sync (HTTP feed and files)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dossiers.applicant import id_tail_hash
from dossiers.models import Delivery, Dossier
from sync.models import QuarantinedRecord, QuarantineReason, RunStatus
from sync.services import sync_file_add, sync_run, sync_source_run
from tests.sync.conftest import NOW, make_source, record
from tests.sync.test_runs import CSV_HEAD, csv_row

pytestmark = pytest.mark.django_db(transaction=True)


def run(source):  # type: ignore[no-untyped-def]
    source.refresh_from_db()
    return sync_run(source=source, trigger="test")


def test_the_feed_says_how_the_result_is_returned_and_a_record_without_it_means_the_counter(
    upstream, source, tree, procedure
):
    upstream.add(
        [
            record("DL-1", HinhThucNhanKetQua="2", minutes_ago=30),
            record("DL-2", HinhThucNhanKetQua="VNeID", minutes_ago=29),
            record("DL-3", HinhThucNhanKetQua="gửi qua bưu chính", minutes_ago=28),
            record("DL-4", minutes_ago=27),  # a feed from before the field existed
            record("DL-5", HinhThucNhanKetQua="bằng bồ câu", minutes_ago=26),
        ]
    )
    result = run(source)
    assert (result.status, result.created, result.quarantined) == (RunStatus.SUCCEEDED, 4, 1)
    got = dict(Dossier.objects.values_list("code", "delivery"))
    assert got == {
        "DL-1": Delivery.POST,
        "DL-2": Delivery.ELECTRONIC,
        "DL-3": Delivery.POST,
        "DL-4": Delivery.COUNTER,
    }
    bad = QuarantinedRecord.objects.get()
    assert bad.reason == QuarantineReason.SHAPE and "bằng bồ câu" in bad.detail


def test_an_export_without_the_delivery_column_is_still_valid_and_one_with_it_is_read(tree, procedure):
    files = make_source("tep-xuat", "file", incremental=False)
    sync_file_add(source=files, name="cu.csv", content=(CSV_HEAD + csv_row("OLD-1")).encode())
    head = CSV_HEAD.rstrip("\n") + ";Cách nhận kết quả\n"
    row = csv_row("NEW-1").rstrip("\n") + ";Bưu chính\n"
    sync_file_add(source=files, name="moi.csv", content=(head + row).encode())
    runs = sync_source_run(source=files)
    assert [r.status for r in runs] == [RunStatus.SUCCEEDED, RunStatus.SUCCEEDED]
    assert Dossier.objects.get(code="OLD-1").delivery == Delivery.COUNTER
    assert Dossier.objects.get(code="NEW-1").delivery == Delivery.POST


def test_an_old_dossier_with_a_nine_digit_cmnd_is_imported_and_kept_only_as_hashes(upstream, source, tree, procedure):
    upstream.add([record("CM-1", SoGiayToChuHoSo="012345678")])
    assert run(source).created == 1
    dossier = Dossier.objects.get(code="CM-1")
    assert dossier.applicant_id_tail_hash == id_tail_hash("CM-1", "5678")
    assert "012345678" not in str(Dossier.objects.filter(code="CM-1").values().get())


def test_an_id_number_of_another_length_is_quarantined_with_the_new_name(upstream, source, tree, procedure):
    upstream.add([record("CM-2", SoGiayToChuHoSo="12345")])
    assert run(source).quarantined == 1
    assert "Số định danh cá nhân" in QuarantinedRecord.objects.get().detail


def test_when_upstream_moves_the_date_later_the_first_promised_date_is_kept(upstream, source, tree, procedure):
    # The record's date is its update time + 6 days (50 minutes ago: the day before just after midnight).
    first = (NOW - timedelta(minutes=50) + timedelta(days=6)).date()
    upstream.add([record("MV-1", "4", minutes_ago=50)])
    run(source)
    later = first + timedelta(days=5)
    upstream.replace([record("MV-1", "4", minutes_ago=5, NgayHenTra=later.strftime("%Y%m%d"))])
    run(source)
    dossier = Dossier.objects.get(code="MV-1")
    assert (dossier.first_appointment_date, dossier.appointment_date) == (first, later)
