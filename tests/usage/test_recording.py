"""Recording: what is kept (no personal data), the final count of a day, the purge, the API's own events."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.utils import timezone

from tests.procedures.factories import ProcedureFactory
from usage import recording
from usage.models import Kind, UsageDaily, UsageEvent
from usage.recording import usage_flush, usage_record, usage_visit
from usage.services import search_query_key, usage_aggregate_day, usage_purge_raw


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(14, 47, 13)))


def test_recording_writes_nothing_until_the_buffer_is_flushed(db):
    usage_record(Kind.PAGE_VIEW, key="/")
    assert UsageEvent.objects.count() == 0 and recording.pending() == 1
    assert usage_flush() == 1
    assert UsageEvent.objects.count() == 1 and recording.pending() == 0


def test_a_visit_keeps_neither_the_device_nor_the_citizen_and_the_time_only_to_the_hour(db):
    day = date(2026, 11, 3)
    usage_visit(citizen_id=None, device_id="device-1234567890", now=at(day))
    usage_visit(citizen_id=42, device_id="device-1234567890", now=at(day))
    usage_flush()
    keys = list(UsageEvent.objects.values_list("key", flat=True))
    assert len(set(keys)) == 2 and all(len(k) == 16 for k in keys)
    assert not any("device" in k or "42" == k for k in keys)
    assert {e.occurred_at.minute for e in UsageEvent.objects.all()} == {0}


def test_the_same_person_on_two_days_gives_unrelated_keys(db):
    usage_visit(citizen_id=None, device_id="dev", now=at(date(2026, 11, 3)))
    usage_visit(citizen_id=None, device_id="dev", now=at(date(2026, 11, 4)))
    usage_flush()
    assert len(set(UsageEvent.objects.values_list("key", flat=True))) == 2


def test_a_day_two_days_back_is_final_its_keys_and_salt_are_gone_and_its_count_stays(
    db, django_capture_on_commit_callbacks
):
    day, today = date(2026, 11, 3), date(2026, 11, 5)
    for device in ("a", "b", "a"):
        usage_visit(citizen_id=None, device_id=device, now=at(day))
    usage_flush()
    assert cache.get(recording.SALT_KEY.format(day=day.isoformat()))
    usage_aggregate_day(day=day, today=date(2026, 11, 4))  # not final yet: the keys stay
    assert UsageEvent.objects.exclude(key="").count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        usage_aggregate_day(day=day, today=today)
    assert cache.get(recording.SALT_KEY.format(day=day.isoformat())) is None
    assert UsageEvent.objects.exclude(key="").count() == 0
    assert UsageDaily.objects.get(day=day, kind=Kind.VISITORS).count == 2
    assert UsageDaily.objects.get(day=day, kind=Kind.VISIT).count == 3
    usage_aggregate_day(day=day, today=today)  # again: the count taken before the keys were blanked stands
    assert UsageDaily.objects.get(day=day, kind=Kind.VISITORS).count == 2


def test_raw_events_older_than_the_retention_are_purged_and_their_counts_kept(db, settings):
    settings.USAGE_RAW_DAYS = 30
    today = date(2026, 12, 31)
    for day in (today - timedelta(days=31), today - timedelta(days=30)):
        usage_record(Kind.LOOKUP, now=at(day))
    usage_flush()
    usage_aggregate_day(day=today - timedelta(days=30), today=today)
    assert usage_purge_raw(today=today) == 1
    assert list(UsageEvent.objects.values_list("day", flat=True)) == [today - timedelta(days=30)]
    # A day past the retention is never recounted from nothing.
    assert usage_aggregate_day(day=today - timedelta(days=31), today=today) == 0


def test_unmatched_searches_lose_anything_that_looks_personal():
    assert search_query_key("Gọi 0912 345 678 hỏi CCCD") == "gọi # hỏi cccd"
    assert search_query_key("mat cccd 012345678901") == "mat cccd #"
    assert search_query_key("nguyen@example.com quên mật khẩu") == "# quên mật khẩu"
    assert search_query_key("   ") == ""


def test_the_api_records_searches_and_guide_reads_even_from_its_cache(api, db):
    procedure = ProcedureFactory(name="Đăng ký tạm trú")
    for _ in range(2):
        assert api.get("/api/v1/procedures/", {"search": "khong co thu tuc nay"}).status_code == 200
        assert api.get(f"/api/v1/procedures/{procedure.pk}/").status_code == 200
    api.get("/api/v1/procedures/", {"search": "khong co thu tuc nay", "page": "2"})  # a next page: not a new search
    api.get("/api/v1/faqs/", {"search": "dang ky"})
    usage_flush()
    rows = sorted(UsageEvent.objects.values_list("kind", "key"))
    assert rows == sorted(
        [(Kind.SEARCH, "procedures")] * 2
        + [(Kind.SEARCH_EMPTY, "khong co thu tuc nay")] * 2
        + [(Kind.GUIDE_READ, str(procedure.pk))] * 2
        + [(Kind.SEARCH, "faqs"), (Kind.SEARCH_EMPTY, "dang ky")]
    )


def test_a_key_with_tabs_backslashes_and_line_breaks_is_stored_as_it_was(db):
    odd = "tìm\tthủ tục\\mới\nđây\r"
    usage_record(Kind.SEARCH_EMPTY, key=odd, unit_id=None)
    usage_record(Kind.PAGE_VIEW, key="/", unit_id=7)
    assert usage_flush() == 2
    assert set(UsageEvent.objects.values_list("key", "unit_id")) == {(odd, None), ("/", 7)}
