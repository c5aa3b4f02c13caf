from __future__ import annotations

import pytest
import requests

from zalo.fake.server import FakeZaloServer


class FakeZaloHandle:
    def __init__(self, server: FakeZaloServer):
        self.server = server
        self.url = server.url

    def inject(self, endpoint: str, **spec: object) -> None:
        requests.post(
            f"{self.url}/__control__/inject", json={"endpoint": endpoint, **spec}, timeout=5
        ).raise_for_status()

    def expire_tokens(self, oa_id: str | None = None) -> None:
        body = {} if oa_id is None else {"oa_id": oa_id}
        requests.post(f"{self.url}/__control__/expire_tokens", json=body, timeout=5).raise_for_status()

    def add_oa(self, oa_id: str, *, access_token: str, refresh_token: str) -> None:
        """Zalo knows this OA and has issued it this token pair."""
        spec = {"oa_id": oa_id, "access_token": access_token, "refresh_token": refresh_token}
        requests.post(f"{self.url}/__control__/oa", json=spec, timeout=5).raise_for_status()

    def zns_limits(self, limits: dict[str, dict[str, int]]) -> None:
        requests.post(f"{self.url}/__control__/zns_limits", json=limits, timeout=5).raise_for_status()

    def requests(self, endpoint: str | None = None) -> list[dict]:
        got = requests.get(f"{self.url}/__control__/requests", timeout=5).json()
        return [r for r in got if endpoint is None or r["endpoint"] == endpoint]


@pytest.fixture
def fake_zalo(settings):
    """A fake Zalo over real HTTP on 127.0.0.1, with the client's settings pointed at it."""
    server = FakeZaloServer().start()
    settings.ZALO_MODE = "fake"
    settings.ZALO_FAKE_URL = server.url
    settings.ZALO_GRAPH_URL = f"{server.url}/graph"
    settings.ZALO_OAUTH_URL = f"{server.url}/oauth"
    settings.ZALO_OPENAPI_URL = f"{server.url}/openapi"
    settings.ZALO_ZNS_URL = f"{server.url}/zns"
    settings.ZALO_MINIAPP_NOTIFY_URL = f"{server.url}/miniapp/notification/template"
    settings.ZALO_READ_TIMEOUT = 1.0
    yield FakeZaloHandle(server)
    server.stop()
