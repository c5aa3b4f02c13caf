"""The seam through which the lookup and "my dossiers" ask the upstream for dossiers we do not hold yet
(lookup on demand). dossiers may not import sync (docs/architecture.md), so sync registers its provider here
when it starts (sync/apps.py); without one, nothing is asked and nothing waits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class RemoteLookup(Protocol):
    def miss_seconds(self) -> float:
        """How long every "not found" answer takes at least (0 when no source offers lookup on demand)."""
        ...

    def fetch_unknown(self, code: str, *, started: float) -> None:
        """Ask the sources for a code we do not hold, and store what they answer; never raises, and returns
        before `started` (time.monotonic()) + the lookup timeout."""
        ...

    def refresh(self, codes: Sequence[tuple[str, int | None]], *, started: float) -> tuple[int, int]:
        """Ask each dossier's own source for it again ((code, source id) pairs): (asked, stored)."""
        ...


_provider: list[RemoteLookup] = []


def remote_register(provider: RemoteLookup) -> None:
    _provider[:] = [provider]


def remote() -> RemoteLookup | None:
    return _provider[0] if _provider else None
