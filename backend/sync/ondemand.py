"""Lookup on demand (docs/sync.md, "Tra cứu theo yêu cầu"): a citizen's lookup of a code we do not hold asks
the sources that have a lookup address for that one code, and "my dossiers" can ask a dossier's own source
again. What a source answers is stored through the same validation, quarantine and upsert as a pull
(services.sync_records_store); the lookup then answers from the database as usual.

Bounded on every side: the whole remote part ends within SYNC_LOOKUP_TIMEOUT_SECONDS of the request's start
(one attempt, no retry, the time left as the timeout of each call, a reserve kept for storing); a source that
failed SYNC_LOOKUP_BREAKER_FAILURES times in a row is not asked for SYNC_LOOKUP_BREAKER_SECONDS (the breaker's
state is in the cache, i.e. Redis); one code is fetched at most SYNC_LOOKUP_REMOTE_PER_CODE times per
SYNC_LOOKUP_REMOTE_WINDOW_SECONDS, found or not. Nothing here raises: a source down is a dossier not found.
A fetch that brought records shows in the source's run history (trigger "tra cứu theo yêu cầu", with its
counts and quarantined records); a fetch that failed counts towards the breaker and is logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from django.conf import settings
from django.core.cache import cache

from common import ratelimit
from common.plain_errors import plain_error
from sync.models import SyncSource
from sync.sources.base import SourceError
from sync.sources.http import HttpFeed

logger = logging.getLogger(__name__)

# How a fetch on demand that brought records shows in the source's run history ("Lần đồng bộ").
ON_DEMAND_TRIGGER = "tra cứu theo yêu cầu"


def _lookup_sources() -> list[SyncSource]:
    return list(SyncSource.objects.filter(enabled=True).exclude(lookup_url="").order_by("pk"))


def _deadline(started: float) -> float:
    """When the remote calls must end: the timeout, less a reserve for storing what they brought."""
    total = settings.SYNC_LOOKUP_TIMEOUT_SECONDS
    return started + total - min(0.5, total / 4)


# --- The circuit breaker, per source ---------------------------------------------------------------


def _breaker_keys(source: SyncSource) -> tuple[str, str]:
    return f"sync:lookup:failures:{source.pk}", f"sync:lookup:open:{source.pk}"


def breaker_is_open(source: SyncSource) -> bool:
    try:
        return cache.get(_breaker_keys(source)[1]) is not None
    except Exception:  # noqa: BLE001 - the cache unreachable: do not add a remote call to the trouble
        return True


def _breaker_failure(source: SyncSource) -> None:
    failures, opened = _breaker_keys(source)
    try:
        cache.add(failures, 0, timeout=max(settings.SYNC_LOOKUP_BREAKER_SECONDS * 10, 600))
        if cache.incr(failures) >= settings.SYNC_LOOKUP_BREAKER_FAILURES:
            cache.set(opened, 1, timeout=settings.SYNC_LOOKUP_BREAKER_SECONDS)
            cache.delete(failures)
            logger.warning(
                "sync %s: lookup on demand paused for %s s", source.name, settings.SYNC_LOOKUP_BREAKER_SECONDS
            )
    except Exception:  # noqa: BLE001
        logger.warning("sync %s: the lookup breaker could not be updated", source.name)


def _breaker_success(source: SyncSource) -> None:
    try:
        cache.delete(_breaker_keys(source)[0])
    except Exception:  # noqa: BLE001
        pass


# --- Asking one source for one code ----------------------------------------------------------------


def _remote_allowed(code: str) -> bool:
    limit = ratelimit.Limit(
        "sync-lookup-remote", settings.SYNC_LOOKUP_REMOTE_PER_CODE, settings.SYNC_LOOKUP_REMOTE_WINDOW_SECONDS
    )
    try:
        return ratelimit.hit(limit, code)[0]
    except Exception:  # noqa: BLE001 - Redis down: no remote call
        return False


def source_ask(source: SyncSource, code: str, *, deadline: float) -> bool:
    """Ask one source for one code and store what it answers; True if the dossier was created or changed."""
    from sync.services import sync_records_store

    if breaker_is_open(source) or time.monotonic() >= deadline:
        return False
    try:
        feed = HttpFeed(source, deadline=deadline)
        records = feed.one(code)
    except (SourceError, ValueError) as exc:
        _breaker_failure(source)
        logger.info("sync %s: lookup of one code failed: %s", source.name, exc)
        return False
    except Exception as exc:  # noqa: BLE001 - a citizen's lookup must not fail for it
        _breaker_failure(source)
        logger.warning("sync %s: lookup of one code failed: %s", source.name, plain_error(exc))
        return False
    _breaker_success(source)
    if not records:
        return False
    try:
        result, quarantined = sync_records_store(
            source=source, records=records, labels=feed.labels, trigger=ON_DEMAND_TRIGGER
        )
    except Exception:  # noqa: BLE001
        logger.exception("sync %s: a record fetched on demand could not be stored", source.name)
        return False
    return bool(result.created or result.updated) and not quarantined


class OnDemand:
    """The provider dossiers/remote.py asks (registered in sync/apps.py)."""

    def miss_seconds(self) -> float:
        return float(settings.SYNC_LOOKUP_TIMEOUT_SECONDS) if _lookup_sources() else 0.0

    def fetch_unknown(self, code: str, *, started: float) -> None:
        sources = _lookup_sources()
        if not sources or not _remote_allowed(code):
            return
        deadline = _deadline(started)
        for source in sources:
            if source_ask(source, code, deadline=deadline):
                return

    def refresh(self, codes: Sequence[tuple[str, int | None]], *, started: float) -> tuple[int, int]:
        by_pk = {source.pk: source for source in _lookup_sources()}
        deadline = _deadline(started)
        asked = stored = 0
        for code, source_id in codes:
            source = by_pk.get(source_id) if source_id is not None else None
            if source is None or time.monotonic() >= deadline or not _remote_allowed(code):
                continue
            asked += 1
            stored += source_ask(source, code, deadline=deadline)
        return asked, stored
