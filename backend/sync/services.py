"""Running a source: lock, read pages from the cursor, validate, store in chunks, record everything."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import multiprocessing
import os
import queue
import re
import threading
import time
import uuid
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from common.errors import ApplicationError, ErrorCode
from common.plain_errors import plain_error
from dossiers.models import Dossier, DossierStatus
from procedures.models import Field, Procedure
from publishing.models import PublishState
from sync.ingest import ChunkResult, Prepared, ingest_chunk, ingest_prepare
from sync.models import (
    FileState,
    QuarantinedRecord,
    QuarantineReason,
    RunStatus,
    SourceKind,
    StatusMapping,
    SyncFile,
    SyncRun,
    SyncSource,
    VersionRule,
)
from sync.records import (
    CODE_CHARS,
    LOCAL,
    Context,
    Refused,
    clean,
    date_format_parsers,
    field_label,
    moment_of,
    quarantine_text,
    version_of,
)
from sync.sources import adapter_for
from sync.sources.base import SourceError
from units.models import Unit, UnitAlias

logger = logging.getLogger(__name__)

FILE_TOO_BIG = ErrorCode("sync_file_too_big", "Tệp quá lớn.", 400)
FILE_EMPTY = ErrorCode("sync_file_empty", "Tệp rỗng.", 400)
FILE_SEEN = ErrorCode("sync_file_seen", "Tệp này đã được tải lên trước đây (cùng nội dung).", 400)
_PRINTABLE = re.compile(r"[^\w.\-/ ]", re.UNICODE)


def sync_context(
    *, source: SyncSource, default_version: str = "", labels: dict[str, str] | None = None, dry_run: bool = False
) -> Context:
    """What validating a source's records needs, read once per run. `dry_run` ("Thử nguồn"): an unknown
    procedure is reported, not created."""
    procedures: dict[str, int] = {}
    # A national code may have local variants (local_suffix): the plain one is the upstream's, and each
    # variant also answers to its full code (code.suffix).
    for code, suffix, pk in Procedure.objects.order_by("-local_suffix", "-pk").values_list(
        "code", "local_suffix", "pk"
    ):
        procedures[code] = pk
        if suffix:
            procedures.setdefault(f"{code}.{suffix}", pk)
    # Old codes of merged units resolve to the unit that took them over; a current code always wins.
    units = dict(UnitAlias.objects.values_list("code", "unit_id"))
    units.update(Unit.objects.values_list("code", "pk"))
    by_content = source.version_rule == VersionRule.CONTENT
    placeholder = None
    if source.create_placeholders and not dry_run:

        def placeholder(code: str, name: str) -> int | None:
            pk = procedure_placeholder(source=source, code=code, name=name)
            if pk is not None:
                procedures[code] = pk
            return pk

    return Context(
        statuses=dict(StatusMapping.objects.filter(source=source).values_list("upstream_value", "status")),
        procedures=procedures,
        units=units,
        channels=settings.SYNC_CHANNEL_MAP,
        deliveries={**settings.SYNC_DELIVERY_MAP, **{k.lower(): v for k, v in settings.SYNC_DELIVERY_MAP.items()}},
        default_version=default_version,
        by_content=by_content,
        default_unit=source.default_unit_id,
        date_formats=date_format_parsers(source.date_formats or ""),
        labels=labels or {},
        placeholder=placeholder,
    )


PLACEHOLDER_FIELD = "Chưa phân loại (tạo khi đồng bộ hồ sơ)"
PLACEHOLDER_NOTE = (
    "Tạo tự động khi đồng bộ nguồn «{source}»: mã thủ tục «{code}» chưa có trong danh mục. "
    "Cần bổ sung hướng dẫn (hoặc sửa mã cho đúng thủ tục đã có) rồi gửi duyệt."
)


def procedure_placeholder(*, source: SyncSource, code: str, name: str) -> int | None:
    """An unknown procedure becomes a draft with the feed's name, flagged for editors in its review note,
    so its dossiers are searchable at once. A local code gives its national base (1.004222.000.00.00.H12 →
    1.004222). Codes that are not code-shaped are refused (quarantined)."""
    parts = code.split(".", 2)
    base = f"{parts[0]}.{parts[1]}" if len(parts) == 3 else code
    if not base or len(base) > 50 or not CODE_CHARS.match(base):
        return None
    field, _ = Field.objects.get_or_create(name=PLACEHOLDER_FIELD, defaults={"order": 999})
    procedure, _ = Procedure.objects.get_or_create(
        code=base,
        local_suffix="",
        defaults={
            "name": (name or f"Thủ tục mã {base} (chưa có trong danh mục)")[:500],
            "field": field,
            "state": PublishState.DRAFT,
            "review_note": PLACEHOLDER_NOTE.format(source=source.title, code=code),
        },
    )
    logger.info("sync %s: placeholder procedure %s for %s", source.name, procedure.pk, code)
    return procedure.pk


# --- The lock: one run per source at a time -------------------------------------------------------


def _lock(source: SyncSource, token: str, now: datetime) -> bool:
    until = now + timedelta(seconds=settings.SYNC_LOCK_SECONDS)
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now) | Q(lock_token=token)
    return SyncSource.objects.filter(free, pk=source.pk).update(lock_token=token, locked_until=until) == 1


def _unlock(source: SyncSource, token: str) -> None:
    SyncSource.objects.filter(pk=source.pk, lock_token=token).update(lock_token="", locked_until=None)


class LockLost(Exception):
    pass


# --- A run ---------------------------------------------------------------------------------------


def _is_stale(raw: Any, known: dict[str, tuple[str, str]], ctx: Context) -> bool:
    """A record no newer than what is stored changes nothing: skip the validation, hashing and encryption
    (a re-run of a batch, or the overlap between two exports, costs a lookup per record)."""
    if not isinstance(raw, dict) or not known or ctx.by_content:
        return False
    stored = known.get(str(raw.get("code") or "").strip())
    if stored is None:
        return False
    try:
        found = moment_of("updated_at", raw.get("updated_at") or ctx.default_version or None, ctx)
    except Refused:
        return False
    return found is not None and version_of(found[0]) <= stored[0]


def _quarantined(source: SyncSource, run: SyncRun | None, position: str, raw: Any, refused: Refused):
    code = raw.get("code") if isinstance(raw, dict) else ""
    return QuarantinedRecord(
        source=source,
        run=run,
        reason=refused.reason,
        detail=refused.detail,
        code=_PRINTABLE.sub("?", str(code or ""))[:60],
        position=str(position)[:100],
        raw=quarantine_text(raw),
    )


def _split(records: list[tuple[str, Any]], ctx: Context, source: SyncSource, run: SyncRun | None, known: dict):
    good: list[dict[str, Any] | None] = []
    bad: list[QuarantinedRecord] = []
    stale = 0
    seen: dict[str, int] = {}  # code → its row's place in good
    origin: list[tuple[str, Any]] = []  # (position, raw) of each row in good
    for position, raw in records:
        if _is_stale(raw, known, ctx):
            stale += 1
            continue
        try:
            row = clean(raw, ctx)
        except Refused as refused:
            bad.append(_quarantined(source, run, position, raw, refused))
            continue
        at = seen.get(row["code"])
        other = good[at] if at is not None else None
        if (
            other is not None
            and other["source_version"] == row["source_version"]
            and other["source_hash"] != row["source_hash"]
        ):
            # Two versions of one dossier that cannot be ordered: neither is written, both are shown.
            first_position, first_raw = origin[at]  # type: ignore[index]
            when = (
                "trong cùng một lần đọc"
                if ctx.by_content
                else f"cùng {field_label('updated_at')} {row['upstream_updated_at'].astimezone(LOCAL):%d/%m/%Y %H:%M:%S}"
            )
            detail = (
                f"Hồ sơ «{row['code']}» có hai bản ghi {when} nhưng khác nội dung: {first_position} và {position}. "
                "Không ghi bản nào; cần kiểm tra ở nguồn."
            )
            for place, record in ((first_position, first_raw), (position, raw)):
                bad.append(_quarantined(source, run, place, record, Refused(QuarantineReason.CONFLICT, detail)))
            good[at] = None  # type: ignore[index]
            continue
        seen[row["code"]] = len(good)
        good.append(row)
        origin.append((position, raw))
    return [row for row in good if row is not None], bad, stale


@dataclass
class _Chunk:
    records: int
    good: Prepared
    bad: list[QuarantinedRecord]
    stale: int
    duplicates: int
    cursor: str


def _stored(codes: list[str]) -> list[tuple[str, str, str]]:
    """(code, source version, phone hash) of the stored dossiers among `codes`. On PostgreSQL the codes go as
    one array parameter: an IN list of 5,000 parameters cost 55 ms of Python a chunk to build and bind."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT code, source_version, applicant_phone_hash FROM dossiers_dossier WHERE code = ANY(%s)",
                [codes],
            )
            return cursor.fetchall()
    return list(Dossier.objects.filter(code__in=codes).values_list("code", "source_version", "applicant_phone_hash"))


def _known(records: list[tuple[str, Any]]) -> dict[str, tuple[str, str]]:
    """code → (stored version, stored phone hash) for the records' dossiers that are stored."""
    codes = [str(raw.get("code") or "").strip()[:50] for _, raw in records if isinstance(raw, dict)]
    return {code: (version, phone_hash) for code, version, phone_hash in _stored(codes)}


def _prepare(
    records: list[tuple[str, Any]],
    cursor: str,
    ctx: Context,
    source: SyncSource,
    run: SyncRun | None,
    known: dict[str, tuple[str, str]] | None = None,
) -> _Chunk:
    """Read what is stored for these codes (unless the caller has: `known`), then validate, hash and encrypt
    (Python's share of the work)."""
    if known is None:
        known = _known(records)
    good, bad, stale = _split(records, ctx, source, run, known)
    prepared = ingest_prepare(rows=good, phone_hashes={code: pair[1] for code, pair in known.items()})
    return _Chunk(len(records), prepared, bad, stale, len(good) - len(prepared.rows), cursor)


def _commit(source: SyncSource, run: SyncRun, token: str, chunk: _Chunk) -> ChunkResult:
    """One chunk: the dossiers, their events and messages, the refused records, the cursor and the run's
    counters commit together or not at all (the database's share of the work)."""
    now = timezone.now()
    with transaction.atomic():
        result = ingest_chunk(source=source, prepared=chunk.good, now=now)
        QuarantinedRecord.objects.bulk_create(chunk.bad, batch_size=1000)
        kept = SyncSource.objects.filter(pk=source.pk, lock_token=token).update(
            cursor=chunk.cursor, locked_until=now + timedelta(seconds=settings.SYNC_LOCK_SECONDS)
        )
        if kept != 1:
            raise LockLost("Khóa đồng bộ đã hết hạn và bị lần chạy khác lấy")
        SyncRun.objects.filter(pk=run.pk).update(
            chunks=F("chunks") + 1,
            fetched=F("fetched") + chunk.records,
            created=F("created") + result.created,
            updated=F("updated") + result.updated,
            unchanged=F("unchanged") + result.unchanged + chunk.stale + chunk.duplicates,
            quarantined=F("quarantined") + len(chunk.bad),
            events=F("events") + result.events,
            notifications=F("notifications") + result.notifications,
            cursor_to=chunk.cursor,
            heartbeat_at=now,
        )
    return result


def sync_records_store(
    *,
    source: SyncSource,
    records: list[tuple[str, Any]],
    labels: dict[str, str] | None = None,
    trigger: str = "",
) -> tuple[ChunkResult, int]:
    """A few records outside a run (lookup on demand, sync/ondemand.py): validated, quarantined and written
    exactly as a run's chunk, in one transaction, without a run's lock or cursor (the upsert keeps the newest
    version, so a run storing the same dossier at the same time is harmless). With a `trigger`, the source's
    history gets a finished run row with the counts, in the same transaction, and the quarantined records
    point at it. (what was written, how many records were quarantined)"""
    now = timezone.now()
    default_version = version_of(now) if source.version_rule == VersionRule.CONTENT else ""
    ctx = sync_context(source=source, default_version=default_version, labels=labels)
    with transaction.atomic():
        run = None
        if trigger:
            run = SyncRun.objects.create(
                source=source, trigger=trigger, status=RunStatus.RUNNING, heartbeat_at=now, cursor_from=source.cursor
            )
        chunk = _prepare(records, "", ctx, source, run)
        result = ingest_chunk(source=source, prepared=chunk.good, now=now)
        QuarantinedRecord.objects.bulk_create(chunk.bad)
        if run is not None:
            finished = timezone.now()
            SyncRun.objects.filter(pk=run.pk).update(
                status=RunStatus.SUCCEEDED,
                finished_at=finished,
                heartbeat_at=finished,
                cursor_to=source.cursor,
                chunks=1,
                fetched=chunk.records,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged + chunk.stale + chunk.duplicates,
                quarantined=len(chunk.bad),
                events=result.events,
                notifications=result.notifications,
            )
    return result, len(chunk.bad)


class _Writer:
    """Commits chunks on its own connection while the next chunk is fetched and validated, so PostgreSQL
    and Python work at the same time (two cores). Chunks still commit one after another, in order.
    Inline on SQLite and inside an outer transaction (a test case), where a second connection would not
    see the caller's rows."""

    def __init__(self) -> None:
        self.threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.error: BaseException | None = None
        self.jobs: queue.Queue = queue.Queue(maxsize=1)
        if self.threaded:
            self.thread = threading.Thread(target=self._loop, name="sync-writer", daemon=True)
            self.thread.start()

    def _loop(self) -> None:
        try:
            while (job := self.jobs.get()) is not None:
                if self.error is None:
                    try:
                        job()
                    except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
                        self.error = exc
        finally:
            connection.close()

    def submit(self, job: Any) -> None:
        if self.error is not None:
            raise self.error
        if self.threaded:
            self.jobs.put(job)
        else:
            job()

    def finish(self) -> None:
        """Wait for every submitted chunk; raise the first error a chunk met."""
        if self.threaded:
            self.jobs.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error


# --- Validation in other processes ---------------------------------------------------------------

_child: dict[str, Any] = {}  # in a validating process: the run's context, source and run
_inherited: list[Any] = []  # in a validating process: the parent's database connections, never used or closed


def _child_start(ctx: Context, source: SyncSource, run: SyncRun) -> None:
    """A validating process as it starts, forked from the run's. The parent's database connections are
    dropped without closing them (closing sends the server a goodbye on the socket both processes hold, and
    would end the parent's session) and stay referenced, so that no finalizer closes them either; the process
    exits without running finalizers. It opens its own connection if it needs one (a placeholder procedure)."""
    from django.db import connections

    for alias in connections:
        wrapper = connections[alias]
        if wrapper.connection is not None:
            _inherited.append(wrapper.connection)
            wrapper.connection = None
    _child.update(ctx=ctx, source=source, run=run)
    parent = os.getppid()

    def orphaned() -> None:  # the run's process was killed (a hard time limit, memory): no one will shut us down
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=orphaned, name="sync-orphan-watch", daemon=True).start()


@contextlib.contextmanager
def _may_fork() -> Any:
    """A Celery prefork worker process is marked daemonic, and multiprocessing refuses to start a child from
    one, lest the child outlive it unattended. The run's validating processes do not: the run shuts them down
    when it ends, and one whose run's process was killed exits by itself within a second (_child_start)."""
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    daemon = config.get("daemon")
    config["daemon"] = False
    try:
        yield
    finally:
        if daemon is not None:
            config["daemon"] = daemon


def _child_prepare(records: list[tuple[str, Any]], cursor: str, known: dict[str, tuple[str, str]]) -> _Chunk:
    chunk = _prepare(records, cursor, _child["ctx"], _child["source"], _child["run"], known=known)
    return replace(chunk, good=chunk.good.shipped())


class _Validators:
    """A run's chunks validated in SYNC_VALIDATE_PROCESSES processes forked from the run's, while this process
    reads the next page and the writer thread commits the chunk before: on two cores, the reading thread,
    validating as well, was the slowest of the three and held the GIL the writer needed (docs/sync.md,
    Ingest step 6). The writer waits for each chunk in the order they went out. None where the writer is inline
    (SQLite, a test's transaction) or the setting is 0, and never for a run's first chunk unless it is a full
    one, so a run of a few records forks nothing. A process that cannot be started leaves validation in this
    process."""

    def __init__(self, ctx: Context, source: SyncSource, run: SyncRun, threaded: bool) -> None:
        self.args = (ctx, source, run)
        self.processes = settings.SYNC_VALIDATE_PROCESSES if threaded else 0
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, records: list[tuple[str, Any]], cursor: str, first: bool) -> Future | None:
        """Hand a chunk to a validating process: its validated chunk, to come (None: validate it here)."""
        if first or self.processes <= 0:
            return None
        known = _known(records)  # on this process's connection: the validating process needs none
        try:
            if self.pool is None:
                self.pool = ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_child_start,
                    initargs=self.args,
                )
            with _may_fork():  # the pool starts its process at the first chunk it is given
                return self.pool.submit(_child_prepare, records, cursor, known)
        except (AssertionError, OSError, RuntimeError) as exc:  # a daemon process, no fork, no memory
            logger.warning("sync: validating in the reading process (%s)", exc)
            self.processes = 0
            return None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def sync_run(
    *, source: SyncSource, trigger: str = "", sync_file: SyncFile | None = None, adapter: Any = None
) -> SyncRun:
    """Run one source from its stored cursor to the end of what it has now. Never raises for a source
    problem: the run ends `failed` with the reason, and the next run resumes from the stored cursor."""
    token = uuid.uuid4().hex
    started = timezone.now()
    if not _lock(source, token, started):
        return SyncRun.objects.create(
            source=source,
            status=RunStatus.REFUSED,
            trigger=trigger,
            finished_at=started,
            error="Nguồn đang được một lần chạy khác đồng bộ; lần này không chạy để tránh ghi trùng.",
        )
    try:
        # A run still marked running holds no lock any more: its worker died. Its stored chunks stay.
        SyncRun.objects.filter(source=source, status=RunStatus.RUNNING).update(
            status=RunStatus.INTERRUPTED, finished_at=started, error="Tiến trình dừng giữa chừng; phần đã lưu được giữ."
        )
        source.refresh_from_db()
        run = SyncRun.objects.create(
            source=source, trigger=trigger, cursor_from=source.cursor, heartbeat_at=started, file=sync_file
        )
        _run(source, run, token, sync_file, adapter, started)
        return run
    finally:
        _unlock(source, token)


# The young generation's size while a run reads and validates (CPython's default is 700 objects).
RUN_GC_THRESHOLD = 20_000


@contextlib.contextmanager
def _collector_at_ease() -> Any:
    """A run allocates millions of small objects that live for a chunk (records, rows, texts) and hold no
    cycles, while the process holds everything Django and the run have loaded: each full collection walked
    all of it again, about a sixth of the reading thread's time. For the run, what exists at its start is
    left out of collections (gc.freeze) and the young generation is larger; garbage in cycles is still
    collected, less often."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(RUN_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _run(
    source: SyncSource, run: SyncRun, token: str, sync_file: SyncFile | None, adapter: Any, started: datetime
) -> None:
    with _collector_at_ease():
        _run_chunks(source, run, token, sync_file, adapter, started)


def _run_chunks(
    source: SyncSource, run: SyncRun, token: str, sync_file: SyncFile | None, adapter: Any, started: datetime
) -> None:
    status, error = RunStatus.SUCCEEDED, ""
    writer = _Writer()
    # The writer thread waits for the GIL behind the validating thread: see the switch interval in config/celery.py.

    spent = {"prepare": 0.0, "commit": 0.0, "wait": 0.0}

    def timed(name: str, job: Any) -> Any:
        begin = time.perf_counter()
        try:
            return job()
        finally:
            spent[name] += time.perf_counter() - begin

    def commit(chunk: _Chunk | Future) -> None:
        """Queue a chunk for the writer thread, which commits the queued chunks one after another, in order.
        A chunk still with a validating process is waited for by the writer, not by this thread: it commits the
        moment it is ready, while this thread reads on. If its validation failed, the writer stops there and
        skips every chunk queued after it (committing them would move the cursor past records never stored)."""

        def job() -> None:
            ready = timed("prepare", chunk.result) if isinstance(chunk, Future) else chunk
            timed("commit", lambda: _commit(source, run, token, ready))

        timed("wait", lambda: writer.submit(job))

    def store(records: list[tuple[str, Any]], cursor: str) -> None:
        # A run's first chunk is validated here unless it is a full one: a run of a few records forks nothing.
        small = not stored and len(records) < settings.SYNC_CHUNK_SIZE
        future = validators.submit(records, cursor, first=small) if validators is not None else None
        commit(future if future is not None else timed("prepare", lambda: _prepare(records, cursor, ctx, source, run)))

    validators = None
    stored = 0
    try:
        try:
            adapter = adapter or adapter_for(source, sync_file=sync_file)
            default_version = adapter.default_version
            if source.version_rule == VersionRule.CONTENT:
                default_version = version_of(started)  # every record of this run: applies only if changed
            ctx = sync_context(source=source, default_version=default_version, labels=getattr(adapter, "labels", None))
            validators = _Validators(ctx, source, run, writer.threaded)
            pending: list[tuple[str, Any]] = []
            cursor = stored_cursor = source.cursor
            for page in adapter.pages(source.cursor):
                pending.extend(page.records)
                cursor = page.cursor
                while len(pending) >= settings.SYNC_CHUNK_SIZE * 2:
                    # A page far larger than a chunk: store it in parts (the cursor moves only at its end).
                    store(pending[: settings.SYNC_CHUNK_SIZE], stored_cursor)
                    pending, stored = pending[settings.SYNC_CHUNK_SIZE :], stored + 1
                if len(pending) >= settings.SYNC_CHUNK_SIZE:
                    store(pending, cursor)
                    stored_cursor, pending, stored = cursor, [], stored + 1
            if pending or cursor != stored_cursor or not stored:
                store(pending, cursor)
        finally:
            try:
                timed("wait", writer.finish)  # what was validated before a failure still commits, in order
            finally:
                if validators is not None:
                    validators.close()  # after a failure: the chunks still being validated are dropped
            logger.info(
                "sync %s: validating %.1f s, database %.1f s, waiting for the database %.1f s",
                source.name, spent["prepare"], spent["commit"], spent["wait"],
            )  # fmt: skip
    except SourceError as exc:
        status, error = RunStatus.FAILED, str(exc)
        logger.warning("sync %s: %s", source.name, exc)
    except LockLost as exc:
        status, error = RunStatus.FAILED, str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug or a database outage: recorded, the next run resumes
        status, error = RunStatus.FAILED, f"Lỗi không mong đợi: {plain_error(exc)}"[:2000]
        logger.exception("sync %s failed", source.name)
    finished = timezone.now()
    SyncRun.objects.filter(pk=run.pk).update(status=status, error=error, finished_at=finished, heartbeat_at=finished)
    run.refresh_from_db()
    fields: dict[str, Any] = {"last_run_at": finished}
    if status == RunStatus.SUCCEEDED:
        # Everything the source changed before this run started is now stored.
        fields["last_success_at"] = started
    SyncSource.objects.filter(pk=source.pk).update(**fields)
    if sync_file is not None:
        SyncFile.objects.filter(pk=sync_file.pk).update(
            state=FileState.DONE if status == RunStatus.SUCCEEDED else FileState.FAILED
        )


# --- Files ---------------------------------------------------------------------------------------


def sync_file_add(*, source: SyncSource, name: str, content: bytes, user: Any = None) -> SyncFile:
    if not content:
        raise ApplicationError(FILE_EMPTY)
    if len(content) > settings.SYNC_MAX_FILE_BYTES:
        raise ApplicationError(
            FILE_TOO_BIG, message=f"Tệp quá lớn (tối đa {settings.SYNC_MAX_FILE_BYTES // (1024 * 1024)} MB)."
        )
    digest = hashlib.sha256(content).hexdigest()
    if SyncFile.objects.filter(sha256=digest).exists():
        raise ApplicationError(FILE_SEEN)
    return SyncFile.objects.create(
        source=source, name=name[:255], sha256=digest, content=content, size=len(content), uploaded_by=user
    )


def sync_files_collect(*, source: SyncSource) -> list[SyncFile]:
    """Files dropped in SYNC_DROP_DIR become SyncFiles (once per content) and move to done/."""
    folder = Path(settings.SYNC_DROP_DIR) if settings.SYNC_DROP_DIR else None
    if folder is None or not folder.is_dir():
        return []
    added = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in (".csv", ".xlsx"):
            continue
        try:
            added.append(sync_file_add(source=source, name=path.name, content=path.read_bytes()))
        except ApplicationError as exc:
            logger.warning("sync drop folder: %s: %s", path.name, exc.message)
        done = folder / "done"
        done.mkdir(exist_ok=True)
        path.rename(done / f"{timezone.now():%Y%m%d%H%M%S}-{path.name}")
    return added


def sync_source_run(*, source: SyncSource, trigger: str = "") -> list[SyncRun]:
    """What the schedule (or "Đồng bộ ngay") does for a source: a feed runs once; a file source imports
    every waiting file, oldest first."""
    if source.kind == SourceKind.PUSH:
        return []  # its runs are the requests it sends (sync/push.py)
    if source.kind != SourceKind.FILE:
        return [sync_run(source=source, trigger=trigger)]
    sync_files_collect(source=source)
    runs = []
    for sync_file in SyncFile.objects.filter(source=source, state=FileState.WAITING).order_by("created_at", "pk"):
        runs.append(sync_run(source=source, trigger=trigger, sync_file=sync_file))
    return runs


# --- Schedule --------------------------------------------------------------------------------------


def sync_source_schedule(*, source: SyncSource) -> None:
    """One Celery beat entry per source (django-celery-beat's tables), following the source's interval
    and switch; beat picks up the change without a restart."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    name = f"Đồng bộ hồ sơ: {source.name}"
    active = source.enabled and source.interval_minutes > 0
    if not active:
        PeriodicTask.objects.filter(name=name).update(enabled=False)
        return
    every, _ = IntervalSchedule.objects.get_or_create(every=source.interval_minutes, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.update_or_create(
        name=name,
        defaults={"task": "sync.run_source", "interval": every, "args": f"[{source.pk}]", "enabled": True},
    )


def sync_schedules_ensure(**kwargs: Any) -> None:
    for source in SyncSource.objects.all():
        sync_source_schedule(source=source)


# --- "Thử nguồn": one page, mapped and validated, nothing written ----------------------------------


@dataclass
class TrialRecord:
    position: str
    code: str
    summary: str = ""  # what would be stored (mapped), for a good record
    reason: str = ""  # why it would be quarantined
    raw: str = ""  # the record as the source sent it


@dataclass
class Trial:
    ok: list[TrialRecord]
    refused: list[TrialRecord]
    error: str = ""
    placeholders: list[str] | None = None  # procedures that a real run would create as drafts


def sync_source_try(*, source: SyncSource, limit: int = 50) -> Trial:
    """Fetch the first page from the stored cursor, map and validate it as a run would, and write nothing:
    no dossier, no quarantine, no cursor, no placeholder procedure (listed instead)."""
    from sync.sources.http import HttpFeed

    if source.kind != SourceKind.HTTP:
        return Trial([], [], "Chỉ thử được nguồn lấy dữ liệu qua HTTP.")
    try:
        feed = HttpFeed(source)
        records = feed.first_page(source.cursor)
    except (SourceError, ValueError) as exc:
        return Trial([], [], str(exc))
    except Exception as exc:  # noqa: BLE001 - shown to the officer as a plain sentence
        logger.exception("sync %s: trial failed", source.name)
        return Trial([], [], f"Lỗi không mong đợi: {plain_error(exc)}")
    started = timezone.now()
    default_version = version_of(started) if source.version_rule == VersionRule.CONTENT else ""
    ctx = sync_context(source=source, default_version=default_version, labels=feed.labels, dry_run=True)
    names = {pk: name for pk, name in Procedure.objects.values_list("pk", "name")}
    units = dict(Unit.objects.values_list("pk", "name"))
    placeholders: list[str] = []
    if source.create_placeholders:

        def placeholder(code: str, name: str) -> int:
            placeholders.append(f"{code}: {name or '(không có tên)'}")
            ctx.procedures[code] = -len(placeholders)
            names[-len(placeholders)] = f"(thủ tục tạm) {name or code}"
            return -len(placeholders)

        ctx = replace(ctx, placeholder=placeholder)
    ok, refused = [], []
    for position, raw in records[:limit]:
        shown = quarantine_text(raw)[:2000]
        try:
            row = clean(raw, ctx)
        except Refused as exc:
            code = raw.get("code") if isinstance(raw, dict) else ""
            refused.append(TrialRecord(position, str(code or ""), reason=exc.detail, raw=shown))
            continue
        summary = (
            f"{dict(DossierStatus.choices).get(row['status'], row['status'])} · "
            f"{names.get(row['procedure_id'], row['procedure_id'])} · {units.get(row['unit_id'], row['unit_id'])} · "
            f"tiếp nhận {row['received_at'].astimezone(LOCAL):%d/%m/%Y %H:%M}"
            + (f" · {len(row['history'])} bước xử lý" if row["history"] else "")
        )
        ok.append(TrialRecord(position, row["code"], summary=summary, raw=shown))
    return Trial(ok, refused, placeholders=placeholders)
