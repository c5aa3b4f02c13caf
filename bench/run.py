"""`make bench`: HTTP benchmarks as ratios against a bare Django JSON view measured in the same run.

Starts gunicorn with production-like settings (DEBUG off, PostgreSQL, Redis) pinned to one core,
drives it with wrk pinned to the other core, records client and server CPU so a saturated client
is flagged, and prints one table: name, ours, baseline, ratio, target, pass/short.

    python bench/run.py [--duration 10] [--rounds 3] [--connections 32] [--only units_list,...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from stack import cpu_seconds, free_port, process_tree
from table import print_table, write_rows  # bench/ itself is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RESULTS = ROOT / "bench" / "results"
BASELINE_PATH = "/api/v1/bench/bare-json/"


@dataclass
class Benchmark:
    name: str
    description: str
    path: str  # or a Lua script name in bench/wrk/ when it starts with "lua:"
    target: float  # minimum ratio ours / baseline
    lua_args: list[str] = field(default_factory=list)
    # The denominator: the bare JSON view unless a benchmark names its own (same form as `path`).
    baseline: str = BASELINE_PATH
    baseline_args: list[str] = field(default_factory=list)
    # Also a tail target: ours' p99 at most this many times the baseline's p99 (same pair); 0 = none.
    p99_factor: float = 0.0


HTTP_BENCHMARKS = [
    Benchmark("units_list", "Danh sách đơn vị (trang đầu, kèm số điện thoại) ÷ JSON trần", "/api/v1/units/", 0.5),
    Benchmark("units_search", "Tìm đơn vị không dấu ÷ JSON trần", "lua:units_search.lua", 0.5),
    Benchmark("unit_detail", "Chi tiết đơn vị (liên hệ, cấp trên, cấp dưới) ÷ JSON trần", "lua:unit_detail.lua", 0.5),
    Benchmark(
        "procedure_search",
        "Tìm thủ tục (không dấu, viết tắt, gõ sai) trên 1.000 thủ tục ÷ JSON trần",
        "lua:procedure_search.lua",
        0.5,
        p99_factor=3.0,
    ),
    Benchmark(
        "search_uncached",
        "Tìm thủ tục, mỗi yêu cầu khác nhau (bộ nhớ đệm không giúp) — chỉ báo cáo",
        "lua:procedure_search_cold.lua",
        0.0,
    ),
    Benchmark(
        "dossier_lookup",
        "Tra cứu hồ sơ (mã + 4 số cuối CCCD, giới hạn tần suất, diễn biến) trên 500.000 hồ sơ ÷ JSON trần",
        "lua:dossier_lookup.lua",
        0.5,
    ),
    Benchmark(
        "procedure_detail",
        "Chi tiết thủ tục (các bước, giấy tờ, phí, nơi nộp) ÷ JSON trần",
        "lua:procedure_detail.lua",
        0.5,
    ),
    Benchmark(
        "report_submit",
        "Gửi phản ánh có tên (kèm thông báo vào hàng đợi) ÷ cùng phản ánh ẩn danh (không thông báo)",
        "lua:report_submit.lua",
        0.9,
        baseline="lua:report_submit.lua",
    ),
]


@dataclass
class WrkResult:
    requests_per_second: float
    p99_ms: float
    non_2xx: int
    client_cpu: float  # share of one core used by wrk
    server_cpu: float  # share of one core used by gunicorn (all processes)


def parse_latency(text: str) -> float:
    match = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_wrk(
    url: str, *, duration: int, connections: int, script: Path | None, server_pids: list[int], lua_args: list[str]
) -> WrkResult:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if lua_args:
        command += ["--", *lua_args]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "1", *command]
    server_before = cpu_seconds(server_pids)
    started = time.monotonic()
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    client_cpu = 0.0
    while wrk.poll() is None:
        client_cpu = max(client_cpu, cpu_seconds([wrk.pid]))
        time.sleep(0.2)
    output = wrk.stdout.read() if wrk.stdout else ""
    elapsed = time.monotonic() - started
    server_cpu = (cpu_seconds(server_pids) - server_before) / elapsed
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if not rps:
        raise RuntimeError(f"wrk failed:\n{output}")
    return WrkResult(
        float(rps.group(1)),
        parse_latency(output),
        int(non_2xx.group(1)) if non_2xx else 0,
        client_cpu / elapsed,
        server_cpu,
    )


def bench_env(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}},
        "PYTHONPATH": str(ROOT / "backend"),
        "DJANGO_ENV": "embedded",  # production-like values below, without requiring real Zalo credentials
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BENCH_ENDPOINTS": "true",
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "60",
        "VAR_DIR": str(ROOT / "var" / "bench"),
        "GUNICORN_MAX_REQUESTS": "0",  # keep the same worker pids so their CPU can be measured
        # The limits are still checked on every lookup (that cost is measured), just set out of reach.
        "DOSSIER_LOOKUP_PER_IP_PER_MINUTE": "100000000",
        "DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR": "100000000",
        "REPORT_SUBMIT_PER_IP_PER_HOUR": "100000000",
        "REPORT_SUBMIT_PER_CITIZEN_PER_DAY": "100000000",
        "REPORT_SUBMIT_PER_DEVICE_PER_DAY": "100000000",
    }


def prepare_database(env: dict[str, str]) -> None:
    subprocess.run([PY, "manage.py", "check_services"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "demo_data"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([PY, "bench/load_volume.py"], cwd=ROOT, env=env, check=True)


def django_in_process(*, prepare: bool) -> None:
    """Django set up in this process on the bench database (loaded first when `prepare`), for the parts that measure
    a request in-process (bench/inbox.py, bench/usage_record.py)."""
    env = bench_env(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/policezalo_bench"),
        os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    )
    if prepare:
        prepare_database(env)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path.insert(0, str(ROOT / "backend"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def citizen_token(env: dict[str, str]) -> str:
    """A signed-in citizen's access token, as the Mini App would send it."""
    code = (
        "from citizens.models import Citizen; from citizens.tokens import access_token_issue; "
        "c, _ = Citizen.objects.get_or_create(zalo_user_id='bench-citizen'); print(access_token_issue(citizen=c))"
    )
    done = subprocess.run(
        [PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def start_server(
    env: dict[str, str], port: int, workers: int, *, pin: bool = True, log: Path | None = None
) -> subprocess.Popen:
    """gunicorn with the production config; pinned to CPU 0 (wrk gets CPU 1) unless `pin` is off. Its warnings
    and errors go to `log` when given (the access log is dropped either way)."""
    command = [PY, "-m", "gunicorn", "-c", "backend/config/gunicorn.py", "config.wsgi:application"]
    if pin and shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
        stdout=subprocess.DEVNULL,
        stderr=log.open("w") if log else subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{BASELINE_PATH}", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def run_target(base: str, target: str, lua_args: list[str], args: argparse.Namespace, pids: list[int]) -> WrkResult:
    """wrk against a path, or a Lua script of bench/wrk/ when `target` is "lua:<name>"."""
    script = ROOT / "bench" / "wrk" / target[4:] if target.startswith("lua:") else None
    return run_wrk(
        base + ("/" if script else target),
        duration=args.duration,
        connections=args.connections,
        script=script,
        server_pids=pids,
        lua_args=lua_args,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--rounds", type=int, default=3, help="baseline/ours pairs per benchmark, alternating; the median pair counts"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (pinned to one core)")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--no-prepare", action="store_true", help="the bench database is already loaded")
    parser.add_argument("--json-out", type=Path, help="also write the rows here (bench/all.py merges them)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    env = bench_env(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/policezalo_bench"),
        os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    )
    if not args.no_prepare:
        prepare_database(env)
    port = free_port()
    server = start_server(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    selected = [b for b in HTTP_BENCHMARKS if not args.only or b.name in args.only.split(",")]
    rows = []
    try:
        pids = process_tree(server.pid)
        with urllib.request.urlopen(f"{base}/api/v1/units/?page_size=100", timeout=10) as response:
            unit_ids = ",".join(str(u["id"]) for u in json.load(response)["results"])
        with urllib.request.urlopen(f"{base}/api/v1/procedures/?page_size=100", timeout=30) as response:
            procedure_ids = ",".join(str(p["id"]) for p in json.load(response)["results"])
        token = citizen_token(env)
        for bench in selected:
            if bench.name == "dossier_lookup":
                bench.lua_args = [token, "500000"]
            if bench.name == "report_submit":
                bench.lua_args, bench.baseline_args = [token, "named"], [token, "anonymous"]
            if bench.name == "unit_detail":
                bench.lua_args = [unit_ids]
            if bench.name == "procedure_detail":
                bench.lua_args = [procedure_ids]
        run_wrk(
            base + BASELINE_PATH, duration=2, connections=args.connections, script=None, server_pids=pids, lua_args=[]
        )  # warm-up
        for bench in selected:
            # Baseline right before each benchmark, same settings, so drift affects both alike; on a shared
            # machine the load of others comes and goes, so baseline and ours alternate for --rounds pairs
            # and the median pair (by its ratio) is the result.
            # The order alternates (baseline first, then ours first): a side that always ran second would always
            # meet the same warm caches, or the same drift of a neighbour's load, and the ratio would carry it.
            pairs = []
            for round_number in range(args.rounds):
                if round_number % 2 == 0:
                    baseline = run_target(base, bench.baseline, bench.baseline_args, args, pids)
                    ours = run_target(base, bench.path, bench.lua_args, args, pids)
                else:
                    ours = run_target(base, bench.path, bench.lua_args, args, pids)
                    baseline = run_target(base, bench.baseline, bench.baseline_args, args, pids)
                pairs.append((ours.requests_per_second / baseline.requests_per_second, ours, baseline))
            in_order = list(pairs)  # as measured, for the notes: drift across the pairs shows
            pairs.sort(key=lambda pair: pair[0])
            ratio, ours, baseline = pairs[len(pairs) // 2]
            p99_factor = ours.p99_ms / baseline.p99_ms if baseline.p99_ms else float("nan")
            notes = [
                f"p99 {ours.p99_ms:.1f} ms (baseline {baseline.p99_ms:.1f} ms, {p99_factor:.1f}×)",
                f"CPU client {ours.client_cpu:.0%} server {ours.server_cpu:.0%}",
            ]
            if len(pairs) > 1:
                notes.append("ratios " + " ".join(f"{pair[0]:.2f}" for pair in pairs))
                # Every pair in the order measured: ours/baseline rates, the ratio, the two p99s.
                notes.append(
                    "pairs "
                    + ", ".join(
                        f"{o.requests_per_second:.0f}/{b.requests_per_second:.0f}/s = {r:.2f}"
                        f" (p99 {o.p99_ms:.0f}/{b.p99_ms:.0f} ms)"
                        for r, o, b in in_order
                    )
                )
            if max(ours.client_cpu, baseline.client_cpu) > 0.9:
                notes.append("CLIENT SATURATED")
            if ours.non_2xx or baseline.non_2xx:
                notes.append(f"{ours.non_2xx} non-2xx (baseline {baseline.non_2xx})")
            met = ratio >= bench.target and not (bench.p99_factor and not p99_factor <= bench.p99_factor)
            target = f">={bench.target}" + (f", p99<={bench.p99_factor:g}x" if bench.p99_factor else "")
            rows.append(
                {
                    "name": bench.name,
                    "description": bench.description,
                    "ours": f"{ours.requests_per_second:.0f}/s",
                    "baseline": f"{baseline.requests_per_second:.0f}/s",
                    "ratio": f"{ratio:.2f}",  # a number (all.py and readers parse it); the rates are beside it
                    "target": target if bench.target else "report",
                    "result": "—"
                    if not bench.target
                    else "pass"
                    if met and not (ours.non_2xx or baseline.non_2xx)
                    else "short",
                    "notes": "; ".join(notes),
                    "raw": {
                        "ours": asdict(ours),
                        "baseline": asdict(baseline),
                        "rounds": [{"ratio": r, "ours": asdict(o), "baseline": asdict(b)} for r, o, b in pairs],
                        "rounds_in_order": [
                            {"ratio": r, "ours": asdict(o), "baseline": asdict(b)} for r, o, b in in_order
                        ],
                    },
                }
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        # Report submissions queued notification tasks that no worker consumed here: drop them so the next
        # benchmark's worker starts on an empty queue.
        code = "import django; django.setup(); from stack import purge_queues; purge_queues()"
        subprocess.run([PY, "-c", code], cwd=ROOT, env={**env, "PYTHONPATH": f"{ROOT / 'bench'}:{env['PYTHONPATH']}",
                       "DJANGO_SETTINGS_MODULE": "config.settings"}, capture_output=True)  # fmt: skip
    print_table(rows)
    if args.json_out:  # bench/all.py writes the one results file
        write_rows(args.json_out, rows)
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"bench-http-{stamp}.json"
    out.write_text(
        json.dumps(
            {"when": stamp, "machine": os.uname().nodename, "cpus": os.cpu_count(), "args": vars(args), "rows": rows},
            ensure_ascii=False,
            indent=2,
            default=str,
        )
    )
    print(f"\nKết quả ghi tại {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
