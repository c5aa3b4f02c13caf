"""What each notification says: the kind of event, the editable template, the dossier's facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from common.dates import citizen_date
from dossiers.models import Dossier, DossierEvent, DossierStatus
from dossiers.texts import next_step
from notifications.models import Kind, NotificationTemplate

KIND_BY_STATUS = {
    DossierStatus.SUBMITTED: Kind.SUBMITTED,
    DossierStatus.RECEIVED: Kind.RECEIVED,
    DossierStatus.REJECTED: Kind.REJECTED,
    DossierStatus.PROCESSING: Kind.PROCESSING,
    DossierStatus.SUPPLEMENT: Kind.SUPPLEMENT,
    DossierStatus.PAYMENT: Kind.PAYMENT,
    DossierStatus.WITHDRAWN: Kind.WITHDRAWN,
    DossierStatus.STOPPED: Kind.STOPPED,
    DossierStatus.DONE: Kind.DONE,
    DossierStatus.RETURNED: Kind.RETURNED,
}

PLACEHOLDERS = (
    "code",
    "procedure",
    "unit",
    "status",
    "appointment_date",
    "reason",
    "supplement_deadline",
    "collect_location",
    "collect_note",
    "fee",
    "note",
    "next_step",
    # Filled by the callers of notify_citizen (ratings, reports, questions).
    "reply",
    "report_kind",
    "question",
)


def event_kind(event: DossierEvent) -> str:
    if event.previous_status is not None and event.previous_status == event.status:
        return Kind.RESCHEDULED
    return KIND_BY_STATUS[DossierStatus(event.status)]


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _date(value: Any) -> str:
    return citizen_date(value) if value else "(chưa có)"


def facts(dossier: Dossier, event: DossierEvent) -> dict[str, str]:
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "unit": dossier.unit.name,
        "status": DossierStatus(event.status).label,
        "appointment_date": _date(dossier.appointment_date),
        "reason": dossier.reason or "(xem chi tiết trong hồ sơ)",
        "supplement_deadline": _date(dossier.supplement_deadline),
        "collect_location": dossier.collect_location or dossier.unit.name,
        "collect_note": dossier.collect_note or "giờ hành chính",
        "fee": f"{dossier.fee_due:,} đồng".replace(",", ".") if dossier.fee_due else "(theo quy định)",
        "note": event.note,
        # What to do now, by status, deadline and how the result comes (the same words as the Mini App). No
        # phone number here: reading the unit's phones would cost every message a query; the text then points
        # to the contacts page.
        "next_step": next_step(dossier, unit_name=dossier.unit.name),
    }


@dataclass(frozen=True)
class Message:
    kind: str
    title: str
    body: str
    button_label: str
    link: str
    facts: dict[str, str]


def render(template: NotificationTemplate, values: dict[str, str], link: str) -> Message:
    safe = _Blank(values)
    return Message(
        kind=template.kind,
        title=template.title.format_map(safe)[:150],
        body=" ".join(template.body.format_map(safe).split())[:1000],
        button_label=template.button_label,
        link=link,
        facts=values,
    )


def template_check(text: str) -> list[str]:
    """Placeholders in `text` that we cannot fill (for the admin form)."""
    import string

    unknown = []
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None and name not in PLACEHOLDERS:
            unknown.append(name)
    return unknown
