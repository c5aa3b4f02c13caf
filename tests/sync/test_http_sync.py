"""The HTTP feed end to end: fake upstream over real HTTP → adapter → validation → upsert on PostgreSQL."""

from __future__ import annotations

import pytest

from dossiers.models import Dossier, DossierEvent, DossierStatus
from notifications.models import Notification
from sync.models import QuarantinedRecord, RunStatus, SyncRun
from sync.services import sync_run
from tests.dossiers.conftest import HCM
from tests.sync.conftest import record

pytestmark = pytest.mark.django_db(transaction=True)


def run(source):  # type: ignore[no-untyped-def]
    source.refresh_from_db()
    return sync_run(source=source, trigger="test")


def test_pages_are_followed_with_the_auth_header_and_every_record_lands(upstream, source, tree, procedure):
    upstream.add([record(f"H56.01-251120-{n:04d}", minutes_ago=100 - n) for n in range(7)])
    result = run(source)
    assert (result.status, result.fetched, result.created, result.quarantined) == (RunStatus.SUCCEEDED, 7, 7, 0)
    assert Dossier.objects.filter(code__startswith="H56.01-").count() == 7
    calls = upstream.calls
    assert len(calls) == 4  # 3 + 3 + 1, then an empty page
    assert all(call["auth"] == "Bearer fake-upstream-token" for call in calls)
    assert [call["query"].get("limit") for call in calls] == ["3"] * 4
    source.refresh_from_db()
    assert source.cursor.endswith("H56.01-251120-0006") and source.last_success_at is not None


def test_the_field_mapping_is_the_sources_own(upstream, source, tree, procedure):
    source.field_map = {**source.field_map, "code": "soHoSo", "status": "tinhTrang"}
    source.save()
    raw = record("X")
    raw["soHoSo"], raw["tinhTrang"] = raw.pop("MaHoSo"), "9"
    upstream.add([raw])
    assert run(source).created == 1
    assert Dossier.objects.get(code="X").status == DossierStatus.DONE


def test_personal_fields_are_hashed_or_encrypted_and_the_raw_id_number_is_not_stored(upstream, source, tree, procedure):
    upstream.add([record("P-1")])
    run(source)
    dossier = Dossier.objects.get(code="P-1")
    assert dossier.applicant_name_masked == "Nguyễn V. A."
    assert dossier.applicant_phone_encrypted and "0912345678" not in dossier.applicant_phone_encrypted
    stored = " ".join(str(v) for v in Dossier.objects.filter(code="P-1").values().first().values())
    assert "001090001234" not in stored and "1234" not in dossier.applicant_id_tail_hash


def test_a_wrong_token_fails_the_run_without_retrying(upstream, source):
    source.auth_secret = "Bearer wrong"
    source.save()
    result = run(source)
    assert result.status == RunStatus.FAILED and "xác thực" in result.error
    assert len(upstream.calls) == 1


def test_server_errors_and_broken_bodies_are_retried(upstream, source, tree, procedure):
    upstream.add([record("R-1")])
    upstream.fail(status=503, times=1)
    upstream.fail(status=200, times=1, body="{not json")
    result = run(source)
    assert (result.status, result.created) == (RunStatus.SUCCEEDED, 1)


def test_a_source_that_stays_down_fails_the_run_and_keeps_the_cursor(upstream, source, tree, procedure):
    upstream.fail(status=500, times=50)
    result = run(source)
    assert result.status == RunStatus.FAILED and "HTTP 500" in result.error
    source.refresh_from_db()
    assert source.cursor == "" and source.last_success_at is None


def test_a_hanging_source_times_out(upstream, source, settings):
    settings.SYNC_HTTP_RETRIES = 1
    upstream.fail(delay=1.0, times=2)
    result = run(source)
    assert result.status == RunStatus.FAILED and "hết thời gian chờ phản hồi" in result.error


BAD = [
    ("missing", {"MaTTHC": ""}),
    ("status", {"TrangThaiHoSo": "99"}),
    ("date", {"NgayTiepNhan": "31/02/2026"}),
    ("too_long", {"LyDo": "x" * 2001}),
    ("nul", {"ChuHoSo": "Nguyễn\x00Văn"}),
    ("encoding", {"ChuHoSo": "Nguy\ud800n"}),
    ("procedure", {"MaTTHC": "9.999999"}),
    ("unit", {"MaDonVi": "KHONG-CO"}),
    ("id_number", {"SoGiayToChuHoSo": "12AB"}),
    ("number", {"LePhi": "hai trăm"}),
    ("too_large", {"GhiChu": "y" * 70000}),
]


@pytest.mark.parametrize(("reason", "change"), BAD, ids=[b[0] for b in BAD])
def test_each_kind_of_bad_record_is_quarantined_and_the_batch_goes_on(
    upstream, source, tree, procedure, reason, change
):
    source.create_placeholders = False  # (the placeholder for an unknown procedure: tests/sync/test_sources.py)
    source.save()
    upstream.add([record("GOOD-1", minutes_ago=30), record("BAD-1", minutes_ago=20, **change), record("GOOD-2")])
    result = run(source)
    assert (result.status, result.created, result.quarantined) == (RunStatus.SUCCEEDED, 2, 1)
    [bad] = QuarantinedRecord.objects.all()
    assert bad.reason == reason and bad.run_id == result.pk and bad.detail
    assert "001090001234" not in bad.raw  # the raw record is kept with its personal numbers masked
    assert not Dossier.objects.filter(code="BAD-1").exists()


def test_a_record_that_is_not_an_object_is_quarantined(upstream, source, tree, procedure):
    upstream.add([record("GOOD-1")])
    upstream.records.append("not a record")
    upstream.keys.append("~")
    result = run(source)
    assert (result.created, result.quarantined) == (1, 1)
    assert QuarantinedRecord.objects.get().reason == "shape"


def test_the_newest_upstream_update_wins_whatever_the_order(upstream, source, tree, procedure):
    upstream.add([record("N-1", "9", minutes_ago=5)])
    run(source)
    # An older update of the same dossier arrives later (a replay, a slow replica): it changes nothing.
    source.cursor = ""
    source.save()
    upstream.replace([record("N-1", "4", minutes_ago=60)])
    result = run(source)
    assert (result.updated, result.unchanged) == (0, 1)
    assert Dossier.objects.get(code="N-1").status == DossierStatus.DONE


def test_the_same_dossier_twice_in_one_chunk_keeps_the_newest(upstream, source, tree, procedure):
    upstream.add([record("D-1", "9", minutes_ago=1), record("D-1", "4", minutes_ago=50)])
    result = run(source)
    assert result.created == 1 and Dossier.objects.get(code="D-1").status == DossierStatus.DONE


def test_running_the_same_batch_again_changes_nothing_and_sends_nothing(upstream, source, tree, procedure):
    upstream.add([record(f"S-{n}", "4", minutes_ago=n) for n in range(6)])
    first = run(source)
    assert first.created == 6 and first.notifications == 6
    before = list(Dossier.objects.order_by("code").values_list("code", "updated_at", "synced_at"))
    events, messages = DossierEvent.objects.count(), Notification.objects.count()
    source.cursor = ""  # the same batch, from the start
    source.save()
    again = run(source)
    assert (again.fetched, again.created, again.updated, again.unchanged) == (6, 0, 0, 6)
    assert (again.events, again.notifications) == (0, 0)
    assert list(Dossier.objects.order_by("code").values_list("code", "updated_at", "synced_at")) == before
    assert (DossierEvent.objects.count(), Notification.objects.count()) == (events, messages)


def test_notifications_are_created_exactly_for_the_changed_dossiers(upstream, source, tree, procedure):
    upstream.add([record(f"C-{n}", "4", minutes_ago=30 + n) for n in range(5)])
    run(source)
    assert Notification.objects.count() == 5
    upstream.add([record("C-1", "9", minutes_ago=2), record("C-3", "5", minutes_ago=1, LyDo="Bổ sung ảnh 4x6")])
    result = run(source)
    assert (result.updated, result.events, result.notifications) == (2, 2, 2)
    new = Notification.objects.order_by("-id")[:2]
    assert sorted((n.dossier.code, n.kind) for n in new) == [("C-1", "done"), ("C-3", "supplement")]
    assert Dossier.objects.get(code="C-3").reason == "Bổ sung ảnh 4x6"
    timeline = list(DossierEvent.objects.filter(dossier__code="C-1").values_list("previous_status", "status"))
    assert timeline == [(None, 4), (4, 9)]


def test_a_moved_appointment_date_is_a_timeline_entry_and_an_apology(upstream, source, tree, procedure):
    upstream.add([record("M-1", "4", minutes_ago=30, NgayHenTra="20261205")])
    run(source)
    upstream.add([record("M-1", "4", minutes_ago=5, NgayHenTra="20261210")])
    run(source)
    event = DossierEvent.objects.filter(dossier__code="M-1").latest("id")
    assert (event.previous_status, event.status) == (4, 4) and "10/12/2026" in event.note
    assert Notification.objects.filter(dossier__code="M-1").latest("id").kind == "rescheduled"


def test_old_changes_go_on_the_timeline_without_texting_anyone(upstream, source, tree, procedure, settings):
    settings.SYNC_NOTIFY_MAX_AGE_HOURS = 72
    upstream.add([record("OLD-1", "10", minutes_ago=60 * 24 * 30), record("NEW-1", "2", minutes_ago=5)])
    result = run(source)
    assert (result.events, result.notifications) == (2, 1)
    assert not Notification.objects.filter(dossier__code="OLD-1").exists()


def test_every_run_is_recorded_with_its_counts(upstream, source, tree, procedure):
    upstream.add([record("K-1"), record("K-2", TrangThaiHoSo="77")])
    run(source)
    saved = SyncRun.objects.get()
    assert (saved.fetched, saved.created, saved.quarantined, saved.chunks) == (2, 1, 1, 1)
    assert saved.cursor_from == "" and saved.cursor_to and saved.finished_at and saved.duration_seconds is not None


def test_citizens_see_when_the_source_last_confirmed_the_status(upstream, source, tree, procedure, citizen):
    from dossiers.models import Dossier
    from sync.models import SyncSource
    from tests.dossiers.conftest import citizen_client, verified

    upstream.add([record("F-1", "4")])
    run(source)
    synced_at = Dossier.objects.get(code="F-1").synced_at
    client = citizen_client(citizen)
    body = client.post("/api/v1/dossiers/lookup", {"code": "F-1", "verifier": "1234"}, format="json").json()
    assert body["confirmed_by"] == "Hệ thống một cửa"
    assert body["confirmed_at"] == synced_at.astimezone(HCM).isoformat()
    # A later run with nothing new still confirms every dossier of an incremental feed.
    run(source)
    confirmed = SyncSource.objects.get(pk=source.pk).last_success_at
    assert confirmed > synced_at
    body = client.post("/api/v1/dossiers/lookup", {"code": "F-1", "verifier": "1234"}, format="json").json()
    assert body["confirmed_at"] == confirmed.astimezone(HCM).isoformat()
    mine = citizen_client(verified(citizen, "0912345678")).get("/api/v1/me/dossiers/").json()
    assert mine["results"][0]["confirmed_at"] == body["confirmed_at"]
