"""Records pushed to us by a system inside the police network (a source of kind "push").

The sender signs each request: `X-Timestamp` (Unix seconds) and `X-Signature: sha256=<hex>`, the
HMAC-SHA256 with the source's key over `<timestamp>.` followed by the raw body. A request is refused when
the signature is wrong, when its timestamp is more than SYNC_PUSH_WINDOW_SECONDS from our clock, or when the
same signature was already accepted (a replay: each accepted signature is remembered in the cache, in Redis,
for twice the window). The body is the source's answer shape (its records under `records_path`, its field
map, dates and statuses); the records then go through the same run as a pull: validation, quarantine,
the set-based upsert and idempotency (a record already stored changes nothing).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import caches

from common.errors import ApplicationError, ErrorCode
from sync.mapping import Mapper, dig
from sync.models import RunStatus, SourceKind, SyncRun, SyncSource
from sync.sources.base import Page

PUSH_UNKNOWN = ErrorCode("sync_push_unknown", "Không có nguồn nhận dữ liệu này.", 404)
PUSH_SIGNATURE = ErrorCode("sync_push_signature", "Chữ ký không đúng.", 403)
PUSH_STALE = ErrorCode("sync_push_stale", "Thời điểm ký lệch quá xa giờ máy chủ; ký lại với giờ hiện tại.", 403)
PUSH_REPLAY = ErrorCode("sync_push_replay", "Yêu cầu này đã được nhận trước đây (gửi lặp).", 409)
PUSH_BODY = ErrorCode("sync_push_body", "Nội dung không đọc được hoặc không có danh sách bản ghi.", 400)
PUSH_BUSY = ErrorCode("sync_push_busy", "Nguồn đang được ghi; gửi lại sau ít phút.", 503)
PUSH_FAILED = ErrorCode("sync_push_failed", "Chưa lưu được dữ liệu; gửi lại sau ít phút.", 503)


_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,40}$")


def push_signature(*, key: str, timestamp: str, body: bytes) -> str:
    """What the sender puts in X-Signature (also used by tests and the docs' example)."""
    mac = hmac.new(key.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class PushBatch:
    """One pushed body as an adapter: a single page, no cursor of its own."""

    default_version = ""

    def __init__(self, source: SyncSource, records: list[Any], request_id: str) -> None:
        self.mapper = Mapper(source.field_map or settings.SYNC_FIELD_MAP)
        self.labels = self.mapper.labels
        self.records = records
        self.request_id = request_id
        self.cursor = source.cursor

    def pages(self, cursor: str) -> Iterator[Page]:
        where = f"gửi sang {self.request_id}"
        yield Page([(f"{where}#{n}", self.mapper(entry)) for n, entry in enumerate(self.records)], cursor)


def push_verify(*, source_name: str, body: bytes, timestamp: str, signature: str) -> tuple[SyncSource, Any]:
    """The source and the parsed body of a genuine, fresh, first-time request; raises ApplicationError."""
    if not timestamp or not signature:
        raise ApplicationError(PUSH_SIGNATURE)  # unsigned: refused before anything is looked up
    if not _SLUG.match(source_name):
        raise ApplicationError(PUSH_UNKNOWN)
    source = SyncSource.objects.filter(name=source_name, kind=SourceKind.PUSH, enabled=True).first()
    key = source.push_key if source is not None else ""
    if source is None or not key:
        raise ApplicationError(PUSH_UNKNOWN)
    expected = push_signature(key=key, timestamp=timestamp, body=body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode("utf-8", "replace")):
        raise ApplicationError(PUSH_SIGNATURE)
    try:
        moment = int(timestamp)
    except ValueError:
        raise ApplicationError(PUSH_STALE) from None
    if abs(time.time() - moment) > settings.SYNC_PUSH_WINDOW_SECONDS:
        raise ApplicationError(PUSH_STALE)
    # First time this exact signed request is seen? (atomic in Redis: SET NX with an expiry; on the broker's Redis,
    # which never evicts: an evicted key would let a replay through)
    if not caches["durable"].add(
        f"sync:push:{source.pk}:{expected[7:]}", 1, timeout=2 * settings.SYNC_PUSH_WINDOW_SECONDS
    ):
        raise ApplicationError(PUSH_REPLAY)
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        try:
            payload = json.loads(body.decode("utf-8", errors="surrogateescape"))
        except ValueError:
            raise ApplicationError(PUSH_BODY) from None
    records = dig(payload, source.records_path)
    if not isinstance(records, list):
        raise ApplicationError(PUSH_BODY)
    return source, records


def push_receive(*, source_name: str, body: bytes, timestamp: str, signature: str) -> SyncRun:
    """Verify, then store the records as one run of the source (its history shows every push). The
    body's size is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE (a 413 past it)."""
    from sync.services import sync_run

    source, records = push_verify(source_name=source_name, body=body, timestamp=timestamp, signature=signature)
    run = sync_run(
        source=source,
        trigger="dữ liệu gửi sang",
        adapter=PushBatch(source, records, request_id=signature.strip()[7:19]),
    )
    if run.status in (RunStatus.REFUSED, RunStatus.FAILED):
        # The signature was spent on a request we did not store: the sender may retry the same request.
        caches["durable"].delete(f"sync:push:{source.pk}:{signature.strip()[7:]}")
        raise ApplicationError(PUSH_BUSY if run.status == RunStatus.REFUSED else PUSH_FAILED)
    return run
