"""A stand-in for the one-stop system in the embedded demo: each run, a few new dossiers are received
and some earlier ones move on (processing, a request to supplement, result ready, handed over).

It speaks the same record shape as the real adapters, so `make run` exercises the whole sync path:
validation, the upsert, the timeline and the notifications.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from dossiers.models import Dossier, DossierStatus
from dossiers.workdays import calendar
from procedures.models import Procedure
from sync.sources.base import Page
from units.models import Unit

PREFIX = "HS-SIM-"
NEXT_STEP = {
    DossierStatus.RECEIVED: [DossierStatus.PROCESSING],
    DossierStatus.PROCESSING: [DossierStatus.DONE, DossierStatus.DONE, DossierStatus.SUPPLEMENT],
    DossierStatus.SUPPLEMENT: [DossierStatus.PROCESSING],
    DossierStatus.DONE: [DossierStatus.RETURNED],
}
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức", "Vũ Thị Hà"]
DEMO_PHONE = "0912345678"  # the demo citizen's phone: these dossiers show in "Hồ sơ của tôi"
DEMO_NAME = "Nguyễn Văn An"  # the demo citizen (backend/dossiers/demo.py)


class Simulator:
    default_version = ""

    def __init__(self, *, new: int = 3, moves: int = 5, seed: int | None = None) -> None:
        self.new, self.moves = new, moves
        self.random = random.Random(seed)

    def pages(self, cursor: str) -> Iterator[Page]:
        now = timezone.now()
        stamp = now.isoformat()
        procedures = list(Procedure.objects.order_by("pk").values_list("code", flat=True)[:50])
        units = list(
            Unit.objects.filter(is_active=True).exclude(parent=None).order_by("pk").values_list("code", flat=True)[:50]
        )
        if not procedures or not units:
            yield Page([], now.isoformat())
            return
        cal = calendar()
        records = []
        for n in range(self.new):
            received = now - timedelta(minutes=self.random.randint(1, 120))
            records.append(
                {
                    "code": f"{PREFIX}{now:%y%m%d-%H%M%S%f}-{n + 1}",
                    "procedure_code": self.random.choice(procedures),
                    "unit_code": self.random.choice(units),
                    "status": "2",
                    "received_at": received.isoformat(),
                    "appointment_date": cal.add_working_days(
                        received.date(), self.random.choice([3, 5, 7])
                    ).isoformat(),
                    # The one filed under the demo citizen's phone is the demo citizen's own (same name as the
                    # HS-DEMO dossiers): "Hồ sơ của tôi" lists no one else's.
                    "applicant_name": DEMO_NAME if n == 0 else self.random.choice(NAMES),
                    "applicant_id_number": f"0{self.random.randint(10**10, 10**11 - 1)}",
                    "applicant_phone": DEMO_PHONE if n == 0 else "",
                    "channel": self.random.choice(["1", "2"]),
                    "updated_at": stamp,
                }
            )
        moving = (
            Dossier.objects.filter(code__startswith=PREFIX, status__in=list(NEXT_STEP))
            .select_related("procedure", "unit")
            .order_by("?")
        )
        for dossier in moving[: self.moves]:
            step = self.random.choice(NEXT_STEP[DossierStatus(dossier.status)])
            record = {
                "code": dossier.code,
                "procedure_code": dossier.procedure.code,
                "unit_code": dossier.unit.code,
                "status": str(int(step)),
                "received_at": dossier.received_at.isoformat(),
                "appointment_date": dossier.appointment_date.isoformat() if dossier.appointment_date else "",
                "applicant_name": "",
                "channel": "1",
                "updated_at": stamp,
            }
            if step == DossierStatus.SUPPLEMENT:
                record["reason"] = "Bổ sung bản sao giấy khai sinh có chứng thực"
                record["supplement_deadline"] = cal.add_working_days(now.date(), 5).isoformat()
            if step == DossierStatus.DONE:
                record["finished_at"] = now.isoformat()
                record["collect_location"] = "Bộ phận Một cửa, " + dossier.unit.name
                record["collect_note"] = "Giờ hành chính, thứ Hai đến thứ Sáu"
            if step == DossierStatus.RETURNED:
                record["returned_at"] = now.isoformat()
            records.append(record)
        yield Page([(f"giả lập {stamp}#{n}", r) for n, r in enumerate(records)], now.isoformat())
