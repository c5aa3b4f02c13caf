"""Demo loaders write a row only when its content differs, so a second `make run` changes nothing: no new
history rows, no new timestamps, no new ciphertexts (tests/test_demo_idempotence.py compares every table)."""

from __future__ import annotations

from typing import Any

from django.db import models


def save_if_changed(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set `values` on `obj` and save it if it is new or any value differs; True if it was saved."""
    changed = obj.pk is None or any(getattr(obj, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(obj, name, value)
    if changed:
        obj.save()
    return changed


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, bool, bool]:
    """(object, created, saved): update_or_create that leaves an unchanged row untouched."""
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if obj is None:
        obj = model(**lookup)
    return obj, created, save_if_changed(obj, values)
