"""The one seam to the upstream one-stop system: adapters that read records from a cursor.

Every adapter yields pages: records already renamed to our field names (with where each came from),
and the cursor to resume from once the page is stored. Transient failures raise SourceError with
permanent=False (the run fails and the next scheduled run tries again from the stored cursor).
"""

from __future__ import annotations

from typing import Any

from sync.sources.base import Adapter, SourceError


def adapter_for(source: Any, *, sync_file: Any = None) -> Adapter:
    from sync.models import SourceKind

    if source.kind == SourceKind.HTTP:
        from sync.sources.http import HttpFeed

        return HttpFeed(source)
    if source.kind == SourceKind.FILE:
        from sync.sources.files import FileExport

        if sync_file is None:
            raise SourceError("Chưa chọn tệp để nhập", permanent=True)
        return FileExport(sync_file)
    if source.kind == SourceKind.DEMO:
        from sync.sources.demo import Simulator

        return Simulator()
    if source.kind == SourceKind.PUSH:
        raise SourceError("Nguồn này gửi dữ liệu sang (không lấy được): xem các lần nhận dữ liệu", permanent=True)
    raise SourceError(f"Không có bộ đọc cho loại nguồn {source.kind!r}", permanent=True)
