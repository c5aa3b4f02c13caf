"""`make bench`: every benchmark of the project in one run, one table.

    python bench/all.py [--duration 10] [--soak-minutes 10] [--skip soak,miniapp,...] [--quick]

1. Loads the data volume once into the bench database (`BENCH_DATABASE_URL`, Redis db `BENCH_REDIS_URL`):
   migrate, demo data, then bench/load_volume.py (150 communes, 1,000 procedures, 5,000 handbook entries,
   500,000 dossiers with timelines, 200,000 ratings).
2. Runs each part in its own process, one after another so none disturbs another's figures:
   http (bench/run.py: lookups, searches, unit and procedure pages, report submission), notify
   (bench/notify.py: the real pipeline against no-op tasks, and 20,000 drained), sync (bench/sync.py: 100,000
   records against a raw COPY), miniapp (bench/miniapp.py: first load on slow 4G), soak (bench/soak.py).
3. Prints one table (name, ours, baseline, ratio, target, result, notes) and writes it, with every raw figure,
   to bench/results/bench-<UTC time>.json and .txt (ignored by git).

`--quick` is for trying the harness: 3-second wrk runs, 2,000 notifications drained, a 1-minute soak.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from run import bench_env, prepare_database
from table import format_table, row

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RESULTS = ROOT / "bench" / "results"


def parts(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    drain = "2000" if args.quick else "20000"
    duration = "3" if args.quick else str(args.duration)
    soak = "1" if args.quick else str(args.soak_minutes)
    return [
        ("http", ["bench/run.py", "--no-prepare", "--duration", duration, "--rounds", "1" if args.quick else "3"]),
        ("notify", ["bench/notify.py", "--no-prepare", "--count", "2000", "--drain", drain]),
        ("sync", ["bench/sync.py", "--no-prepare", "--rounds", "1" if args.quick else "3"]),
        ("inbox", ["bench/inbox.py", "--no-prepare"]),
        ("slowzalo", ["bench/slow_zalo.py", "--duration", duration]),
        ("usage", ["bench/usage_record.py", "--no-prepare", "--blocks", "1000" if args.quick else "6000"]),
        ("miniapp", ["bench/miniapp.py", "--runs", "3"]),
        ("soak", ["bench/soak.py", "--no-prepare", "--minutes", soak]),
    ]


def machine() -> str:
    model = ""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.node()}: {os.cpu_count()} CPU {model}, {memory:.0f} GB RAM, Python {platform.python_version()}"


def machine_baselines(rows: list[dict]) -> str:
    """The machine's own speed in this run, the figures every ratio divides by, so a reader sees a slow day:
    the bare JSON view (every pair of every HTTP row), the anonymous report, Celery's no-op tasks, the raw COPY
    and the unthrottled Mini App load."""
    bare: list[float] = []
    parts = []
    by_name = {r["name"]: r for r in rows}
    for r in rows:
        rounds = r.get("raw", {}).get("rounds") or []
        if r["name"] != "report_submit":
            bare.extend(pair["baseline"]["requests_per_second"] for pair in rounds)
    if bare:
        bare.sort()
        parts.append(f"bare JSON view {bare[0]:,.0f}–{bare[-1]:,.0f}/s (median {bare[len(bare) // 2]:,.0f}/s)")
    if "report_submit" in by_name:
        parts.append(f"anonymous report {by_name['report_submit']['baseline']}")
    noop = by_name.get("notify_pipeline", {}).get("raw", {}).get("noop_per_second")
    if noop:
        parts.append(f"Celery no-op {noop:,.0f}/s")
    copy = by_name.get("sync_100k", {}).get("raw", {}).get("copy_seconds")
    if copy:
        parts.append(f"raw COPY of 100,000 rows {copy:.2f} s")
    if "miniapp_home" in by_name:
        parts.append(f"Mini App unthrottled {by_name['miniapp_home']['baseline']}")
    return "baselines of this machine: " + ("; ".join(parts) if parts else "none measured")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (http)")
    parser.add_argument("--soak-minutes", type=float, default=10)
    parser.add_argument(
        "--skip", default="", help="comma-separated parts: http,notify,sync,inbox,slowzalo,usage,miniapp,soak"
    )
    parser.add_argument("--quick", action="store_true", help="short runs, to try the harness")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    started = time.monotonic()
    env = bench_env(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/policezalo_bench"),
        os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    )
    print("== Nạp dữ liệu thử tải (một lần)", flush=True)
    prepare_database(env)
    timings = {"prepare": time.monotonic() - started}

    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, command in parts(args):
            if name in skip:
                continue
            print(f"\n== {name}: {' '.join(command)}", flush=True)
            out = Path(scratch) / f"{name}.json"
            part_started = time.monotonic()
            done = subprocess.run([PY, *command, "--json-out", str(out)], cwd=ROOT)
            timings[name] = time.monotonic() - part_started
            if out.exists():
                rows.extend(json.loads(out.read_text())["rows"])
            if done.returncode != 0:
                rows.append(
                    row(
                        name,
                        f"{command[0]} dừng với mã {done.returncode}",
                        ours="error",
                        result="short",
                        notes="see the output above",
                    )  # fmt: skip
                )

    total = time.monotonic() - started
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    table = format_table(rows)
    header = (
        f"make bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}\n"
        f"total {total / 60:.1f} min (" + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()) + ")\n"
        f"{machine_baselines(rows)}"
    )
    print(f"\n{header}\n{table}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"bench-{stamp}.txt").write_text(f"{header}\n{table}\n")
    (RESULTS / f"bench-{stamp}.json").write_text(
        json.dumps(
            {"when": stamp, "machine": machine(), "args": vars(args), "timings": timings, "rows": rows},
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"\nKết quả ghi tại bench/results/bench-{stamp}.txt và .json")
    # A figure short of its target is a result, reported in the table; only a part that broke fails the run.
    return 0 if all(r["ours"] != "error" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
