"""`make bench-usage`: what recording a guide read costs a citizen's request (the usage_record row).

The two sides are the same request, `GET /api/v1/procedures/<id>/` over 100 procedures, with and without the
recording (`X-Bench-Usage: off`, honoured only with BENCH_ENDPOINTS). Their difference is a few microseconds,
far below what a shared 2-core machine drifts between two wrk runs of 10 seconds (pairs measured that way ranged
0.64-1.12 in one run), and even between two blocks of 100 requests in one process (0.7-1.8). So the row is measured
the way the difference can be seen: in this process, through Django's WSGI handler (what gunicorn calls:
middleware, view, cache, signals, the usage buffer's flush every USAGE_BUFFER_SIZE events; all of the request but
the socket), one request with recording and one without, alternating (which goes first alternates too), 6,000 of
each, so both meet the same drift. The ratio is the total time of the requests without recording over that of the
requests with it (a throughput ratio, as the HTTP rows); the per-pair spread is in the notes. Without the socket and
HTTP parsing the request is cheaper, so the same cost of recording is a larger share of it here than behind
gunicorn: the in-process ratio is the stricter one.

    python bench/usage_record.py [--blocks 6000] [--block-size 1] [--no-prepare] [--json-out PATH]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

from run import django_in_process
from table import row, write_rows  # bench/ itself is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.95


def environ_for(path: str, recording: bool) -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "HTTP_ACCEPT": "application/json",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if not recording:
        environ["HTTP_X_BENCH_USAGE"] = "off"
    return environ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blocks", type=int, default=6000, help="block pairs (one with recording, one without)")
    parser.add_argument("--block-size", type=int, default=1, help="requests per block")
    parser.add_argument("--no-prepare", action="store_true", help="the bench database is already loaded")
    parser.add_argument("--json-out", type=Path, help="also write the rows here (bench/all.py merges them)")
    args = parser.parse_args()
    django_in_process(prepare=not args.no_prepare)
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    from procedures.models import Procedure
    from usage.models import UsageEvent
    from usage.recording import usage_flush

    assert settings.BENCH_ENDPOINTS and settings.USAGE_ENABLED
    ids = list(Procedure.objects.published().order_by("pk").values_list("pk", flat=True)[:100])
    paths = [f"/api/v1/procedures/{pk}/" for pk in ids]
    handler = WSGIHandler()
    statuses: list[str] = []

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        statuses.append(status)

    def block(recording: bool, offset: int) -> float:
        environs = [environ_for(paths[(offset + n) % len(paths)], recording) for n in range(args.block_size)]
        started = time.perf_counter()
        for environ in environs:
            response = handler(environ, start_response)
            b"".join(response)
            response.close()  # request_finished: where the buffer is flushed when due, as behind gunicorn
        return time.perf_counter() - started

    for n in range(200):  # warm: the cache holds every answer, the connections are open
        block(True, n * args.block_size)
        block(False, n * args.block_size)
    usage_flush()
    before = UsageEvent.objects.count()
    statuses.clear()
    on: list[float] = []
    off: list[float] = []
    for n in range(args.blocks):
        # Alternate which side goes first, so neither always follows the other.
        if n % 2 == 0:
            on.append(block(True, n * args.block_size))
            off.append(block(False, n * args.block_size))
        else:
            off.append(block(False, n * args.block_size))
            on.append(block(True, n * args.block_size))
    usage_flush()
    recorded = UsageEvent.objects.count() - before
    failed = [s for s in statuses if not s.startswith("200")]
    requests = args.blocks * args.block_size
    ratio = sum(off) / sum(on)
    pairs = sorted(b / a for a, b in zip(on, off, strict=True))
    per_request_us = (sum(on) - sum(off)) / requests * 1e6
    print(
        f"usage_record: ratio {ratio:.3f} (block pairs {pairs[0]:.2f}-{pairs[-1]:.2f}, median"
        f" {statistics.median(pairs):.3f}); {requests / sum(on):,.0f}/s with recording,"
        f" {requests / sum(off):,.0f}/s without; recording costs {per_request_us:.1f} µs a request;"
        f" {recorded:,} events written for {requests:,} recorded requests; {len(failed)} not 200"
    )
    passed = ratio >= TARGET and not failed and recorded == requests
    write_rows(
        args.json_out,
        [
            row(
                "usage_record",
                "Chi tiết thủ tục có ghi nhận lượt đọc (số liệu sử dụng) ÷ cùng yêu cầu không ghi nhận, đo trong tiến trình",
                ours=f"{requests / sum(on):,.0f}/s",
                baseline=f"{requests / sum(off):,.0f}/s",
                ratio=f"{ratio:.2f}",
                target=f">={TARGET}",
                result="pass" if passed else "short",
                notes=(
                    f"{args.blocks} block pairs of {args.block_size}: {pairs[0]:.2f}-{pairs[-1]:.2f}, median"
                    f" {statistics.median(pairs):.2f}; {per_request_us:.1f} µs a request; {recorded:,} events"
                    f" written; {len(failed)} not 200"
                ),
                raw={
                    "ratio": ratio,
                    "on_seconds": on,
                    "off_seconds": off,
                    "recorded": recorded,
                    "requests": requests,
                    "failed": len(failed),
                },
            )
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
