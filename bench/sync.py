"""`make bench-sync`: 100,000 dossier records synced from the fake upstream feed (the applicant and the agency
nested in each record, read through the source's nested-path field map), as a ratio to a raw COPY of
the same rows into a bare table in the same run; then the same batch again (0 changed rows expected).

The fake feed runs in its own process (pages of 1,000 records over HTTP, national field names); the sync
runs in this process exactly as a worker runs it (`sync_run`: fetch, validate, hash and encrypt, COPY into
staging, one upsert per 5,000-record chunk with events and notification rows). The records are spread
over a year, as a first import of a province's dossiers is, so only the last 72 hours' changes notify.

Three alternating pairs (COPY then sync, sync then COPY, COPY then sync), each sync on an emptied, vacuumed
table: the row is the median pair, and the notes list every pair in the order measured, as the HTTP rows do.

    python bench/sync.py [--records 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from pathlib import Path

from stack import feed_source, forget_dossiers, free_port, wait_for
from table import row as table_row  # bench/ itself is on sys.path when a script here runs
from table import write_rows

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/policezalo_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
PREFIX = "BSYNC"
TARGET = 4  # the first run's wall time ÷ the raw COPY's (issue #27: 5× held only at its edge on a slow day)


def setup_env(feed_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "backend"),
        "DJANGO_ENV": "embedded",
        "DEBUG": "false",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "SYNC_HTTP_URL": feed_url,
        "SYNC_HTTP_AUTH_VALUE": "Bearer fake-upstream-token",
        "SYNC_HTTP_PAGE_SIZE": "1000",
    }
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    return env


def raw_copy_seconds(rows: list[dict]) -> float:
    """The baseline: the same clean rows COPYed into a bare table (no keys, no indexes), in one go."""
    from django.db import connection, transaction

    from sync.ingest import _STAGE_DDL, _copy_line
    from sync.records import COLUMNS

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        bare = (
            _STAGE_DDL.replace("CREATE TEMP TABLE IF NOT EXISTS sync_stage", "CREATE TABLE bench_raw_copy")
            .replace(" PRIMARY KEY", "")
            .replace("ON COMMIT DELETE ROWS", "")
        )
        cursor.execute(bare)
    for row in rows:
        row.setdefault("applicant_phone_encrypted", "")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        buffer = io.StringIO("".join([_copy_line(row) for row in rows]))  # the sync's own COPY formatter
        cursor.cursor.copy_expert(f"COPY bench_raw_copy ({', '.join(COLUMNS)}) FROM STDIN", buffer)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_copy")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--no-prepare", action="store_true", help="the bench database is already migrated")
    parser.add_argument("--rounds", type=int, default=3, help="sync/COPY pairs, alternating; the median is the row")
    parser.add_argument("--json-out", type=Path, help="also write the rows here (bench/all.py merges them)")
    parser.add_argument(
        "--profile", type=Path, help="write a cProfile of the first run's reading thread here (fetch and validation)"
    )
    args = parser.parse_args()

    port = free_port()
    env = setup_env(f"http://127.0.0.1:{port}/feed")
    # check_services creates the bench database if the server has none yet.
    if not args.no_prepare:
        subprocess.run([sys.executable, "manage.py", "check_services"], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [sys.executable, "manage.py", "demo_data"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import requests
    from django.conf import settings

    from config.celery import worker_tune

    worker_tune()  # the GIL switch interval a worker runs the sync with

    from sync.mapping import Mapper
    from sync.models import SyncSource
    from sync.records import clean
    from sync.services import sync_context, sync_run

    feed = subprocess.Popen(
        [sys.executable, "manage.py", "fake_upstream", "--port", str(port), "--records", str(args.records),
         "--prefix", PREFIX, "--nested"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    pairs: list[tuple[float, float, object]] = []  # (sync seconds, COPY seconds, the run), in the order measured
    try:
        wait_for(f"http://127.0.0.1:{port}/__control__/calls")
        source = feed_source(os.environ["SYNC_HTTP_URL"], nested=True)  # the feed nests applicant and agency
        mapper = Mapper(source.field_map)

        # The baseline's rows: the same records, fetched and cleaned outside the clock.
        ctx = sync_context(source=source)
        rows, cursor = [], ""
        while True:
            page = requests.get(
                settings.SYNC_HTTP_URL,
                params={"limit": 10000, "cursor": cursor},
                headers={"Authorization": "Bearer fake-upstream-token"},
                timeout=60,
            ).json()
            if not page["data"]:
                break
            rows.extend(clean(mapper(item), ctx) for item in page["data"])
            cursor = page["next_cursor"]

        def first_run():  # type: ignore[no-untyped-def]
            forget_dossiers(PREFIX)  # the previous run's rows deleted, vacuumed and checkpointed, off the clock
            SyncSource.objects.filter(pk=source.pk).update(cursor="")
            source.refresh_from_db()
            if args.profile and not pairs:
                import cProfile

                profiler = cProfile.Profile()
                run = profiler.runcall(sync_run, source=source, trigger="bench")
                profiler.dump_stats(args.profile)
                return run
            return sync_run(source=source, trigger="bench")

        # Alternating pairs, as the HTTP rows: the machine's speed drifts over a minute (the same work took
        # 10.7 and 16.8 s a few minutes apart), so each sync is divided by a COPY measured next to it.
        for n in range(args.rounds):
            if n % 2 == 0:
                copy = raw_copy_seconds(rows)
                first = first_run()
            else:
                first = first_run()
                copy = raw_copy_seconds(rows)
            assert first.status == "succeeded", first.error
            pairs.append((first.duration_seconds or 0.0, copy, first))
        SyncSource.objects.filter(pk=source.pk).update(cursor="")
        source.refresh_from_db()
        second = sync_run(source=source, trigger="bench")  # the last pair's batch again
    finally:
        feed.terminate()
        feed.wait(timeout=30)
    assert second.status == "succeeded", second.error
    ranked = sorted(pairs, key=lambda pair: pair[0] / pair[1])
    sync_seconds, copy, first = ranked[len(ranked) // 2]  # the median pair
    ratio = sync_seconds / copy
    in_order = ", ".join(f"{s:.1f}/{c:.2f} s = {s / c:.1f}x" for s, c, _ in pairs)
    print(f"\nrecords:               {len(rows):>9,}")
    print(f"pairs (sync/COPY):     {in_order}")
    print(
        f"sync, first run:       {sync_seconds:9.1f} s  (median pair; created {first.created:,}, quarantined"
        f" {first.quarantined}, events {first.events:,}, notifications {first.notifications:,})"
    )
    print(f"raw COPY, same rows:   {copy:9.2f} s")
    print(f"ratio:                 {ratio:9.1f}x  (target <= {TARGET}x: {'pass' if ratio <= TARGET else 'short'})")
    print(
        f"second identical run:  {second.duration_seconds or 0:9.1f} s  (created {second.created}, updated"
        f" {second.updated}, unchanged {second.unchanged:,}, events {second.events}, notifications"
        f" {second.notifications})"
    )
    still = second.created + second.updated + second.events + second.notifications
    write_rows(
        args.json_out,
        [
            table_row(
                "sync_100k",
                f"Đồng bộ {len(rows):,} hồ sơ từ nguồn giả lập ÷ COPY thô cùng các dòng".replace(",", "."),
                ours=f"{sync_seconds:.1f} s",
                baseline=f"{copy:.2f} s",
                ratio=f"{ratio:.1f}x",
                target=f"<={TARGET}x",
                result="pass" if ratio <= TARGET else "short",
                notes=(
                    f"created {first.created:,}, quarantined {first.quarantined}, events {first.events:,}, "
                    f"notifications {first.notifications:,}; ratios "
                    + " ".join(f"{s / c:.1f}" for s, c, _ in ranked)
                    + f"; pairs sync/COPY {in_order}"
                ),
                raw={
                    "sync_seconds": sync_seconds,
                    "copy_seconds": copy,
                    "records": len(rows),
                    "rounds_in_order": [{"sync_seconds": s, "copy_seconds": c} for s, c, _ in pairs],
                },
            ),
            table_row(
                "sync_rerun",
                "Chạy lại đúng lô đó: không dòng nào đổi",
                ours=f"{still} changed",
                baseline=f"{second.duration_seconds or 0:.1f} s",
                target="0 changed",
                result="pass" if still == 0 else "short",
                notes=f"unchanged {second.unchanged:,}",
                raw={"seconds": second.duration_seconds, "changed": still},
            ),
        ],
    )
    return 0 if still == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
