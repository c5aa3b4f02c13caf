"""What every adapter of the upstream seam shares: the page it yields and the error it raises (sync/sources/)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass
class Page:
    records: list[tuple[str, Any]]  # (position in the source, the record in our field names)
    cursor: str  # where to resume after this page is stored


class SourceError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Adapter(Protocol):
    # Used as the version of records that carry no update time of their own (a file's upload time).
    default_version: str

    def pages(self, cursor: str) -> Iterator[Page]: ...


# Optional on an adapter: `labels`, the source's own name for each of our fields (used in refusals).
