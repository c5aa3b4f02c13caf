"""Soak: a mixed citizen load at ten times a province's peak while a 100,000-record sync and 20,000
notifications run, on the production-like stack; then check that nothing was lost.

    python bench/soak.py [--minutes 10] [--rate 60] [--no-prepare] [--json-out PATH]

The stack: gunicorn (3 workers, the production default; production-like settings, behind a simulated nginx: `TRUSTED_PROXY_COUNT=1`
and each simulated citizen's address in `X-Forwarded-For`, exactly what the proxy sets), one Celery worker
consuming every queue, the fake Zalo over HTTP (in this process) and the fake one-stop feed (its own process),
PostgreSQL and Redis. Rate limits keep their production defaults.

The load, `--rate` requests per second on a fixed schedule (not as fast as possible), from 2,000 signed-in
citizens with their own addresses: dossier lookups 40 %, procedure searches 25 %, unit pages 10 %, ratings
of finished dossiers (a lookup, then the rating) 10 %, named reports 10 %, service surveys 5 % (one per citizen
per day: repeats are refused with 429 by design). One extra client looks up a code every half second from one
address: the per-address limit must refuse it (intended 429s).

About 20 s in, the sync of 100,000 records starts on the worker and 20,000 dossier events are written (one
notification each). When the load ends the run waits for every notification to reach a final state.

Checks (the run fails on any): no response other than 2xx and the intended 429s (survey repeats, the abuser),
no connection error; every report and rating answered 201 is in the database; the sync run succeeded with
100,000 new dossiers; every notification created during the run is sent (none failed, none still waiting) and
the fake Zalo received each ZNS message exactly once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from run import bench_env, prepare_database, start_server
from stack import (
    cpu_seconds,
    fake_zalo_env,
    feed_source,
    forget_dossiers,
    free_port,
    process_tree,
    purge_queues,
    wait_for,
)
from table import print_table, row, write_rows

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
PREFIX = "SOAK"
SYNC_RECORDS = 100_000
NOTIFICATIONS = 20_000
CITIZENS = 2_000
MIX = (("lookup", 40), ("search", 25), ("unit", 10), ("rating", 10), ("report", 10), ("survey", 5))
SEARCHES = ("can cuoc", "ho chieu", "tam tru", "dang ky xe", "thuong tru", "cccd", "giay phep", "xac nhan")


def soak_env(fake_url: str, feed_url: str) -> dict[str, str]:
    env = bench_env(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/policezalo_bench"),
        os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    )
    for limit in [k for k in env if k.startswith(("DOSSIER_LOOKUP_PER", "REPORT_SUBMIT_PER"))]:
        del env[limit]  # production defaults: the soak must live with them
    env.update(
        {
            "TRUSTED_PROXY_COUNT": "1",
            "CELERY_BROKER_URL": env["REDIS_URL"],
            **fake_zalo_env(fake_url),
            "SYNC_HTTP_URL": feed_url,
            "SYNC_HTTP_AUTH_VALUE": "Bearer fake-upstream-token",
            "SYNC_HTTP_PAGE_SIZE": "1000",
            "DB_CONN_MAX_AGE": "60",
        }
    )
    return env


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    from django.conf import settings

    return subprocess.Popen(
        [PY, "-m", "celery", "-A", "config", "worker", "-Q", ",".join(settings.CELERY_QUEUE_NAMES), "-c", "2",
         "--without-gossip", "--without-mingle", "-l", "INFO", "-n", f"soak-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"), start_new_session=True,
    )  # fmt: skip


class Load:
    """Fixed-rate request schedule over a thread pool; records status and latency per kind."""

    def __init__(self, base: str, citizens: list[tuple[str, str]], rateable: list[str], units: list[int]):
        # The last citizen is the abuser, from an address of its own: nobody else shares its limits.
        self.base, self.citizens, self.units = base, citizens[:-1], units
        self.abuser = (citizens[-1][0], "203.0.113.66")
        self.rateable = iter(rateable)
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.errors: list[str] = []
        self.reports: list[str] = []
        self.ratings: list[int] = []
        self.local = threading.local()

    def session(self):  # type: ignore[no-untyped-def]
        import requests

        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def call(self, kind: str, method: str, path: str, citizen: tuple[str, str], **kwargs) -> dict | None:  # type: ignore[no-untyped-def,type-arg]
        token, address = citizen
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": address}
        started = time.perf_counter()
        try:
            response = self.session().request(method, self.base + path, headers=headers, timeout=30, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            with self.lock:
                self.statuses[kind]["connection error"] += 1
                self.errors.append(f"{kind} {path}: {exc!r}"[:300])
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies[kind].append(elapsed)
            self.statuses[kind][response.status_code] += 1
            intended = response.status_code == 429 and kind in ("survey", "abuser")
            if response.status_code >= 400 and not intended:
                self.errors.append(f"{kind} {path}: {response.status_code} {response.text[:200]}")
        return response.json() if response.status_code < 300 else None

    def lookup(self, rng: random.Random) -> None:
        code = f"BENCH-HS-{rng.randrange(500_000):06d}"
        self.call("lookup", "POST", "/api/v1/dossiers/lookup", rng.choice(self.citizens),
                  json={"code": code, "verifier": "1234"})  # fmt: skip

    def search(self, rng: random.Random) -> None:
        self.call("search", "GET", "/api/v1/procedures/", rng.choice(self.citizens),
                  params={"search": rng.choice(SEARCHES)})  # fmt: skip

    def unit(self, rng: random.Random) -> None:
        self.call("unit", "GET", f"/api/v1/units/{rng.choice(self.units)}/", rng.choice(self.citizens))

    def rating(self, rng: random.Random) -> None:
        with self.lock:
            code = next(self.rateable, None)
        if code is None:
            return
        citizen = rng.choice(self.citizens)
        found = self.call("rating", "POST", "/api/v1/dossiers/lookup", citizen, json={"code": code, "verifier": "1234"})
        if found:
            body = {"follow_token": found["follow_token"], "level": rng.choice([3, 3, 3, 2, 2]), "drivers": ["fast"]}
            done = self.call("rating", "POST", "/api/v1/ratings/", citizen, json=body)
            if done:
                with self.lock:
                    self.ratings.append(done["id"])

    def report(self, rng: random.Random) -> None:
        fields = {
            "kind": (None, "phan-anh-kien-nghi"),
            "description": (None, f"Đèn đường ngõ {rng.randrange(1, 200)} hỏng nhiều ngày, ban đêm rất tối."),
            "is_anonymous": (None, "false"),
        }
        done = self.call("report", "POST", "/api/v1/reports/", rng.choice(self.citizens), files=fields)
        if done:
            with self.lock:
                self.reports.append(done["code"])

    def survey(self, rng: random.Random) -> None:
        self.call("survey", "POST", "/api/v1/surveys/", rng.choice(self.citizens),
                  json={"unit": rng.choice(self.units), "level": 3})  # fmt: skip

    def abuse(self, rng: random.Random) -> None:
        self.call("abuser", "POST", "/api/v1/dossiers/lookup", self.abuser,
                  json={"code": "BENCH-HS-000001", "verifier": "1234"})  # fmt: skip

    def run(self, *, seconds: float, rate: int, on_tick=None) -> None:  # type: ignore[no-untyped-def]
        kinds = [kind for kind, share in MIX for _ in range(share)]
        rng = random.Random(12)
        with ThreadPoolExecutor(max_workers=64) as pool:
            started = time.monotonic()
            n = 0
            while (now := time.monotonic() - started) < seconds:
                due = n / rate
                if due > now:
                    time.sleep(due - now)
                kind = kinds[rng.randrange(len(kinds))]
                pool.submit(getattr(self, kind), random.Random(n))
                if n % (rate // 2 or 1) == 0:
                    pool.submit(self.abuse, rng)
                if on_tick and n % rate == 0:
                    on_tick(n // rate)
                n += 1


def make_citizens() -> list[tuple[str, str]]:
    from citizens.models import Citizen
    from citizens.tokens import access_token_issue

    run = uuid.uuid4().hex[:8]  # new citizens each run: their daily limits start from zero
    ids = [f"soak-{run}-{n}" for n in range(CITIZENS + 1)]
    Citizen.objects.bulk_create([Citizen(zalo_user_id=i) for i in ids], ignore_conflicts=True)
    citizens = Citizen.objects.filter(zalo_user_id__in=ids).order_by("pk")
    # New addresses each run too: per-address limits count by the hour and the schedule's seed is fixed, so a
    # second soak within the hour sent the same addresses the same reports again and hit the hourly report
    # limit (20 per address: 16 unexpected 429s, addresses at 22–24 in Redis).
    block = int(run[:2], 16) // 16 * 16  # 16 runs' worth of /16 blocks, each run its own
    return [
        (access_token_issue(citizen=c), f"10.{block + n // 250}.{n % 250}.{1 + n % 7}") for n, c in enumerate(citizens)
    ]


def rateable_codes(count: int) -> list[str]:
    from dossiers.models import Dossier

    codes = (
        Dossier.objects.filter(code__startswith="BENCH-HS-", status__gte=9, rating__isnull=True)
        .order_by("-pk")
        .values_list("code", flat=True)[:count]
    )
    return list(codes)


def write_notifications(count: int) -> tuple[int, float]:
    """`count` status changes of one dossier with a phone, written as the upstream sync writes them (1,000 per
    transaction): `count` ZNS messages flowing while the load runs. Runs in its own process
    (`--write-notifications`) so its Python does not share the load generator's GIL."""
    from django.db import connection
    from stack import bench_dossier, bulk_dossier_events

    try:
        dossier = bench_dossier(f"{PREFIX}-N-{uuid.uuid4().hex[:10]}", "0900000002")
        started = time.monotonic()
        bulk_dossier_events(dossier, count)
        return dossier.pk, time.monotonic() - started
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:  # noqa: C901, PLR0915 - one scenario, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=int, default=60, help="requests per second (10x a province's peak)")
    parser.add_argument("--drain-timeout", type=float, default=600, help="seconds to wait for notifications")
    parser.add_argument("--no-prepare", action="store_true", help="the bench database is already loaded")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--write-notifications", type=int, help=argparse.SUPPRESS)  # the writer process
    args = parser.parse_args()
    if args.write_notifications:
        import django

        django.setup()
        dossier_pk, seconds = write_notifications(args.write_notifications)
        print(json.dumps({"dossier": dossier_pk, "seconds": seconds}))
        return 0

    from zalo.fake.server import FakeZaloServer

    fake = FakeZaloServer().start()
    feed_port, web_port = free_port(), free_port()
    env = soak_env(fake.url, f"http://127.0.0.1:{feed_port}/feed")
    if not args.no_prepare:
        prepare_database(env)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from notifications.models import TERMINAL_STATES, Notification, State
    from ratings.models import Rating
    from reports.models import Report
    from sync.models import SyncRun, SyncSource
    from sync.tasks import run_source
    from units.models import Unit
    from zalo import oa_token
    from zalo.client import OATokens

    forget_dossiers(PREFIX)
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))
    purge_queues()
    citizens = make_citizens()
    per_second = dict(MIX)["rating"] * args.rate / 100
    rateable = rateable_codes(int(per_second * args.minutes * 60 * 1.2) + 10)
    units = list(Unit.objects.filter(code__startswith="BENCH-X-").values_list("pk", flat=True))
    source = feed_source(env["SYNC_HTTP_URL"], nested=False)
    connection.close()
    began = timezone.now()

    feed = subprocess.Popen(
        [PY, "manage.py", "fake_upstream", "--port", str(feed_port), "--records", str(SYNC_RECORDS),
         "--prefix", PREFIX],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    # the production default: WEB_CONCURRENCY=3; its warnings (a failed rate-limit call…) kept for reading
    server = start_server(env, web_port, 3, pin=False, log=RESULTS / "soak-web.log")
    worker = start_worker(env, RESULTS / "soak-worker.log")
    load = Load(f"http://127.0.0.1:{web_port}", citizens, rateable, units)
    background: dict[str, object] = {}

    def on_tick(second: int) -> None:
        if second == 20:
            run_source.apply_async(args=[source.pk, "soak"])
            background["writer"] = subprocess.Popen(
                [PY, "bench/soak.py", "--write-notifications", str(NOTIFICATIONS)],
                cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"}, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip

    try:
        wait_for(f"http://127.0.0.1:{feed_port}/__control__/calls")
        server_pids = process_tree(server.pid) + process_tree(worker.pid)
        client_before, server_before = cpu_seconds([os.getpid()]), cpu_seconds(server_pids)
        load_started = time.monotonic()
        print(f"Soak: {args.rate} yêu cầu/giây trong {args.minutes:g} phút…", flush=True)
        load.run(seconds=args.minutes * 60, rate=args.rate, on_tick=on_tick)
        load_seconds = time.monotonic() - load_started
        client_cpu = (cpu_seconds([os.getpid()]) - client_before) / load_seconds
        server_cpu = (cpu_seconds(server_pids) - server_before) / load_seconds
        drain_started = time.monotonic()
        writer = background.get("writer")
        if isinstance(writer, subprocess.Popen):
            out, _ = writer.communicate(timeout=args.drain_timeout)
            if writer.returncode == 0:
                background["notifications"] = json.loads(out.strip().splitlines()[-1])
        print(f"Tải xong sau {load_seconds:.0f} s; chờ gửi hết thông báo…", flush=True)
        pending = Notification.objects.filter(created_at__gte=began).exclude(state__in=TERMINAL_STATES)
        while pending.exists() and time.monotonic() - drain_started < args.drain_timeout:
            time.sleep(1)
        drain_seconds = time.monotonic() - drain_started
        run_deadline = time.monotonic() + 300
        while SyncRun.objects.filter(source=source, started_at__gte=began, status="running").exists():
            if time.monotonic() > run_deadline:
                break
            time.sleep(1)
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        feed.terminate()
        feed.wait(timeout=30)
        fake.stop()
        SyncSource.objects.filter(pk=source.pk).update(enabled=False)

    # --- What must hold ---------------------------------------------------------------------------------
    problems: list[str] = []
    intended = {("survey", 429), ("abuser", 429)}
    unexpected = Counter()
    for kind, counts in load.statuses.items():
        for status, n in counts.items():
            if not (isinstance(status, int) and 200 <= status < 300) and (kind, status) not in intended:
                unexpected[f"{kind} {status}"] += n
    if unexpected:
        problems.append(f"unexpected answers: {dict(unexpected)}; e.g. {load.errors[:3]}")
    if load.statuses["abuser"][429] == 0:
        problems.append("the abuser was never limited")
    stored_reports = Report.objects.filter(code__in=load.reports).count()
    if stored_reports != len(load.reports):
        problems.append(f"reports: {len(load.reports)} answered 201, {stored_reports} stored")
    stored_ratings = Rating.objects.filter(pk__in=load.ratings).count()
    if stored_ratings != len(load.ratings):
        problems.append(f"ratings: {len(load.ratings)} answered 201, {stored_ratings} stored")
    sync = SyncRun.objects.filter(source=source, started_at__gte=began).order_by("pk").last()
    if sync is None or sync.status != "succeeded" or sync.created != SYNC_RECORDS:
        problems.append(f"sync: {sync and (sync.status, sync.created, sync.error)}")
    made = Notification.objects.filter(created_at__gte=began)
    by_state = Counter(made.values_list("state", flat=True))
    if by_state.get(State.FAILED) or set(by_state) - {State.SENT, State.DELIVERED, State.SKIPPED}:
        problems.append(f"notifications not all sent: {dict(by_state)}")
    dossier_pk = (background.get("notifications") or {}).get("dossier")  # type: ignore[union-attr]
    written = Notification.objects.filter(dossier_id=dossier_pk).count() if dossier_pk else 0
    if written < NOTIFICATIONS:
        problems.append(f"only {written} of {NOTIFICATIONS} notifications written")
    sends = Counter(
        str((request.get("json") or {}).get("tracking_id"))
        for request in fake.app.state.requests
        if request["endpoint"] == "zns"
    )
    sent_ids = {
        str(pk)
        for pk in made.filter(channel="zns", state__in=[State.SENT, State.DELIVERED]).values_list("pk", flat=True)
    }
    duplicates = sum(1 for pk in sent_ids if sends[pk] > 1)
    missing = sum(1 for pk in sent_ids if sends[pk] == 0)
    if duplicates or missing:
        problems.append(f"ZNS: {duplicates} sent twice, {missing} marked sent but never received")

    everything = [value for values in load.latencies.values() for value in values]
    requests_done = sum(sum(c.values()) for c in load.statuses.values())
    p99 = {kind: percentile(values, 0.99) * 1000 for kind, values in load.latencies.items()}
    summary = {
        "requests": requests_done,
        "rate": requests_done / load_seconds,
        "p99_ms": percentile(everything, 0.99) * 1000,
        "median_ms": statistics.median(everything) * 1000 if everything else None,
        "p99_by_kind_ms": p99,
        "statuses": {kind: {str(k): v for k, v in counts.items()} for kind, counts in load.statuses.items()},
        "reports": len(load.reports),
        "ratings": len(load.ratings),
        "sync": sync and {"status": sync.status, "created": sync.created, "seconds": sync.duration_seconds},
        "notifications": {str(k): v for k, v in by_state.items()},
        "drain_seconds_after_load": drain_seconds,
        "client_cpu": client_cpu,
        "server_cpu": server_cpu,
        "problems": problems,
    }
    intended_429 = load.statuses["survey"][429] + load.statuses["abuser"][429]
    notes = (
        f"{requests_done:,} requests ({summary['rate']:.0f}/s), p99 by kind "
        + ", ".join(f"{k} {v:.0f} ms" for k, v in sorted(p99.items()))
        + f"; {intended_429} intended 429; {len(load.reports)} reports, {len(load.ratings)} ratings stored; "
        f"sync {sync and sync.created:,} in {sync and sync.duration_seconds or 0:.0f} s; "
        f"notifications {dict(by_state)}, all final {drain_seconds:.0f} s after the load; "
        f"CPU client {client_cpu:.0%} server {server_cpu:.0%} (of one core)"
    )
    if client_cpu > 0.9:
        notes += "; CLIENT SATURATED"
    rows = [
        row(
            "soak",
            f"{args.minutes:g} phút tải hỗn hợp {args.rate}/giây + đồng bộ 100.000 + 20.000 thông báo",
            ours=f"p99 {summary['p99_ms']:.0f} ms",
            baseline="—",
            target="0 errors, 0 lost",
            result="pass" if not problems else "short",
            notes=notes + ("; PROBLEMS: " + " | ".join(problems) if problems else ""),
            raw=summary,
        )
    ]
    print_table(rows)
    write_rows(args.json_out, rows)
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
