"""Reads of "Hỏi cán bộ": a citizen's own threads, an officer's unit subtree, the unanswered ones for the inbox."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from accounts.selectors import scope_to_officer
from citizens.models import Citizen
from questions.models import Question, QuestionMessage, QuestionStatus
from units.models import Unit

UNANSWERED = (QuestionStatus.OPEN,)


def question_list_for_citizen(*, citizen: Citizen) -> QuerySet[Question]:
    return (
        Question.objects.filter(citizen=citizen)
        .select_related("unit", "procedure", "dossier")
        .order_by("-last_message_at", "-id")
    )


def question_thread_for_citizen(*, citizen: Citizen) -> QuerySet[Question]:
    """The citizen's threads with their messages, in a fixed number of queries."""
    return question_list_for_citizen(citizen=citizen).prefetch_related(
        Prefetch("messages", queryset=QuestionMessage.objects.order_by("created_at", "id"))
    )


def question_list_for_officer(*, officer: User) -> QuerySet[Question]:
    return scope_to_officer(Question.objects.select_related("unit", "procedure", "dossier"), officer=officer)


def unanswered_for_units(unit_ids: Iterable[int]) -> QuerySet[Question]:
    """Questions waiting for an answer in these units' subtrees, the longest waiting first (for "Việc cần làm").
    `.count()` on it is the count."""
    paths = list(Unit.objects.filter(pk__in=list(unit_ids)).values_list("path", flat=True))
    if not paths:
        return Question.objects.none()
    in_scope = Q()
    for path in paths:
        in_scope |= Q(unit__path__startswith=path)
    return (
        Question.objects.filter(in_scope, status__in=UNANSWERED)
        .select_related("unit", "procedure")
        .order_by("waiting_since", "id")
    )


def unanswered_count_for_units(unit_ids: Iterable[int]) -> int:
    return unanswered_for_units(unit_ids).count()


def question_unanswered_for_officer(*, officer: User, today: date) -> QuerySet[Question]:
    """The inbox's source "Câu hỏi của công dân chưa trả lời" (inbox/sources.py): the officer's unit subtree."""
    return question_list_for_officer(officer=officer).filter(status__in=UNANSWERED)


def question_inbox_title(question: Question) -> str:
    return f"Câu hỏi #{question.pk}: {question.subject}"


def question_inbox_detail(question: Question) -> str:
    about = question.procedure.name if question.procedure is not None else ""
    return f"{question.unit.name} · {about}" if about else question.unit.name
