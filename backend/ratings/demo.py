"""Demo ratings so the dashboard and the public figure show something in `make run`.

Forty returned dossiers (HS-DEMO-R001…, filed under another phone so they stay out of the demo
citizen's "Hồ sơ của tôi") rated over the last three months, one "Không hài lòng" still waiting for the
leader of Đồng Tâm, and a few survey answers. HS-DEMO-0003 (finished) is left unrated: rate it in
the Mini App with the code and «6789».
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from common.crypto import encrypt_text, keyed_hash
from dossiers.applicant import id_hash, id_tail_hash, mask_name
from dossiers.demo import DEMO_ID_NUMBER, OTHER_PHONE
from dossiers.models import Dossier, DossierStatus
from dossiers.workdays import calendar
from procedures.models import Procedure
from ratings.models import NEGATIVE_DRIVERS, POSITIVE_DRIVERS, FollowUp, Level, Proof, Rating, SurveyResponse
from units.models import Unit

# unit code, procedure code, officer username, how many
PLAN = [
    ("DEMO-P-DONGTAM", "1.004222", "canbo.dongtam", 18),
    ("DEMO-X-DUCHANH", "1.004194", None, 12),
    ("DEMO-PC08", "3.000347", None, 10),
]
LEVEL_WEIGHTS = [(Level.VERY_SATISFIED, 6), (Level.SATISFIED, 3), (Level.UNSATISFIED, 1)]
REASONS = [
    "Phải chờ lâu ở bộ phận một cửa.",
    "Hẹn trả kết quả nhưng đến nơi chưa có.",
    "Hướng dẫn chưa rõ, phải đi lại.",
]


@transaction.atomic
def demo_ratings_load() -> dict[str, int]:
    rng = random.Random(2026)
    now = timezone.now()
    levels = [level for level, weight in LEVEL_WEIGHTS for _ in range(weight)]
    procedures = {p.code: p for p in Procedure.objects.filter(code__in={p[1] for p in PLAN}, local_suffix="")}
    units = {u.code: u for u in Unit.objects.filter(code__in={p[0] for p in PLAN})}
    officers = {u.username: u for u in User.objects.filter(username__in={p[2] for p in PLAN if p[2]})}
    number = 0
    for unit_code, procedure_code, username, count in PLAN:
        unit, procedure = units.get(unit_code), procedures.get(procedure_code)
        if unit is None or procedure is None:
            continue
        for index in range(count):
            number += 1
            code = f"HS-DEMO-R{number:03d}"
            at = now - timedelta(days=rng.randint(1, 85), hours=rng.randint(0, 8))  # inside the public window
            values = {
                "procedure": procedure,
                "unit": unit,
                "status": DossierStatus.RETURNED,
                "received_at": at - timedelta(days=7),
                "finished_at": at - timedelta(days=1),
                "returned_at": at,
                "applicant_name_masked": mask_name("Trần Thị Bình"),
                "applicant_id_hash": id_hash(DEMO_ID_NUMBER),
                "applicant_id_tail_hash": id_tail_hash(code, DEMO_ID_NUMBER[-4:]),
                "applicant_phone_encrypted": encrypt_text(OTHER_PHONE),
                "applicant_phone_hash": keyed_hash(OTHER_PHONE),
                "created_by": officers.get(username) if username else None,
            }
            level = Level.UNSATISFIED if index == 4 else rng.choice(levels)  # every unit has a follow-up to show
            pool = NEGATIVE_DRIVERS if level == Level.UNSATISFIED else POSITIVE_DRIVERS
            drivers = sorted(rng.sample([d.value for d in pool], 2))
            reason = rng.choice(REASONS) if level == Level.UNSATISFIED else ""
            # Created once, then left alone: a rerun neither re-dates them nor undoes what an officer did.
            dossier = Dossier.objects.filter(code=code).first() or Dossier.objects.create(code=code, **values)
            rating = Rating.objects.filter(dossier=dossier).first()
            if rating is None:
                rating = Rating.objects.create(
                    dossier=dossier,
                    unit=unit,
                    procedure=procedure,
                    officer=dossier.created_by,
                    level=level,
                    drivers=drivers,
                    reason=reason,
                    proof=Proof.LOOKUP,
                    created_at=at,
                )
            if level == Level.UNSATISFIED:
                FollowUp.objects.get_or_create(
                    rating=rating,
                    defaults={"unit": unit, "deadline": calendar().add_working_days(timezone.localdate(at), 5)},
                )
    if not SurveyResponse.objects.exists():
        for unit in units.values():
            SurveyResponse.objects.bulk_create(
                SurveyResponse(unit=unit, level=rng.choice(levels), drivers=[]) for _ in range(rng.randint(3, 8))
            )
    return {"ratings": Rating.objects.filter(dossier__code__startswith="HS-DEMO-R").count()}
