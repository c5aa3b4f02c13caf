"""An HTTP JSON feed: GET <url>?<cursor param>=…&<page size param>=… with an auth header.

The answer is an object with the records under SYNC_HTTP_ITEMS_KEY and the next cursor under
SYNC_HTTP_NEXT_KEY; the feed ends with an empty page or no next cursor. Timeouts on every call;
5xx, timeouts and unreadable bodies are retried with backoff, 401/403/404 are not.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

import orjson
import requests
from django.conf import settings

from common.http import OutboundSession
from common.plain_errors import plain_error
from sync.sources import Page, SourceError, rename

_session = OutboundSession()


class HttpFeed:
    default_version = ""

    def __init__(self) -> None:
        if not settings.SYNC_HTTP_URL:
            raise SourceError("Chưa cấu hình SYNC_HTTP_URL (địa chỉ nguồn dữ liệu)", permanent=True)
        self.url = settings.SYNC_HTTP_URL
        self.headers = {"Accept": "application/json"}
        if settings.SYNC_HTTP_AUTH_VALUE:
            self.headers[settings.SYNC_HTTP_AUTH_HEADER] = settings.SYNC_HTTP_AUTH_VALUE

    def _get(self, cursor: str) -> dict[str, Any]:
        params = {settings.SYNC_HTTP_PAGE_SIZE_PARAM: settings.SYNC_HTTP_PAGE_SIZE}
        if cursor:
            params[settings.SYNC_HTTP_CURSOR_PARAM] = cursor  # type: ignore[assignment]
        attempts = max(settings.SYNC_HTTP_RETRIES, 0) + 1
        problem = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(settings.SYNC_HTTP_RETRY_SECONDS * 2 ** (attempt - 1))
            try:
                response = _session.get(
                    self.url,
                    params=params,
                    headers=self.headers,
                    timeout=(settings.SYNC_HTTP_CONNECT_TIMEOUT, settings.SYNC_HTTP_READ_TIMEOUT),
                )
            except requests.RequestException as exc:
                problem = f"không kết nối được nguồn: {plain_error(exc)}"
                continue
            if response.status_code in (401, 403):
                raise SourceError(f"Nguồn từ chối xác thực (HTTP {response.status_code}): kiểm tra khóa truy cập",
                                  permanent=True)  # fmt: skip
            if response.status_code >= 500 or response.status_code == 429:
                problem = f"nguồn trả lỗi HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise SourceError(f"Nguồn trả HTTP {response.status_code}", permanent=True)
            try:
                body = orjson.loads(response.content)
            except orjson.JSONDecodeError:
                try:
                    # Bytes that are not UTF-8 stay visible (as lone surrogates) so only their record is refused.
                    body = json.loads(response.content.decode("utf-8", errors="surrogateescape"))
                except ValueError:
                    problem = "nguồn trả dữ liệu không phải JSON"
                    continue
            if not isinstance(body, dict) or not isinstance(body.get(settings.SYNC_HTTP_ITEMS_KEY), list):
                raise SourceError(f"Nguồn trả JSON không có danh sách «{settings.SYNC_HTTP_ITEMS_KEY}»",
                                  permanent=True)  # fmt: skip
            return body
        raise SourceError(f"Sau {attempts} lần thử: {problem}")

    def _bodies(self, cursor: str, out: queue.Queue, stop: threading.Event) -> None:
        """Fetch page after page ahead of the reader (the next page travels while this one is stored)."""

        def put(item: Any) -> None:
            while not stop.is_set():
                try:
                    out.put(item, timeout=0.2)
                    return
                except queue.Full:
                    continue

        try:
            while not stop.is_set():
                body = self._get(cursor)
                put((cursor, body))
                following = body.get(settings.SYNC_HTTP_NEXT_KEY) or ""
                if not body[settings.SYNC_HTTP_ITEMS_KEY] or not isinstance(following, str) or following == cursor:
                    return
                cursor = following
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, which raises it
            put((cursor, exc))
        finally:
            put(None)

    def pages(self, cursor: str) -> Iterator[Page]:
        mapping = settings.SYNC_FIELD_MAP
        bodies: queue.Queue = queue.Queue(maxsize=2)
        stop = threading.Event()
        threading.Thread(target=self._bodies, args=(cursor, bodies, stop), name="sync-fetch", daemon=True).start()
        try:
            while (item := bodies.get()) is not None:
                cursor, body = item
                if isinstance(body, BaseException):
                    raise body
                items = body[settings.SYNC_HTTP_ITEMS_KEY]
                following = body.get(settings.SYNC_HTTP_NEXT_KEY) or ""
                if not isinstance(following, str) or len(following) > 500:
                    raise SourceError("Con trỏ trang tiếp theo không hợp lệ", permanent=True)
                records = [(f"{cursor or 'đầu'}#{n}", rename(entry, mapping)) for n, entry in enumerate(items)]
                yield Page(records, following or cursor)
                if not items or not following or following == cursor:
                    return
        finally:
            stop.set()  # a fetcher still running stops at its next page
