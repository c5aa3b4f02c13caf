"""Outbound HTTP sessions for the services we call (Zalo, the one-stop feed)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests


class OutboundSession(requests.Session):
    """A kept-alive session that reads the proxy settings of the environment (HTTPS_PROXY, NO_PROXY, …) once per
    target host instead of on every request.

    requests walks the whole of os.environ for proxy variables on every call (`merge_environment_settings`);
    a worker's environment carries every setting of the project, and that walk was a tenth of the cost of
    sending one notification. The answer for a host cannot change while the process runs (the environment is
    fixed at start), so it is kept; a proxy change needs a restart, as every other setting does.
    """

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[Any, ...], dict[str, Any]] = {}

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, tuple(sorted((proxies or {}).items())), stream, verify, cert)
        merged = self._environment.get(key)
        if merged is None:
            merged = super().merge_environment_settings(url, proxies, stream, verify, cert)
            self._environment[key] = merged
        return {**merged, "proxies": dict(merged["proxies"])}  # requests may add to it per request
