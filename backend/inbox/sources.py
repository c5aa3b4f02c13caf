"""The inbox's sources: each is a named, labelled query of some app's work, scoped to the officer.

A source is a `Source` (below). The page asks every source the officer may see for two things, each one query
however many rows there are: how many items it has (`count`) and the most urgent few (`top`). Items of all
sources are then merged by their date (the legal clock: appointment date, deadline) so the most urgent work is
at the top.

Adding a source from another app is one line, and the inbox never imports that app (no import cycle):

- in `SOURCE_PATHS` below, or in the `INBOX_EXTRA_SOURCES` setting, the dotted path of a `Source` object, e.g.
  "questions.inbox.UNANSWERED"; or
- a `Source` whose `queryset` is the dotted path of a selector, listed in `SOURCES` below:
  `Source("questions", "Câu hỏi chưa trả lời", "questions.selectors.question_unanswered_for_officer",
  due_field="due_date", admin_url="admin:questions_question_change", permission="questions.change_question")`;
- or `register(source)` from the other app's `AppConfig.ready()`.

The selector is called as `selector(officer=..., today=...)` and returns the officer's own rows only (scoped to
their unit subtree); the inbox adds no filter of its own, so the selector decides what counts as work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Source:
    name: str  # a short English identifier, also the page's filter value (?nguon=<name>)
    label: str  # Vietnamese, shown on the page, the admin index and the digest
    queryset: str | Callable[..., QuerySet[Any]]  # selector(officer=, today=) -> the officer's open items
    admin_url: str  # the admin change page of one item, reversed with its pk
    permission: str  # who sees this source at all ("app.codename")
    due_field: str | None = None  # the legal clock; None: ordered by `since_field`, after every dated item
    order_field: str | None = None  # an annotation the selector adds to order by instead of the clock's column
    since_field: str | None = None  # when an item without a clock appeared (shown as "từ ngày …")
    related: tuple[str, ...] = ()  # select_related for the top items
    title: str | Callable[[Any], str] = str  # what a row says: a callable, or the dotted path of one
    detail: str | Callable[[Any], str] | None = None  # a second line (procedure, kind, reason)
    action_label: str = "Mở"  # the row's main link
    action_url: str | None = None  # admin URL name of a one-step action for the row (reversed with its pk)
    action_url_label: str = ""
    changelist_url: str = ""  # "Xem tất cả" (an admin URL name, with `changelist_query`)
    changelist_query: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def _resolve(self, value: Any) -> Any:
        return import_string(value) if isinstance(value, str) else value

    def items(self, *, officer: Any, today: date) -> QuerySet[Any]:
        return self._resolve(self.queryset)(officer=officer, today=today)

    def count(self, *, officer: Any, today: date, cap: int | None = None) -> int:
        """How many items; with `cap`, at most cap + 1 are counted (cap + 1 reads "more than cap"), so a
        province-wide officer's 200,000 late dossiers cost no more than a commune's few."""
        queryset = self.items(officer=officer, today=today).order_by()
        if cap is not None:
            return queryset[: cap + 1].count()
        return queryset.count()

    def top(self, *, officer: Any, today: date, limit: int) -> list[Any]:
        queryset = self.items(officer=officer, today=today)
        if self.related:
            queryset = queryset.select_related(*self.related)
        order = self.order_field or self.due_field or self.since_field
        if order:
            queryset = queryset.order_by(F(order).asc(nulls_last=True), "pk")
        return list(queryset[:limit])

    def title_of(self, obj: Any) -> str:
        return str(self._resolve(self.title)(obj))

    def detail_of(self, obj: Any) -> str:
        return str(self._resolve(self.detail)(obj)) if self.detail else ""

    def visible_to(self, officer: Any) -> bool:
        return bool(officer.has_perm(self.permission))


# The built-in sources, in the order of their legal weight when two items fall on the same day.
SOURCE_PATHS: list[str] = [
    "inbox.builtin.DOSSIERS_OVERDUE",
    "inbox.builtin.DOSSIERS_DUE_SOON",
    "inbox.builtin.REPORTS",
    "inbox.builtin.FOLLOW_UPS",
    "inbox.builtin.QUARANTINE",
]
# Sources given as objects here (see the module's docstring).
SOURCES: list[Source] = [
    Source(
        "questions",
        "Câu hỏi của công dân chưa trả lời",
        "questions.selectors.question_unanswered_for_officer",
        admin_url="admin:questions_question_change",
        permission="questions.change_question",
        since_field="waiting_since",
        related=("unit", "procedure"),
        title="questions.selectors.question_inbox_title",
        detail="questions.selectors.question_inbox_detail",
        action_label="Trả lời",
        changelist_url="admin:questions_question_changelist",
    ),
]
_registered: list[Source] = []


def register(source: Source) -> Source:
    """Add a source (e.g. from an AppConfig.ready()); registering the same name twice keeps the first."""
    if all(existing.name != source.name for existing in _registered):
        _registered.append(source)
    return source


def source_list() -> list[Source]:
    """Every source, built-in first, each name once."""
    found: list[Source] = []
    for path in [*SOURCE_PATHS, *settings.INBOX_EXTRA_SOURCES]:
        found.append(import_string(path))
    found += SOURCES + _registered
    seen: set[str] = set()
    unique = []
    for source in found:
        if source.name not in seen:
            seen.add(source.name)
            unique.append(source)
    return unique
