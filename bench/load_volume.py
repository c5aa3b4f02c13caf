"""Load the benchmark data volume into the bench database (idempotent): a province-sized unit tree.

Units, procedures and handbook entries, dossiers; later capabilities add theirs (ratings, reports).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import random  # noqa: E402

from django.db import transaction  # noqa: E402

from common.crypto import keyed_hash  # noqa: E402
from common.text import normalize_search  # noqa: E402
from dossiers.models import Dossier, DossierEvent, DossierStatus  # noqa: E402
from dossiers.services import _id_hash, _id_tail_hash  # noqa: E402
from procedures.models import Faq, Field, Procedure  # noqa: E402
from units.models import PhoneLabel, Unit, UnitKind, UnitPhone  # noqa: E402

COMMUNES = 150  # about the number of commune-level police units of a merged province
PROCEDURES = 1_000
FAQS = 5_000
DOSSIERS = 50_000  # about a year of counter intake for a merged province
BENCH_ID_NUMBER = "001090001234"  # every bench dossier is looked up with "1234"
WORDS = (
    "đăng ký cấp đổi lại giấy phép chứng nhận xác nhận thông báo khai báo tạm trú thường trú căn cước hộ chiếu "
    "xe máy ô tô con dấu phòng cháy chữa cháy kinh doanh dịch vụ bảo vệ lưu trú vũ khí công cụ hỗ trợ "
    "người nước ngoài trẻ em học sinh sinh viên lao động nhà ở thuê trọ"
).split()


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


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


@transaction.atomic
def load_guides() -> tuple[int, int]:
    """Published procedures and handbook entries with realistic text lengths (bulk, so no signals)."""
    rng = random.Random(2026)
    field, _ = Field.objects.get_or_create(name="Thử tải (Demo)", defaults={"order": 99})
    have = Procedure.objects.filter(code__startswith="BENCH.").count()
    procedures = []
    for n in range(have, PROCEDURES):
        name = f"{_sentence(rng, 7)} (thử tải {n})"
        summary, target = _sentence(rng, 40), _sentence(rng, 8)
        procedures.append(
            Procedure(
                code=f"BENCH.{n:05d}",
                name=name,
                field=field,
                state="published",
                summary=summary,
                target=target,
                name_search=normalize_search(name),
                search_text=normalize_search(f"BENCH.{n:05d} {name} {summary} {target}"),
            )
        )
    Procedure.objects.bulk_create(procedures, batch_size=500)
    have = Faq.objects.filter(question__endswith="(thử tải)").count()
    faqs = []
    for _ in range(have, FAQS):
        question, answer = f"{_sentence(rng, 10)}? (thử tải)", _sentence(rng, 60)
        faqs.append(
            Faq(
                question=question,
                answer=answer,
                state="published",
                search_text=normalize_search(f"{question} {answer}"),
            )
        )
    Faq.objects.bulk_create(faqs, batch_size=1000)
    return len(procedures), len(faqs)


@transaction.atomic
def load_dossiers() -> int:
    """Dossiers spread over the bench communes, each with two or three timeline events (bulk, no signals)."""
    from datetime import timedelta

    from django.utils import timezone

    have = Dossier.objects.filter(code__startswith="BENCH-HS-").count()
    if have >= DOSSIERS:
        return 0
    rng = random.Random(6)
    units = list(Unit.objects.filter(code__startswith="BENCH-X-"))
    procedures = list(Procedure.objects.filter(code__startswith="BENCH.")[:200])
    now = timezone.now()
    id_hash, phone_hash = _id_hash(BENCH_ID_NUMBER), keyed_hash("84900000000")
    dossiers = []
    for n in range(have, DOSSIERS):
        code = f"BENCH-HS-{n:06d}"
        received = now - timedelta(days=rng.randint(0, 300))
        dossiers.append(
            Dossier(
                code=code,
                procedure=rng.choice(procedures),
                unit=rng.choice(units),
                status=rng.choice([DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.DONE]),
                received_at=received,
                appointment_date=(received + timedelta(days=10)).date(),
                applicant_name_masked="Nguyễn V. A.",
                applicant_id_hash=id_hash,
                applicant_id_tail_hash=_id_tail_hash(code, BENCH_ID_NUMBER[-4:]),
                applicant_phone_hash=phone_hash,
            )
        )
    Dossier.objects.bulk_create(dossiers, batch_size=2000)
    events = []
    for dossier in Dossier.objects.filter(code__startswith="BENCH-HS-", events__isnull=True).only(
        "id", "status", "received_at"
    ):
        events.append(DossierEvent(dossier=dossier, status=DossierStatus.RECEIVED, occurred_at=dossier.received_at))
        if dossier.status != DossierStatus.RECEIVED:
            events.append(
                DossierEvent(
                    dossier=dossier,
                    status=DossierStatus.PROCESSING,
                    occurred_at=dossier.received_at,
                    note="Đang xử lý.",
                )
            )
        if dossier.status == DossierStatus.DONE:
            events.append(DossierEvent(dossier=dossier, status=DossierStatus.DONE, occurred_at=dossier.received_at))
    DossierEvent.objects.bulk_create(events, batch_size=5000)
    return len(dossiers)


if __name__ == "__main__":
    print(f"Đơn vị thử tải mới: {load_units()} (tổng {Unit.objects.count()})")
    new_procedures, new_faqs = load_guides()
    print(
        f"Thủ tục thử tải mới: {new_procedures}, câu hỏi mới: {new_faqs} "
        f"(tổng {Procedure.objects.count()} thủ tục, {Faq.objects.count()} câu hỏi)"
    )
    print(f"Hồ sơ thử tải mới: {load_dossiers()} (tổng {Dossier.objects.count()})")
