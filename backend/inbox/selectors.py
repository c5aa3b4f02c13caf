"""Reads of the inbox: the officer's sources, their counts and their most urgent items, merged by legal urgency.

The number of queries does not grow with the number of items: two per source (a count and the top few), plus the
officer's permissions and the holiday calendar, both cached (tests/inbox/test_page.py pins it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import User
from dossiers.workdays import Calendar, calendar
from inbox.builtin import due_soon_cutoff
from inbox.sources import Source, source_list


class Urgency:
    OVERDUE = "overdue"
    TODAY = "today"
    DUE_SOON = "due_soon"
    LATER = "later"
    NO_CLOCK = "no_clock"


URGENCY_ORDER = [Urgency.OVERDUE, Urgency.TODAY, Urgency.DUE_SOON, Urgency.LATER, Urgency.NO_CLOCK]


@dataclass(frozen=True)
class Item:
    source: Source
    pk: Any
    title: str
    detail: str
    due: date | None  # the legal clock's last day
    since: date | None  # for items without a clock: when they appeared
    urgency: str
    urgency_text: str
    url: str
    action_url: str

    @property
    def sort_key(self) -> tuple[Any, ...]:
        rank = URGENCY_ORDER.index(self.urgency)
        return (rank, self.due or self.since or date.max)


@dataclass(frozen=True)
class SourceCount:
    source: Source
    count: int
    url: str
    capped: bool = False  # more than INBOX_COUNT_CAP: shown as "hơn …"

    @property
    def text(self) -> str:
        shown = f"{self.count:,}".replace(",", ".")
        return f"hơn {shown}" if self.capped else shown


def _counted(source: Source, *, officer: User, today: date, url: str) -> SourceCount:
    cap = settings.INBOX_COUNT_CAP
    count = source.count(officer=officer, today=today, cap=cap)
    return SourceCount(source, min(count, cap), url, capped=count > cap)


@dataclass(frozen=True)
class Inbox:
    today: date
    cutoff: date
    counts: list[SourceCount]
    items: list[Item]


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def urgency_of(*, due: date | None, today: date, cutoff: date, cal: Calendar) -> tuple[str, str]:
    if due is None:
        return Urgency.NO_CLOCK, "Không có thời hạn"
    if due < today:
        late = cal.working_days_after(due, today)
        return Urgency.OVERDUE, f"Quá hạn {late} ngày làm việc" if late else "Quá hạn"
    if due == today:
        return Urgency.TODAY, "Đến hạn hôm nay"
    if due <= cutoff:
        left = cal.working_days_after(today, due)
        return Urgency.DUE_SOON, f"Còn {left} ngày làm việc"
    return Urgency.LATER, "Trong hạn"


def _reverse(name: str | None, *args: Any) -> str:
    if not name:
        return ""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # an app's admin page that is not registered here: the row just has no link
        return ""


def _changelist_url(source: Source) -> str:
    url = _reverse(source.changelist_url)
    return f"{url}?{source.changelist_query}" if url and source.changelist_query else url


def sources_for_officer(*, officer: User) -> list[Source]:
    return [source for source in source_list() if source.visible_to(officer)]


def inbox_counts(*, officer: User, today: date | None = None) -> list[SourceCount]:
    """One count query per source the officer may see (the admin index's panel)."""
    today = today or timezone.localdate()
    return [
        _counted(source, officer=officer, today=today, url=_changelist_url(source))
        for source in sources_for_officer(officer=officer)
    ]


def inbox_for_officer(
    *, officer: User, today: date | None = None, only: str | None = None, limit: int | None = None
) -> Inbox:
    """The officer's page: every visible source's count and its most urgent items, merged by urgency then date.
    `only` keeps one source's items (the counts stay whole)."""
    today = today or timezone.localdate()
    cal = calendar()
    cutoff = due_soon_cutoff(today=today)
    limit = limit or settings.INBOX_ITEMS_PER_SOURCE
    counts: list[SourceCount] = []
    items: list[Item] = []
    for source in sources_for_officer(officer=officer):
        counted = _counted(source, officer=officer, today=today, url=_changelist_url(source))
        counts.append(counted)
        if not counted.count or (only and source.name != only):
            continue
        for obj in source.top(officer=officer, today=today, limit=limit):
            due = _as_date(getattr(obj, source.due_field)) if source.due_field else None
            since = _as_date(getattr(obj, source.since_field)) if source.since_field else None
            urgency, text = urgency_of(due=due, today=today, cutoff=cutoff, cal=cal)
            items.append(
                Item(
                    source=source,
                    pk=obj.pk,
                    title=source.title_of(obj),
                    detail=source.detail_of(obj),
                    due=due,
                    since=since,
                    urgency=urgency,
                    urgency_text=text,
                    url=_reverse(source.admin_url, obj.pk),
                    action_url=_reverse(source.action_url, obj.pk),
                )
            )
    items.sort(key=lambda item: item.sort_key)  # stable: the sources' order breaks ties
    return Inbox(today=today, cutoff=cutoff, counts=counts, items=items)
