"""Load the benchmark data volume into the bench database (idempotent): a province-sized unit tree.

Later capabilities add their volumes here (procedures, handbook, dossiers, ratings).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from units.models import PhoneLabel, Unit, UnitKind, UnitPhone  # noqa: E402

COMMUNES = 150  # about the number of commune-level police units of a merged province


@transaction.atomic
def load_units() -> int:
    root = Unit.objects.get(code="DEMO-CAT")
    kind = UnitKind.objects.get(code="cong_an_xa")
    existing = set(Unit.objects.filter(code__startswith="BENCH-X-").values_list("code", flat=True))
    created = 0
    for n in range(COMMUNES):
        code = f"BENCH-X-{n:03d}"
        if code in existing:
            continue
        unit = Unit(
            code=code,
            name=f"Công an xã Thử Tải Số {n} (Demo)",
            kind=kind,
            parent=root,
            address=f"Thôn {n}, xã Thử Tải (Demo)",
            display_order=100 + n,
        )
        unit.save()
        UnitPhone.objects.bulk_create(
            [
                UnitPhone(unit=unit, label=PhoneLabel.DUTY, number=f"0200 001 {n:03d}", order=0),
                UnitPhone(unit=unit, label=PhoneLabel.RECEPTION, number=f"0200 002 {n:03d}", order=1),
            ]
        )
        created += 1
    return created


if __name__ == "__main__":
    print(f"Đơn vị thử tải mới: {load_units()} (tổng {Unit.objects.count()})")
