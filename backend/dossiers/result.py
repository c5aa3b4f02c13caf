"""The lookup answer: what a citizen sees about a dossier once the second factor matched.

This is the hottest citizen endpoint. On PostgreSQL one SQL statement finds the dossier by code,
checks the second factor's keyed hash, and returns everything the answer shows — the timeline and the
unit's phones aggregated as JSON, and whether this citizen follows it. An unknown code and a wrong
factor both come back as "no row" from the same statement, so they cost the same. Other databases
(the embedded SQLite mode) use the ORM for the same answer. The deadline (depends on today) is
computed per request.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.utils import timezone
from rest_framework import serializers

from common.db import prepared
from dossiers.models import (
    CONFIRMED_BY_COUNTER,
    CONFIRMED_BY_SYNC,
    OPEN_STATUSES,
    Delivery,
    Dossier,
    DossierSource,
    DossierStatus,
    confirmed_at,
)
from dossiers.texts import MEANING, next_step, unit_phone
from dossiers.workdays import DEADLINE_LABELS, calendar, deadline_for
from procedures.models import Channel
from units.models import PhoneLabel

_DATETIME = serializers.DateTimeField()
_BY = {DossierSource.SYNC: "Hệ thống một cửa"}
_BY_DEFAULT = "Cán bộ tiếp nhận, giải quyết"

_SQL = """
SELECT d.id, d.code, d.status, d.channel, d.received_at, d.appointment_date, d.finished_at, d.returned_at,
       d.reason, d.supplement_deadline, d.collect_location, d.collect_note, d.fee_due, d.applicant_name_masked,
       d.updated_at, d.delivery, d.first_appointment_date, p.id, p.code, p.name, u.id, u.name, u.address, u.working_hours,
       (SELECT COALESCE(json_agg(json_build_object('status', e.status, 'occurred_at', e.occurred_at,
                                                   'note', e.note, 'source', e.source)
                                 ORDER BY e.occurred_at, e.id), '[]'::json)
          FROM dossiers_dossierevent e WHERE e.dossier_id = d.id),
       (SELECT COALESCE(json_agg(json_build_object('label', ph.label, 'number', ph.number, 'note', ph.note)
                                 ORDER BY ph."order", ph.id), '[]'::json)
          FROM units_unitphone ph WHERE ph.unit_id = u.id),
       EXISTS (SELECT 1 FROM dossiers_dossierfollow f WHERE f.dossier_id = d.id AND f.citizen_id = $1),
       d.synced_at, ss.last_success_at, ss.incremental
  FROM dossiers_dossier d
  JOIN procedures_procedure p ON p.id = d.procedure_id
  JOIN units_unit u ON u.id = d.unit_id
  LEFT JOIN sync_syncsource ss ON ss.id = d.sync_source_id
 WHERE d.code = $2 AND d.{field} = $3
"""
# The only columns a second factor may be checked against (never taken from input).
FACTOR_FIELDS = ("applicant_id_tail_hash", "applicant_phone_hash")
_COLUMNS = [
    "id",
    "code",
    "status",
    "channel",
    "received_at",
    "appointment_date",
    "finished_at",
    "returned_at",
    "reason",
    "supplement_deadline",
    "collect_location",
    "collect_note",
    "fee_due",
    "applicant_name_masked",
    "updated_at",
    "delivery",
    "first_appointment_date",
]
_N = len(_COLUMNS)


def _dt(value: datetime | str | None) -> str | None:
    """What DRF's DateTimeField writes (ISO 8601 in the current time zone, "Z" for UTC), a few times
    cheaper: a lookup answer has a dozen of them."""
    if value is None:
        return None
    if isinstance(value, str):  # from json_agg
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return _DATETIME.to_representation(value)  # naive: let DRF apply its rules
    text = value.astimezone(timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _payload(row: dict[str, Any], procedure: dict, unit: dict, events: list[dict], phones: list[dict]) -> dict:
    status = row["status"]
    shell = SimpleNamespace(  # what next_step reads; a model instance costs ten times more to build
        status=status,
        delivery=row["delivery"],
        appointment_date=row["appointment_date"],
        first_appointment_date=row["first_appointment_date"],
        reason=row["reason"],
        supplement_deadline=row["supplement_deadline"],
        fee_due=row["fee_due"],
        collect_location=row["collect_location"],
        collect_note=row["collect_note"],
    )
    return {
        "id": row["id"],
        "code": row["code"],
        "status": status,
        "status_label": DossierStatus(status).label,
        "meaning": MEANING[status],
        "next_step": next_step(shell, unit_name=unit["name"], phone=unit_phone(phones)),
        "procedure": procedure,
        "unit": {**unit, "phones": [{**p, "label_display": PhoneLabel(p["label"]).label} for p in phones]},
        "channel": row["channel"],
        "channel_label": Channel(row["channel"]).label,
        "delivery": row["delivery"],
        "delivery_label": Delivery(row["delivery"]).label,
        "received_at": _dt(row["received_at"]),
        "appointment_date": _iso_date(row["appointment_date"]),
        "finished_at": _dt(row["finished_at"]),
        "returned_at": _dt(row["returned_at"]),
        "reason": row["reason"],
        "supplement_deadline": _iso_date(row["supplement_deadline"]),
        "collect_location": row["collect_location"],
        "collect_note": row["collect_note"],
        "fee_due": row["fee_due"],
        "applicant_name_masked": row["applicant_name_masked"],
        "timeline": [
            {
                "status": e["status"],
                "status_label": DossierStatus(e["status"]).label,
                "occurred_at": _dt(e["occurred_at"]),
                "note": e["note"],
                "by": _BY.get(e["source"], _BY_DEFAULT),
            }
            for e in events
        ],
        "updated_at": _dt(row["updated_at"]),
    }


def _statement(field: str) -> str:
    return prepared(f"pz_dossier_lookup_{FACTOR_FIELDS.index(field)}", "bigint, text, text", _SQL.format(field=field))


def _fetch_sql(code: str, field: str, given: str, citizen_id: int) -> dict[str, Any] | None:
    name = _statement(field)
    with connection.cursor() as cursor:
        cursor.execute(f"EXECUTE {name} (%s, %s, %s)", [citizen_id, code, given])
        values = cursor.fetchone()
    if values is None:
        return None
    row = dict(zip(_COLUMNS, values[:_N], strict=True))
    procedure = {"id": values[_N], "code": values[_N + 1], "name": values[_N + 2]}
    unit = {"id": values[_N + 3], "name": values[_N + 4], "address": values[_N + 5], "working_hours": values[_N + 6]}
    events, phones = values[_N + 7], values[_N + 8]
    if isinstance(events, str):  # a driver that does not decode json
        events, phones = json.loads(events), json.loads(phones)
    phones = [{"label": p["label"], "number": p["number"], "note": p["note"]} for p in phones]
    payload = _payload(row, procedure, unit, events, phones)
    return {
        **payload,
        "following": bool(values[_N + 9]),
        **_confirmed(values[_N + 10], row["updated_at"], values[_N + 11], values[_N + 12]),
    }


def _fetch_orm(code: str, field: str, given: str, citizen_id: int) -> dict[str, Any] | None:
    dossier = (
        Dossier.objects.select_related("procedure", "unit", "sync_source").filter(code=code, **{field: given}).first()
    )
    if dossier is None:
        return None
    row = {name: getattr(dossier, name) for name in _COLUMNS}
    procedure = {"id": dossier.procedure.id, "code": dossier.procedure.code, "name": dossier.procedure.name}
    unit = {
        "id": dossier.unit.id,
        "name": dossier.unit.name,
        "address": dossier.unit.address,
        "working_hours": dossier.unit.working_hours,
    }
    events = list(dossier.events.order_by("occurred_at", "id").values("status", "occurred_at", "note", "source"))
    phones = list(dossier.unit.phones.order_by("order", "id").values("label", "number", "note"))
    following = dossier.follows.filter(citizen_id=citizen_id).exists()
    return {
        **_payload(row, procedure, unit, events, phones),  # type: ignore[arg-type]
        "following": following,
        "confirmed_at": _dt(dossier.confirmed_at),
        "confirmed_by": dossier.confirmed_by,
    }


def _confirmed(
    synced_at: datetime | None, updated_at: datetime, success: datetime | None, incremental: bool | None
) -> dict:
    when = confirmed_at(
        synced_at=synced_at, updated_at=updated_at, source_success=success, incremental=bool(incremental)
    )
    return {"confirmed_at": _dt(when), "confirmed_by": CONFIRMED_BY_SYNC if synced_at else CONFIRMED_BY_COUNTER}


def lookup_fetch(*, code: str, field: str, given: str, citizen_id: int) -> dict[str, Any] | None:
    """The answer if a dossier has this code and this factor hash, else None (unknown or wrong alike)."""
    if field not in FACTOR_FIELDS or not given:
        raise ValueError("not a second-factor column")
    fetch = _fetch_sql if connection.vendor == "postgresql" else _fetch_orm
    payload = fetch(code, field, given, citizen_id)
    if payload is not None:
        payload["deadline"] = _deadline(payload)
    return payload


def _deadline(payload: dict[str, Any]) -> dict[str, Any]:
    appointment = payload["appointment_date"]
    result = deadline_for(
        appointment_date=date.fromisoformat(appointment) if appointment else None,
        is_open=payload["status"] in OPEN_STATUSES,
        today=timezone.localdate(),
        cal=calendar(),
    )
    return {
        "state": result.state,
        "label": DEADLINE_LABELS[result.state],
        "working_days_left": result.working_days_left,
        "working_days_overdue": result.working_days_overdue,
    }
