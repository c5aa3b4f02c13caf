"""Pulling from a source over HTTP, as its row says (Quản trị › Nguồn đồng bộ): where, how to authenticate
(none, an API key header, Basic, or OAuth2 client credentials as the LGSP / NGSP gateways want), how pages
go (a cursor the source returns, page numbers, or date windows read with an overlap), and where the records
are in the answer (JSON or XML).

Timeouts on every call; 5xx, 429, timeouts and unreadable bodies are retried with backoff; 401/403/404 are
not, except that an OAuth2 token refused with 401 is renewed once and the call made again.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import orjson
import requests
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from common.http import OutboundSession
from common.plain_errors import plain_error
from common.process_cache import process_cache
from sync.mapping import Mapper, dig
from sync.records import LOCAL
from sync.sources.base import Page, SourceError

_sessions = process_cache("sync.http_sessions")


def _session() -> OutboundSession:
    """The kept-alive session of this process (common/process_cache.py)."""
    return _sessions.get_or_create("feed", OutboundSession)


TOKEN_MARGIN_SECONDS = 30


class Unauthorized(Exception):
    pass


def xml_data(element: ElementTree.Element) -> Any:
    """An XML element as JSON-like data: children by their tag (namespaces dropped; a tag met twice becomes
    a list), attributes as `@name`, an element with only text as its text."""
    children = list(element)
    if not children and not element.attrib:
        return (element.text or "").strip()
    data: dict[str, Any] = {f"@{_local(key)}": value for key, value in element.attrib.items()}
    for child in children:
        tag, value = _local(child.tag), xml_data(child)
        if tag in data:
            if type(data[tag]) is not list:
                data[tag] = [data[tag]]
            data[tag].append(value)
        else:
            data[tag] = value
    return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_xml(content: bytes) -> Any:
    head = content[:2048].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in content.upper():
        raise SourceError("Nguồn trả XML có khai báo DTD / ENTITY: không nhận (an toàn)", permanent=True)
    try:
        return xml_data(ElementTree.fromstring(content))
    except ElementTree.ParseError as exc:
        raise ValueError(f"XML không hợp lệ: {exc}") from exc


def format_moment(moment: datetime, pattern: str) -> str:
    """A window bound in the source's date format (Vietnam time), e.g. yyyyMMddHHmmss."""
    local = moment.astimezone(LOCAL)
    if not pattern or pattern.lower() == "iso":
        return local.isoformat(timespec="seconds")
    out = pattern
    for token, value in (
        ("yyyy", f"{local.year:04d}"), ("MM", f"{local.month:02d}"), ("dd", f"{local.day:02d}"),
        ("HH", f"{local.hour:02d}"), ("mm", f"{local.minute:02d}"), ("ss", f"{local.second:02d}"),
    ):  # fmt: skip
        out = out.replace(token, value)
    return out


class HttpFeed:
    default_version = ""

    def __init__(self, source: Any, *, deadline: float | None = None) -> None:
        """`deadline` (time.monotonic()): every call of this feed ends by then, with no retry (lookup on demand)."""
        if not source.url and deadline is None:
            raise SourceError("Nguồn chưa có địa chỉ lấy dữ liệu (Quản trị › Nguồn đồng bộ)", permanent=True)
        self.deadline = deadline
        self.source = source
        self.mapper = Mapper(source.field_map or settings.SYNC_FIELD_MAP)
        self.labels = self.mapper.labels
        self.headers = {"Accept": "application/xml" if source.data_format == "xml" else "application/json"}
        self.auth: Any = None
        self.secret = source.auth_secret
        if source.auth_kind == "api_key" and self.secret:
            self.headers[source.auth_header or "Authorization"] = self.secret
        elif source.auth_kind == "basic":
            self.auth = (source.auth_username, self.secret)
        self.token = ""
        self.renewals = 0

    def _timeout(self) -> tuple[float, float]:
        """(connect, read) seconds for the next call: the settings, or what is left before the deadline."""
        if self.deadline is None:
            return (settings.SYNC_HTTP_CONNECT_TIMEOUT, settings.SYNC_HTTP_READ_TIMEOUT)
        left = self.deadline - time.monotonic()
        if left <= 0.01:
            raise SourceError("Hết thời gian chờ nguồn")
        return (left, left)

    # --- OAuth2 client credentials ----------------------------------------------------------------------

    def _token_key(self) -> str:
        basis = f"{self.source.token_url}|{self.source.auth_username}|{self.secret}|{self.source.token_scope}"
        return f"sync:token:{self.source.pk}:{hashlib.sha256(basis.encode()).hexdigest()[:16]}"

    def _bearer(self, *, renew: bool = False) -> str:
        """The gateway's access token: from the cache while it is valid, else asked for (and cached)."""
        key = self._token_key()
        if not renew:
            self.token = self.token or cache.get(key) or ""
            if self.token:
                return self.token
        data = {"grant_type": "client_credentials"}
        if self.source.token_scope:
            data["scope"] = self.source.token_scope
        try:
            response = _session().post(
                self.source.token_url,
                data=data,
                auth=(self.source.auth_username, self.secret),
                headers={"Accept": "application/json"},
                timeout=self._timeout(),
            )
        except requests.RequestException as exc:
            raise SourceError(f"Không lấy được token từ trục tích hợp: {plain_error(exc)}") from exc
        if response.status_code in (400, 401, 403):
            raise SourceError(
                f"Trục tích hợp từ chối cấp token (HTTP {response.status_code}): kiểm tra client id và khóa bí mật",
                permanent=True,
            )
        try:
            body = response.json()
            token = str(body["access_token"])
            lifetime = int(body.get("expires_in") or 300)
        except (ValueError, KeyError, TypeError) as exc:
            raise SourceError(f"Trục tích hợp trả token không đọc được (HTTP {response.status_code})") from exc
        self.token = token
        cache.set(key, token, max(lifetime - TOKEN_MARGIN_SECONDS, 1))
        return token

    # --- One call ---------------------------------------------------------------------------------------

    def _call(self, params: dict[str, Any], *, url: str = "", missing_ok: bool = False) -> Any:
        """The parsed answer of one call (to `url`, GET, instead of the source's list address); None for a
        404 when `missing_ok`."""
        params = {**(self.source.extra_params or {}), **params}
        attempts = 1 if self.deadline is not None else max(settings.SYNC_HTTP_RETRIES, 0) + 1
        problem = ""
        renewed = False
        attempt = 0
        while attempt < attempts:
            if attempt:
                time.sleep(settings.SYNC_HTTP_RETRY_SECONDS * 2 ** (attempt - 1))
            attempt += 1
            headers = self.headers
            if self.source.auth_kind == "oauth2":
                headers = {**headers, "Authorization": f"Bearer {self._bearer()}"}
            try:
                if self.source.http_method == "POST" and not url:
                    response = _session().post(
                        self.source.url, json=params, headers=headers, auth=self.auth, timeout=self._timeout(),
                    )  # fmt: skip
                else:
                    response = _session().get(
                        url or self.source.url, params=params, headers=headers, auth=self.auth,
                        timeout=self._timeout(),
                    )  # fmt: skip
            except requests.RequestException as exc:
                problem = f"không kết nối được nguồn: {plain_error(exc)}"
                continue
            if response.status_code == 401 and self.source.auth_kind == "oauth2" and not renewed:
                # The token expired (or was revoked) mid-run: one new token, the same call again.
                renewed = True
                self.renewals += 1
                self._bearer(renew=True)
                attempt -= 1
                continue
            if response.status_code in (401, 403):
                raise SourceError(f"Nguồn từ chối xác thực (HTTP {response.status_code}): kiểm tra khóa truy cập",
                                  permanent=True)  # fmt: skip
            if response.status_code == 404 and missing_ok:
                return None
            if response.status_code >= 500 or response.status_code == 429:
                problem = f"nguồn trả lỗi HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise SourceError(f"Nguồn trả HTTP {response.status_code}", permanent=True)
            try:
                return self._parse(response.content)
            except ValueError:
                problem = f"nguồn trả dữ liệu không phải {'XML' if self.source.data_format == 'xml' else 'JSON'}"
                continue
        raise SourceError(f"Sau {attempts} lần thử: {problem}")

    def _parse(self, content: bytes) -> Any:
        if self.source.data_format == "xml":
            return parse_xml(content)
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError:
            # Bytes that are not UTF-8 stay visible (as lone surrogates) so only their record is refused.
            return json.loads(content.decode("utf-8", errors="surrogateescape"))

    def _records(self, body: Any) -> list[Any]:
        items = dig(body, self.source.records_path)
        if self.source.data_format == "xml":
            if items in (None, ""):
                return []
            if type(items) is not list:
                return [items]  # one record: an element that occurs once
        if not isinstance(items, list):
            where = self.source.records_path or "gốc"
            raise SourceError(f"Câu trả lời của nguồn không có danh sách bản ghi ở «{where}»", permanent=True)
        return items

    # --- Paging -----------------------------------------------------------------------------------------

    def _size(self) -> dict[str, Any]:
        return {self.source.page_size_param: self.source.page_size} if self.source.page_size_param else {}

    def _walk(self, cursor: str) -> Iterator[tuple[str, list[Any], str]]:
        """(where this page was read from, its records, the cursor to store once it is stored)."""
        paging = self.source.paging
        if paging == "cursor":
            while True:
                params = self._size()
                if cursor:
                    params[self.source.cursor_param] = cursor
                body = self._call(params)
                items = self._records(body)
                following = dig(body, self.source.next_cursor_path) if self.source.next_cursor_path else ""
                following = "" if following is None else str(following)
                if len(following) > 500:
                    raise SourceError("Con trỏ trang tiếp theo không hợp lệ", permanent=True)
                yield cursor or "đầu", items, following or cursor
                if not items or not following or following == cursor:
                    return
                cursor = following
        elif paging == "page":
            # The source lists everything each run; the cursor only lets a crashed run resume at its page.
            page = int(cursor[6:]) if cursor.startswith("trang:") and cursor[6:].isdigit() else self.source.first_page
            yield from self._pages({}, page, end_cursor="")
        elif paging == "window":
            yield from self._windows(cursor)
        else:
            body = self._call(self._size())
            yield "đầu", self._records(body), ""

    def _pages(self, params: dict[str, Any], page: int, *, end_cursor: str, resume: str | None = None) -> Iterator:
        while True:
            body = self._call({**params, **self._size(), self.source.page_param: page})
            items = self._records(body)
            full = bool(self.source.page_size_param) and len(items) >= self.source.page_size
            where = f"trang {page}"
            if not full:
                yield where, items, end_cursor
                return
            yield where, items, resume if resume is not None else f"trang:{page + 1}"
            page += 1

    def _windows(self, cursor: str) -> Iterator[tuple[str, list[Any], str]]:
        now = timezone.now()
        try:
            done = datetime.fromisoformat(cursor) if cursor else None
        except ValueError:
            done = None
        if done is not None:
            start = done - timedelta(minutes=self.source.window_overlap_minutes)
        else:
            start = self.source.window_start or now - timedelta(days=30)
        span = timedelta(hours=max(self.source.window_max_hours, 1))
        while start < now:
            end = min(start + span, now)
            params = {
                self.source.window_from_param: format_moment(start, self.source.window_format),
                self.source.window_to_param: format_moment(end, self.source.window_format),
            }
            end_cursor = end.isoformat()
            if self.source.page_param:
                # Pages of one window keep the window's start as the cursor: a crash reads the window again.
                yield from self._pages(params, self.source.first_page, end_cursor=end_cursor, resume=cursor)
            else:
                yield f"{params}", self._records(self._call({**params, **self._size()})), end_cursor
            cursor, start = end_cursor, end

    # --- The adapter ------------------------------------------------------------------------------------

    def _fetch_ahead(self, cursor: str, out: queue.Queue, stop: threading.Event) -> None:
        """Fetch page after page ahead of the reader (the next page travels while this one is stored)."""

        def put(item: Any) -> None:
            while not stop.is_set():
                try:
                    out.put(item, timeout=0.2)
                    return
                except queue.Full:
                    continue

        try:
            for item in self._walk(cursor):
                if stop.is_set():
                    return
                put(item)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, which raises it
            put(exc)
        finally:
            put(None)

    def pages(self, cursor: str) -> Iterator[Page]:
        bodies: queue.Queue = queue.Queue(maxsize=2)
        stop = threading.Event()
        threading.Thread(target=self._fetch_ahead, args=(cursor, bodies, stop), name="sync-fetch", daemon=True).start()
        mapper = self.mapper
        try:
            while (item := bodies.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                where, items, following = item
                yield Page([(f"{where}#{n}", mapper(entry)) for n, entry in enumerate(items)], following)
        finally:
            stop.set()  # a fetcher still running stops at its next page

    def first_page(self, cursor: str = "") -> list[tuple[str, Any]]:
        """One page, fetched here (no thread), its records mapped ("Thử nguồn")."""
        for where, items, _following in self._walk(cursor):
            return [(f"{where}#{n}", self.mapper(entry)) for n, entry in enumerate(items)]
        return []

    # --- One dossier (lookup on demand) -----------------------------------------------------------------

    def one(self, code: str) -> list[tuple[str, Any]]:
        """The source's records for this one code, mapped, from its lookup address ({code} in it replaced);
        [] when the source does not know the code (a 404, or an empty answer). Records for other codes in
        the answer are dropped: a gateway that ignores the parameter must not turn a lookup into a pull."""
        template = self.source.lookup_url
        if not template or "{code}" not in template:
            raise SourceError("Nguồn chưa có địa chỉ tra cứu một hồ sơ (có {code})", permanent=True)
        body = self._call({}, url=template.replace("{code}", quote(code, safe="")), missing_ok=True)
        if body is None:
            return []
        items = dig(body, self.source.records_path) if self.source.records_path else body
        if items is None and isinstance(body, dict):
            items = body  # the record itself at the top
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list):
            return []
        found = [self.mapper(entry) for entry in items[:50]]
        return [
            ("tra cứu theo yêu cầu", raw)
            for raw in found
            if isinstance(raw, dict) and str(raw.get("code") or "").strip().upper() == code.upper()
        ]
