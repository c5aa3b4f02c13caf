"""A slow Zalo does not stall the other endpoints (issue #26): dossier lookups' p99 while every sign-in waits 10 s
for Zalo, against the same lookups with Zalo answering at once: the `lookup_slow_zalo` row of `make bench` (part
`slowzalo`), or alone:

    .venv/bin/python bench/slow_zalo.py [--database-url …] [--redis-url …] [--workers 2] [--duration 8] [--json-out PATH]

gunicorn runs the production config (gthread, GUNICORN_THREADS) pinned to CPU 0, wrk CPU 1 (bench/run.py); the fake
Zalo is served over HTTP (manage.py fake_zalo) with a 10 s delay injected on /me; 32 sign-ins with fresh tokens are
kept going the whole time
(each client retrying a second after its answer). Target: lookup p99 under the slow Zalo ≤ 2 × the p99 without it. The lookups are of
codes that do not exist (same SQL, same limits, a 404), so no data volume is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from run import bench_env, citizen_token, run_wrk, start_server
from stack import free_port, process_tree
from table import row, write_rows

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
TARGET = 2  # lookup p99 with a slow Zalo ÷ without


def post(url: str, body: dict, timeout: float = 30) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/policezalo_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--sign-ins", type=int, default=32, help="sign-ins kept in flight while Zalo is slow")
    parser.add_argument("--json-out", type=Path, help="also write the row here (bench/all.py merges it)")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE",
        help="a setting for the server, e.g. GUNICORN_WORKER_CLASS=sync GUNICORN_THREADS=1 to compare",
    )  # fmt: skip
    args = parser.parse_args()

    zalo_port, port = free_port(), free_port()
    env = bench_env(args.database_url, args.redis_url)
    env.update(dict(item.split("=", 1) for item in args.set))
    env.update(ZALO_MODE="fake", ZALO_FAKE_URL=f"http://127.0.0.1:{zalo_port}", SIGN_IN_PER_IP_PER_MINUTE="100000000")
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    fake = subprocess.Popen(
        [PY, "manage.py", "fake_zalo", "--port", str(zalo_port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    server = start_server(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    statuses: list[int] = []
    try:
        pids = process_tree(server.pid)
        token = citizen_token(env)
        lookup = dict(
            duration=args.duration,
            connections=args.connections,
            script=ROOT / "bench" / "wrk" / "dossier_lookup.lua",
            server_pids=pids,
            lua_args=[token, "1000"],
        )
        run_wrk(base + "/", **{**lookup, "duration": 2})  # warm-up
        normal = run_wrk(base + "/", **lookup)
        urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{zalo_port}/__control__/inject",
                data=json.dumps({"endpoint": "me", "delay": 10.0, "times": 1_000_000}).encode(),
                method="POST",
            ),
            timeout=5,
        ).close()

        def signer(n: int) -> None:
            i = 0
            while not stop.is_set():
                i += 1
                statuses.append(post(f"{base}/api/v1/auth/zalo", {"access_token": f"fake-citizen-slow-{n}-{i}"}))
                stop.wait(1.0)  # a citizen whose sign-in failed tries again a moment later, not in a tight loop

        threads = [threading.Thread(target=signer, args=(n,), daemon=True) for n in range(args.sign_ins)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        slow = run_wrk(base + "/", **lookup)
    finally:
        stop.set()
        for process in (server, fake):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    ratio = slow.p99_ms / normal.p99_ms if normal.p99_ms else float("inf")
    counts = {code: statuses.count(code) for code in sorted(set(statuses))}
    print(
        f"lookup_slow_zalo: p99 {slow.p99_ms:.1f} ms with Zalo answering sign-in after 10 s vs {normal.p99_ms:.1f} ms "
        f"without ({ratio:.2f}×, target ≤ 2×); {slow.requests_per_second:.0f}/s vs {normal.requests_per_second:.0f}/s; sign-ins meanwhile: {counts}"
    )
    passed = ratio <= TARGET and slow.requests_per_second > 0
    write_rows(
        args.json_out,
        [
            row(
                "lookup_slow_zalo",
                "Tra cứu hồ sơ (p99) khi Zalo trả lời đăng nhập sau 10 giây ÷ khi Zalo trả lời ngay",
                ours=f"p99 {slow.p99_ms:.0f} ms",
                baseline=f"p99 {normal.p99_ms:.0f} ms",
                ratio=f"{ratio:.2f}x",
                target=f"<={TARGET}x",
                result="pass" if passed else "short",
                notes=(
                    f"lookups {slow.requests_per_second:.0f}/s vs {normal.requests_per_second:.0f}/s; "
                    f"sign-ins meanwhile: {counts}"
                ),
                raw={
                    "p99_ms": slow.p99_ms,
                    "baseline_p99_ms": normal.p99_ms,
                    "per_second": slow.requests_per_second,
                    "baseline_per_second": normal.requests_per_second,
                    "sign_ins": counts,
                },
            )
        ],
    )
    return 0  # the row says whether it passed (bench/all.py)


if __name__ == "__main__":
    sys.exit(main())
