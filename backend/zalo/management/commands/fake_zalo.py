"""Serve the fake Zalo over HTTP (for benchmarks and manual tries); point ZALO_FAKE_URL at it."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from zalo.fake.server import FakeZaloServer


class Command(BaseCommand):
    help = "Chạy Zalo giả lập (dùng cho đo hiệu năng, thử nghiệm, diễn tập triển khai)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        # 0.0.0.0 only where the network is private to the test, e.g. the container drill (make test-deploy).
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        server = FakeZaloServer(host=options["host"], port=options["port"]).start()
        self.stdout.write(f"Zalo giả lập: {server.url}  (đặt ZALO_FAKE_URL={server.url})")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            server.stop()
