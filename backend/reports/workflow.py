"""The officers' workflow on a report: status, forward, the clock (accept, extend, pause, resume, outcome),
the reply to the citizen, and the officers' access log. Each step is one event in the report's history, and
a named sender is told about it (`_record`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User, officer_access_fields
from common.errors import ApplicationError, ErrorCode
from dossiers.workdays import calendar
from notifications.models import Kind
from reports import clocks
from reports.models import (
    CLOSED_STATUSES,
    AccessAction,
    ClockStart,
    EventType,
    LegalTrack,
    Outcome,
    Report,
    ReportAccessLog,
    ReportAttachment,
    ReportEvent,
    ReportStatus,
)
from reports.tracking import citizen_notify
from units.models import Unit

BAD_TRANSITION = ErrorCode("report_bad_transition", "Không thể chuyển tin báo sang trạng thái này.", 400)
CHANGED_MEANWHILE = ErrorCode("report_changed", "Tin báo vừa được người khác cập nhật. Vui lòng tải lại trang.", 409)
NOTE_REQUIRED = ErrorCode("report_note_required", "Cần ghi rõ nội dung (ghi chú, lý do hoặc trả lời).", 400)
FORWARD_INVALID = ErrorCode("report_forward_invalid", "Chọn một đơn vị khác đơn vị đang xử lý.", 400)
EXTEND_INVALID = ErrorCode("report_extend_invalid", "Hạn mới phải sau hạn hiện tại.", 400)
CLOCK_DATE_INVALID = ErrorCode("report_clock_date_invalid", "Ngày quyết định không hợp lệ.", 400)
PAUSE_NOT_ALLOWED = ErrorCode("report_pause_not_allowed", "Không thể tạm đình chỉ tin này.", 400)
ACCEPT_INVALID = ErrorCode("report_accept_invalid", "Không thể thụ lý tin này.", 400)
OUTCOME_INVALID = ErrorCode("report_outcome_invalid", "Kết quả này không dùng được cho tin này.", 400)

# Allowed status moves; forwarding is its own action (report_forward) from any open status.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.RECEIVED: frozenset(
        {
            ReportStatus.VERIFYING,
            ReportStatus.PROCESSING,
            ReportStatus.RESOLVED,
            ReportStatus.NOT_COMPETENT,
            ReportStatus.REJECTED_FALSE,
            ReportStatus.SPAM,
        }
    ),
    ReportStatus.VERIFYING: frozenset(
        {
            ReportStatus.PROCESSING,
            ReportStatus.RESOLVED,
            ReportStatus.NOT_COMPETENT,
            ReportStatus.REJECTED_FALSE,
            ReportStatus.SPAM,
        }
    ),
    # Acceptance (thụ lý) and suspension have their own actions (report_accept, report_pause/resume).
    ReportStatus.ACCEPTED: frozenset({ReportStatus.VERIFYING, ReportStatus.PROCESSING}),
    ReportStatus.PROCESSING: frozenset(
        {ReportStatus.RESOLVED, ReportStatus.NOT_COMPETENT, ReportStatus.REJECTED_FALSE}
    ),
    ReportStatus.SUSPENDED: frozenset(),
    ReportStatus.NOT_ACCEPTED: frozenset(),
    ReportStatus.RESOLVED: frozenset(),
    ReportStatus.NOT_COMPETENT: frozenset(),
    ReportStatus.REJECTED_FALSE: frozenset(),
    ReportStatus.SPAM: frozenset(),
}
ALLOWED_TRANSITIONS[ReportStatus.FORWARDED] = ALLOWED_TRANSITIONS[ReportStatus.RECEIVED]
# A report found outside the unit's competence may still be forwarded to the competent one.
FORWARDABLE = frozenset(
    {*ALLOWED_TRANSITIONS.keys()}
    - {ReportStatus.RESOLVED, ReportStatus.REJECTED_FALSE, ReportStatus.SPAM, ReportStatus.SUSPENDED}
)
# Kinds that follow a law end only with one of its outcomes (report_outcome), never a generic "resolved".
OUTCOME_ONLY = frozenset({ReportStatus.RESOLVED, ReportStatus.NOT_COMPETENT, ReportStatus.REJECTED_FALSE})
OUTCOME_STATUS = {
    Outcome.NOT_ACCEPTED: ReportStatus.NOT_ACCEPTED,
    Outcome.TRANSFER: ReportStatus.NOT_COMPETENT,
}


def allowed_statuses(report: Report) -> frozenset[str]:
    """Where the status form may move this report: the workflow, narrowed by the kind's law."""
    allowed = ALLOWED_TRANSITIONS.get(report.status, frozenset())
    kind = report.kind
    if kind.legal_track != LegalTrack.GENERAL:
        allowed = allowed - OUTCOME_ONLY
    if report.awaits_acceptance:
        allowed = allowed - {ReportStatus.PROCESSING}  # "đang giải quyết" only after thụ lý
    return allowed


def _actor_label(actor: User | None) -> str:
    return (actor.get_full_name() or actor.username) if actor else ""


def _require(text: str) -> str:
    if not text.strip():
        raise ApplicationError(NOTE_REQUIRED, fields={"note": [NOTE_REQUIRED.message]})
    return text.strip()


def _compare_and_set(report: Report, old_status: str, **updates: Any) -> None:
    updates["updated_at"] = timezone.now()
    if Report.objects.filter(pk=report.pk, status=old_status).update(**updates) != 1:
        raise ApplicationError(CHANGED_MEANWHILE)
    for name, value in updates.items():
        setattr(report, name, value)


# The message a step sends a named sender, and the prefix of its idempotency key.
_MESSAGE_KEYS = {Kind.REPORT_UPDATE: "report-update", Kind.REPORT_REPLY: "report-reply"}


def _record(
    report: Report,
    *,
    type: str,
    status: str,
    previous_status: str,
    actor: User | None,
    notify: str | None = Kind.REPORT_UPDATE,
    reply: str = "",
    **fields: Any,
) -> ReportEvent:
    """One step in the report's history, and the message (`notify`: its kind; None: no message) that tells a
    named sender about it (an anonymous report's row is written as skipped: tracking.citizen_notify)."""
    fields.setdefault("occurred_at", timezone.now())
    event = ReportEvent.objects.create(
        report=report,
        type=type,
        status=status,
        previous_status=previous_status,
        reply=reply,
        actor=actor,
        actor_label=_actor_label(actor),
        **fields,
    )
    if notify is not None:
        citizen_notify(report=report, kind=notify, key=f"{_MESSAGE_KEYS[notify]}:{event.pk}", reply=reply)  # type: ignore[index]
    return event


def _clock_fields(report: Report, *, previous_due: date | None, effective_on: date | None = None) -> dict[str, Any]:
    """What a clock step records besides its note: the deadline before and after, the day it took effect."""
    return {"previous_due_date": previous_due, "due_date": report.due_date, "effective_on": effective_on}


@transaction.atomic
def report_status_change(*, report: Report, new_status: str, note: str, actor: User | None) -> ReportEvent:
    """Move a report along the workflow; every move needs a note and is notified to a named sender."""
    old_status = report.status
    new_status = ReportStatus(new_status)
    if new_status not in allowed_statuses(report):
        raise ApplicationError(
            BAD_TRANSITION,
            message=f"Không thể chuyển tin báo từ «{ReportStatus(old_status).label}» sang «{new_status.label}».",
            fields={"new_status": ["Chuyển trạng thái không hợp lệ."]},
        )
    note = _require(note)
    now = timezone.now()
    _compare_and_set(report, old_status, status=new_status, closed_at=now if new_status in CLOSED_STATUSES else None)
    return _record(
        report,
        type=EventType.STATUS,
        status=new_status,
        previous_status=old_status,
        actor=actor,
        notify=None if new_status == ReportStatus.SPAM else Kind.REPORT_UPDATE,
        note=note,
        occurred_at=now,
    )


@transaction.atomic
def report_forward(*, report: Report, to_unit: Unit, note: str, actor: User | None) -> ReportEvent:
    """Hand the report to another unit (the competent one); the history keeps from → to and the note."""
    old_status = report.status
    if old_status not in FORWARDABLE:
        raise ApplicationError(BAD_TRANSITION, message="Tin báo đã kết thúc, không thể chuyển đơn vị.")
    if to_unit.pk == report.unit_id or not to_unit.is_active:
        raise ApplicationError(FORWARD_INVALID, fields={"to_unit": [FORWARD_INVALID.message]})
    note = _require(note)
    from_unit_id = report.unit_id
    _compare_and_set(report, old_status, status=ReportStatus.FORWARDED, unit=to_unit, closed_at=None)
    return _record(
        report,
        type=EventType.FORWARD,
        status=ReportStatus.FORWARDED,
        previous_status=old_status,
        actor=actor,
        note=note,
        from_unit_id=from_unit_id,
        to_unit=to_unit,
    )


def _decision_date(value: date | None, *, not_before: date, field: str) -> date:
    """The day a decision took effect: today when not given, never in the future nor before `not_before`."""
    today = timezone.localdate()
    day = value or today
    if day > today or day < not_before:
        message = f"Ngày quyết định phải từ {not_before:%d/%m/%Y} đến hôm nay."
        raise ApplicationError(CLOCK_DATE_INVALID, message=message, fields={field: [message]})
    return day


def report_pauses(report: Report) -> list[clocks.Pause]:
    """Every suspension of the report with its resumption (the last may still run), from the history."""
    pauses: list[clocks.Pause] = []
    started: date | None = None
    for type_, day in report.events.filter(type__in=[EventType.PAUSE, EventType.RESUME]).values_list(
        "type", "effective_on"
    ):
        if type_ == EventType.PAUSE:
            started = day
        elif started is not None:
            pauses.append(clocks.Pause(start=started, end=day))
            started = None
    if started is not None:
        pauses.append(clocks.Pause(start=started, end=None))
    return pauses


def report_clock_start(report: Report) -> date | None:
    if report.kind.clock_start == ClockStart.ACCEPTED:
        return report.accepted_on
    return timezone.localdate(report.received_at)


def report_extension_next(report: Report) -> tuple[dict[str, Any] | None, date | None]:
    """The kind's next extension step and the latest deadline it allows; (None, None) when the kind sets
    no steps (a free extension to a date the officer chooses)."""
    steps = report.kind.extension_steps or []
    if not steps:
        return None, None
    used = report.events.filter(type=EventType.EXTEND).count()
    start = report_clock_start(report)
    if used >= len(steps) or start is None or report.due_date is None:
        return {}, None
    step = steps[used]
    limit = clocks.extension_limit(
        step=step, clock_start=start, current_due=report.due_date, pauses=report_pauses(report), cal=calendar()
    )
    return step, limit


@transaction.atomic
def report_deadline_extend(
    *, report: Report, reason: str, actor: User | None, new_due_date: date | None = None
) -> ReportEvent:
    """Grant the kind's next extension step (tố giác: up to 2 months from receipt, then 2 months more;
    tố cáo: 30 days, twice): the new deadline is the step's limit or an earlier date the officer picks.
    A kind without steps is extended freely to a later date. Recorded with its reason."""
    if not report.is_open or report.is_paused:
        raise ApplicationError(BAD_TRANSITION, message="Tin báo đã kết thúc hoặc đang tạm đình chỉ, không thể gia hạn.")
    if report.awaits_acceptance:
        raise ApplicationError(BAD_TRANSITION, message="Tin chưa được thụ lý: thời hạn thụ lý không gia hạn được.")
    reason = _require(reason)
    step, limit = report_extension_next(report)
    if step == {}:
        message = f"Loại «{report.kind.name}» đã dùng hết số lần gia hạn theo luật."
        raise ApplicationError(EXTEND_INVALID, message=message, fields={"new_due_date": [message]})
    if step is None and new_due_date is None:
        message = "Chọn hạn mới."
        raise ApplicationError(EXTEND_INVALID, message=message, fields={"new_due_date": [message]})
    new_due = new_due_date or limit
    assert new_due is not None
    if report.due_date is not None and new_due <= report.due_date:
        raise ApplicationError(EXTEND_INVALID, fields={"new_due_date": [EXTEND_INVALID.message]})
    if limit is not None and new_due > limit:
        message = f"Lần gia hạn này ({clocks.step_text(step or {})}) cho phép đến {limit:%d/%m/%Y} là muộn nhất."
        raise ApplicationError(EXTEND_INVALID, message=message, fields={"new_due_date": [message]})
    previous = report.due_date
    _compare_and_set(report, report.status, due_date=new_due)
    return _record(
        report,
        type=EventType.EXTEND,
        status=report.status,
        previous_status=report.status,
        actor=actor,
        notify=None,  # an extension sends no message
        note=reason,
        **_clock_fields(report, previous_due=previous),
    )


@transaction.atomic
def report_accept(*, report: Report, note: str, actor: User | None, accepted_on: date | None = None) -> ReportEvent:
    """Thụ lý: the acceptance clock stops and the resolution clock starts (tố cáo: 30 days from this day)."""
    if not report.awaits_acceptance or report.status not in OPEN_FOR_ACCEPTANCE:
        raise ApplicationError(ACCEPT_INVALID, message="Tin này không cần hoặc đã được thụ lý.")
    note = _require(note)
    day = _decision_date(accepted_on, not_before=timezone.localdate(report.received_at), field="accepted_on")
    kind = report.kind
    start = day if kind.clock_start == ClockStart.ACCEPTED else timezone.localdate(report.received_at)
    due = clocks.add_period(start, kind.clock_amount, kind.clock_unit, calendar()) if kind.clock_amount else None
    old_status, previous = report.status, report.due_date
    _compare_and_set(report, old_status, status=ReportStatus.ACCEPTED, accepted_on=day, due_date=due)
    return _record(
        report,
        type=EventType.ACCEPT,
        status=ReportStatus.ACCEPTED,
        previous_status=old_status,
        actor=actor,
        note=note,
        **_clock_fields(report, previous_due=previous, effective_on=day),
    )


OPEN_FOR_ACCEPTANCE = frozenset({ReportStatus.RECEIVED, ReportStatus.VERIFYING, ReportStatus.FORWARDED})


@transaction.atomic
def report_pause(*, report: Report, reason: str, actor: User | None, paused_on: date | None = None) -> ReportEvent:
    """Tạm đình chỉ: the clock stops on `paused_on` (the day of the decision, which still counts) until
    report_resume. Only kinds whose law provides it, and only on a running clock."""
    if not report.kind.allows_pause:
        raise ApplicationError(PAUSE_NOT_ALLOWED, message=f"Loại «{report.kind.name}» không có tạm đình chỉ.")
    if not report.is_open or report.is_paused or report.awaits_acceptance or report.due_date is None:
        raise ApplicationError(
            PAUSE_NOT_ALLOWED, message="Chỉ tạm đình chỉ được tin đang giải quyết (đã thụ lý, chưa kết thúc)."
        )
    reason = _require(reason)
    last_resume = report.events.filter(type=EventType.RESUME).order_by("-occurred_at", "-id").first()
    not_before = max(
        [timezone.localdate(report.received_at), report.accepted_on or date.min]
        + ([last_resume.effective_on] if last_resume and last_resume.effective_on else [])
    )
    day = _decision_date(paused_on, not_before=not_before, field="paused_on")
    old_status = report.status
    _compare_and_set(report, old_status, status=ReportStatus.SUSPENDED, paused_on=day)
    return _record(
        report,
        type=EventType.PAUSE,
        status=ReportStatus.SUSPENDED,
        previous_status=old_status,
        actor=actor,
        note=reason,
        **_clock_fields(report, previous_due=report.due_date, effective_on=day),
    )


@transaction.atomic
def report_resume(*, report: Report, note: str, actor: User | None, resumed_on: date | None = None) -> ReportEvent:
    """Phục hồi giải quyết: the clock runs again and the deadline moves by the time it stood still
    (clocks.pause_shift: working days for a working-day clock, calendar days otherwise)."""
    if not report.is_paused or report.paused_on is None:
        raise ApplicationError(BAD_TRANSITION, message="Tin này không ở trạng thái tạm đình chỉ.")
    note = _require(note)
    day = _decision_date(resumed_on, not_before=report.paused_on, field="resumed_on")
    pause = clocks.Pause(start=report.paused_on, end=day)
    previous = report.due_date
    due = clocks.pause_shift(previous, pause=pause, unit=report.kind.clock_unit, cal=calendar()) if previous else None
    back_to = ReportStatus.PROCESSING  # phục hồi giải quyết: settlement goes on, whatever stage it had reached
    _compare_and_set(report, ReportStatus.SUSPENDED, status=back_to, paused_on=None, due_date=due)
    return _record(
        report,
        type=EventType.RESUME,
        status=back_to,
        previous_status=ReportStatus.SUSPENDED,
        actor=actor,
        note=note,
        **_clock_fields(report, previous_due=previous, effective_on=day),
    )


def outcomes_allowed(report: Report) -> tuple[Outcome, ...]:
    """The outcomes an officer may record now, in the law's words for the kind."""
    if not report.is_open or report.is_paused:
        return ()
    choices = report.kind.outcomes
    if report.kind.needs_acceptance:
        if report.awaits_acceptance:  # before thụ lý: refuse it, or close a withdrawn one
            return tuple(o for o in choices if o in (Outcome.NOT_ACCEPTED, Outcome.WITHDRAWN))
        return tuple(o for o in choices if o != Outcome.NOT_ACCEPTED)
    return choices


@transaction.atomic
def report_outcome(
    *, report: Report, outcome: str, note: str, actor: User | None, decided_on: date | None = None
) -> ReportEvent:
    """End the report with one of its law's outcomes (khởi tố, không khởi tố, kết luận tố cáo, quyết
    định giải quyết khiếu nại…); the citizen reads its plain meaning."""
    if outcome not in outcomes_allowed(report):
        message = (
            "Tin đang tạm đình chỉ: phục hồi giải quyết trước khi ghi kết quả."
            if report.is_paused
            else OUTCOME_INVALID.message
        )
        raise ApplicationError(OUTCOME_INVALID, message=message, fields={"outcome": [message]})
    note = _require(note)
    day = _decision_date(decided_on, not_before=timezone.localdate(report.received_at), field="decided_on")
    outcome = Outcome(outcome)
    new_status = OUTCOME_STATUS.get(outcome, ReportStatus.RESOLVED)
    old_status = report.status
    _compare_and_set(report, old_status, status=new_status, outcome=outcome, closed_at=timezone.now())
    return _record(
        report,
        type=EventType.OUTCOME,
        status=new_status,
        previous_status=old_status,
        actor=actor,
        note=note,
        outcome=outcome,
        **_clock_fields(report, previous_due=report.due_date, effective_on=day),
    )


@transaction.atomic
def report_reply(*, report: Report, reply: str, actor: User | None) -> ReportEvent:
    """An answer the citizen reads when tracking, and receives on Zalo if they sent it under their name."""
    reply = _require(reply)
    return _record(
        report,
        type=EventType.REPLY,
        status=report.status,
        previous_status=report.status,
        actor=actor,
        notify=Kind.REPORT_REPLY,
        reply=reply,
    )


# --- Access log ---------------------------------------------------------------------------------------


def access_log_record(
    *,
    request: HttpRequest,
    action: str,
    report: Report | None = None,
    attachment: ReportAttachment | None = None,
    detail: str = "",
) -> ReportAccessLog:
    return ReportAccessLog.objects.create(
        **officer_access_fields(request, detail=detail),
        report=report,
        report_code=report.code if report else "",
        report_unit_id=report.unit_id if report else None,
        attachment=attachment,
        action=AccessAction(action),
    )
