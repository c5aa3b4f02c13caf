"""Daily counts from the raw events, and the purge of raw events past USAGE_RAW_DAYS (docs/usage.md)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from usage.models import Kind, UsageDaily, UsageEvent
from usage.recording import salt_discard, usage_flush, usage_record

# A run of digits long enough to be a phone, an ID number or a dossier code, or an e-mail address: a search
# holding one is counted but its words are not kept (a citizen may type their own number into the search box).
_PERSONAL = re.compile(r"\d[\d .\-]{5,}\d|\S+@\S+")
QUERY_MAX = 100


def search_query_key(query: str) -> str:
    """The form an unmatched search is kept in: lower case with its diacritics (editors read it), spaces folded,
    personal-looking parts replaced by "#", cut short. Empty when nothing is left."""
    text = _PERSONAL.sub("#", " ".join(query.split()).casefold())
    return text[:QUERY_MAX].strip()


def usage_search(*, scope: str, query: str, found: int) -> None:
    """A search of `scope` (procedures, faqs, units); one with no result also feeds the editors' to-do list."""
    usage_record(Kind.SEARCH, key=scope)
    if found == 0:
        key = search_query_key(query)
        if key:
            usage_record(Kind.SEARCH_EMPTY, key=key)


def usage_broadcast(*, event: str, unit_id: int | None, count: int = 1, key: str = "") -> None:
    """The hook for broadcasts: `event` "sent" or "opened", `unit_id` the unit whose OA sent it."""
    kind = Kind.BROADCAST_SENT if event == "sent" else Kind.BROADCAST_OPENED
    for _ in range(max(count, 0)):
        usage_record(kind, key=key, unit_id=unit_id)


def usage_notification_seen(*, channel: str, unit_id: int | None) -> None:
    """The hook for a "seen" receipt of a dossier notification (Zalo's `user_seen_message` webhook for OA messages,
    notifications/receipts.py). `unit_id`: the dossier's unit."""
    usage_record(Kind.NOTIFICATION_OPENED, key=channel, unit_id=unit_id)


def _oldest_raw_day(today: date) -> date:
    return today - timedelta(days=settings.USAGE_RAW_DAYS)


@transaction.atomic
def usage_aggregate_day(*, day: date, today: date | None = None) -> int:
    """Recount `day` from its raw events; re-running gives the same rows. Returns the number of daily rows.

    Days older than the raw retention are left alone (their events are gone; the counts are what remains). A day
    two or more days back is final: its visit keys are blanked and its salt deleted, and its distinct-user count
    is kept from then on.
    """
    today = today or timezone.localdate()
    if day < _oldest_raw_day(today) or day > today:
        return 0
    events = UsageEvent.objects.filter(day=day)
    counts = events.values("kind", "unit_id", "key").exclude(kind=Kind.VISIT).annotate(n=Count("id"))
    rows = [
        UsageDaily(day=day, kind=row["kind"], key=row["key"], unit_id=row["unit_id"], count=row["n"]) for row in counts
    ]
    visits = events.filter(kind=Kind.VISIT)
    visit_count = visits.count()
    if visit_count:
        rows.append(UsageDaily(day=day, kind=Kind.VISIT, count=visit_count))
    distinct = visits.exclude(key="").values("key").distinct().count()
    previous = UsageDaily.objects.filter(day=day, kind=Kind.VISITORS).values_list("count", flat=True).first() or 0
    visitors = max(distinct, previous)  # once the keys are blanked, the count taken before them stands
    if visitors:
        rows.append(UsageDaily(day=day, kind=Kind.VISITORS, count=visitors))
    UsageDaily.objects.filter(day=day).delete()
    UsageDaily.objects.bulk_create(rows)
    if day <= today - timedelta(days=2):
        visits.exclude(key="").update(key="")
        transaction.on_commit(lambda: salt_discard(day))
    return len(rows)


def usage_aggregate_recent(*, today: date | None = None) -> dict[str, int]:
    """Today and the two days before (the last of them becomes final): the beat task's run."""
    usage_flush()
    today = today or timezone.localdate()
    return {
        str(day): usage_aggregate_day(day=day, today=today) for day in (today - timedelta(days=n) for n in (2, 1, 0))
    }


def usage_purge_raw(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    deleted, _ = UsageEvent.objects.filter(day__lt=_oldest_raw_day(today)).delete()
    return deleted
