"""What goes into the stored search columns, in one place: the models' save() and the rebuild
(a data migration and `manage.py rebuild_search`, run after normalize_search changes) use the same
functions, so a rebuilt column equals a freshly saved one. Works on historical models too."""

from __future__ import annotations

from typing import Any

from common.text import normalize_search


def procedure_columns(procedure: Any) -> dict[str, str]:
    # What a citizen may type: code, name, keywords, summary and target, all normalised.
    return {
        "name_search": normalize_search(procedure.name),
        "search_text": normalize_search(
            " ".join(
                [
                    procedure.code,
                    procedure.name,
                    " ".join(procedure.keywords or []),
                    procedure.summary,
                    procedure.target,
                ]
            )
        ),
    }


def faq_columns(faq: Any) -> dict[str, str]:
    return {"search_text": normalize_search(" ".join([faq.question, " ".join(faq.keywords or []), faq.answer]))}


def unit_columns(unit: Any) -> dict[str, str]:
    return {"name_search": normalize_search(unit.name)}


def _rebuild_model(model: Any, columns: Any) -> int:
    changed = []
    fields: list[str] = []
    for obj in model._default_manager.all().iterator(chunk_size=500):
        values = columns(obj)
        fields = list(values)
        if any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            changed.append(obj)
    if changed:
        # bulk_update: no save(), no history rows, no signals — these columns are derived data.
        model._default_manager.bulk_update(changed, fields, batch_size=500)
    return len(changed)


def rebuild(*, procedure_model: Any, faq_model: Any, unit_model: Any) -> dict[str, int]:
    """Recompute every stored search column; returns how many rows changed per model."""
    return {
        "procedures": _rebuild_model(procedure_model, procedure_columns),
        "faqs": _rebuild_model(faq_model, faq_columns),
        "units": _rebuild_model(unit_model, unit_columns),
    }
