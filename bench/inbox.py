"""`make bench-inbox`: the officers' "Việc cần làm" page on the 500,000-dossier volume (bench/load_volume.py).

Rendered in this process through Django's test client (middleware, session, scoped queries, template: the whole
request but the socket), after a few warm-up renders, for two officers: a provincial admin, whose scope is every
unit (about 250,000 open dossiers, most of them past their date), and a commune's officer-and-leader (one of 150
communes). Reports the median and the slowest of the timed renders and the number of queries; the target is a
median under 300 ms.

    python bench/inbox.py [--renders 20] [--no-prepare] [--json-out PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from run import django_in_process
from table import row, write_rows  # bench/ itself is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 300.0


def officers():  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from accounts import roles
    from accounts.models import User
    from dossiers.models import Dossier
    from units.models import Unit

    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    busiest = (  # the commune with the most open dossiers: the most work on one page
        Dossier.objects.filter(status__in=[1, 2, 4, 5, 6], unit__parent__isnull=False)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    commune = Unit.objects.get(pk=busiest["unit_id"]) if busiest else root
    made = []
    for username, unit, names in (
        ("bench-inbox-tinh", root, [roles.PROVINCIAL_ADMIN]),
        ("bench-inbox-xa", commune, [roles.UNIT_OFFICER, roles.UNIT_LEADER]),
    ):
        user, _ = User.objects.update_or_create(username=username, defaults={"unit": unit, "is_staff": True})
        user.groups.set(Group.objects.filter(name__in=names))
        made.append(user)
    return made


def measure(user, renders: int) -> dict:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    for _ in range(3):  # warm: the calendar, the permissions cache, the templates
        assert client.get("/admin/viec-can-lam/").status_code == 200
    captured: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get("/admin/viec-can-lam/")
    times = []
    for _ in range(renders):
        started = time.perf_counter()
        response = client.get("/admin/viec-can-lam/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {"median_ms": statistics.median(times), "max_ms": max(times), "queries": len(captured), "times": times}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--no-prepare", action="store_true", help="the bench database is already loaded")
    parser.add_argument("--json-out", type=Path, help="also write the rows here (bench/all.py merges them)")
    args = parser.parse_args()
    django_in_process(prepare=not args.no_prepare)
    from dossiers.models import Dossier

    total = Dossier.objects.count()
    rows = []
    for user, name, who in zip(officers(), ("inbox_province", "inbox_commune"), ("cấp tỉnh", "một xã"), strict=True):
        got = measure(user, args.renders)
        rows.append(
            row(
                name,
                f"Trang «Việc cần làm» của cán bộ {who}, trên {total:,} hồ sơ".replace(",", "."),
                ours=f"{got['median_ms']:.0f} ms",
                target=f"< {TARGET_MS:.0f} ms",
                result="pass" if got["median_ms"] < TARGET_MS else "short",
                notes=f"slowest {got['max_ms']:.0f} ms of {args.renders}, {got['queries']} queries",
                raw=got,
            )
        )
    for r in rows:
        print(f"{r['name']}: {r['ours']} ({r['notes']}) target {r['target']} → {r['result']}")
    write_rows(args.json_out, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
