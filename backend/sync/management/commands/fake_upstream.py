"""Serve the fake one-stop feed: `manage.py fake_upstream --port 8089 --records 1000`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from procedures.models import Procedure
from sync.fake_upstream import TOKEN, FakeUpstream, FakeUpstreamServer, realistic_records
from units.models import Unit


class Command(BaseCommand):
    help = "Chạy nguồn dữ liệu một cửa giả lập (cho thử nghiệm và đo hiệu năng)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8089)
        parser.add_argument("--records", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prefix", default="H56", help="đầu mã hồ sơ")
        parser.add_argument("--nested", action="store_true", help="người nộp và cơ quan tiếp nhận là đối tượng con")

    def handle(self, *args: Any, **options: Any) -> None:
        app = FakeUpstream()
        procedures = list(Procedure.objects.values_list("code", flat=True)[:200])
        units = list(Unit.objects.values_list("code", flat=True)[:200])
        if procedures and units:
            app.replace(
                realistic_records(
                    options["records"],
                    procedures=procedures,
                    units=units,
                    seed=options["seed"],
                    prefix=options["prefix"],
                    nested=options["nested"],
                )
            )
        server = FakeUpstreamServer(app, port=options["port"])
        self.stdout.write(f"Nguồn giả lập: {server.url}/feed ({len(app.records)} hồ sơ), khóa: Bearer {TOKEN}")
        server.serve_forever()
