"""Serve a FakeZalo over real HTTP on 127.0.0.1 (tests, `manage.py fake_zalo`, benchmarks)."""

from __future__ import annotations

from common.wsgi_server import ThreadedServer
from zalo.fake.app import FakeZalo


class FakeZaloServer(ThreadedServer):
    """HTTP/1.1 with kept-alive connections, as Zalo's servers answer: a sender's session reuses its connection."""

    def __init__(self, app: FakeZalo | None = None, host: str = "127.0.0.1", port: int = 0):
        super().__init__(app or FakeZalo(), host, port, keep_alive=True)

    def start(self) -> FakeZaloServer:
        super().start()
        return self
