"""Load the benchmark data volume into the bench database (idempotent): a province-sized unit tree.

Units (150 communes), 1,000 procedures, 5,000 handbook entries, 500,000 dossiers with their timelines and
200,000 ratings (the volume issue #12 asks for). `python bench/load_volume.py [--dossiers N] [--ratings N]`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import argparse  # noqa: E402
import io  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402

from django.db import connection, transaction  # noqa: E402

from common.crypto import keyed_hash  # noqa: E402
from common.text import normalize_search  # noqa: E402
from dossiers.applicant import id_hash, id_tail_hash  # noqa: E402
from dossiers.models import Dossier, DossierEvent, DossierStatus  # noqa: E402
from procedures.models import Faq, Field, Procedure  # noqa: E402
from ratings.models import Rating  # noqa: E402
from units.models import PhoneLabel, Unit, UnitKind, UnitPhone  # noqa: E402

COMMUNES = 150  # about the number of commune-level police units of a merged province
PROCEDURES = 1_000
FAQS = 5_000
DOSSIERS = 500_000  # several years of a merged province's intake
RATINGS = 200_000
# A quarter of the bench dossiers in each; the timeline walks this path up to the dossier's status.
PATH = [DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.DONE, DossierStatus.RETURNED]
PATH_SQL = f"ARRAY{[int(s) for s in PATH]}"
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


def _insert_select(model, given: dict[str, str], from_sql: str, params: list) -> int:  # type: ignore[no-untyped-def,type-arg]
    """INSERT INTO <model's table> SELECT …: the columns in `given` are SQL expressions over `from_sql` (no
    placeholders: `params` belong to `from_sql`); every other column gets its model default (so a column added
    later does not break the loader)."""
    columns, values, defaults = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in given:
            values.append(given[field.column])
        elif field.null:
            values.append("NULL")
        else:
            values.append("%s")
            defaults.append(field.get_db_prep_save(field.get_default(), connection))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} {from_sql}",
            defaults + params,
        )
        return cursor.rowcount


@transaction.atomic
def load_dossiers(total: int) -> int:
    """`total` bench dossiers spread over the bench communes and procedures, a quarter in each of received,
    processing, done and returned, each with its timeline (two to four events). Set-based: the per-code
    second-factor hashes are computed in Python and COPYed, the rest is one INSERT … SELECT per table."""
    have = Dossier.objects.filter(code__startswith="BENCH-HS-").count()
    if have >= total:
        return 0
    units = list(Unit.objects.filter(code__startswith="BENCH-X-").values_list("id", flat=True))
    procedures = list(Procedure.objects.filter(code__startswith="BENCH.").values_list("id", flat=True)[:200])
    tail = BENCH_ID_NUMBER[-4:]
    rows = io.StringIO()
    for n in range(have, total):
        rows.write(f"{n}\t{id_tail_hash(f'BENCH-HS-{n:06d}', tail)}\n")
    rows.seek(0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_tail (n bigint, h text) ON COMMIT DROP")
        cursor.cursor.copy_expert("COPY bench_tail FROM STDIN", rows)
        cursor.execute("SELECT coalesce(max(id), 0) FROM dossiers_dossier")
        before = cursor.fetchone()[0]
    received = "(now() - ((t.n * 7919) %% 300) * interval '1 day' - (t.n %% 28800) * interval '1 second')"
    status = f"({PATH_SQL})[1 + t.n %% 4]"
    created = _insert_select(
        Dossier,
        {
            "code": "'BENCH-HS-' || lpad(t.n::text, 6, '0')",
            "procedure_id": f"(ARRAY{procedures}::bigint[])[1 + (t.n * 7) %% {len(procedures)}]",
            "unit_id": f"(ARRAY{units}::bigint[])[1 + t.n %% {len(units)}]",
            "status": status,
            "received_at": received,
            "appointment_date": f"({received} + interval '14 days')::date",
            "finished_at": f"CASE WHEN {status} >= 9 THEN {received} + interval '8 days' END",
            "returned_at": f"CASE WHEN {status} = 10 THEN {received} + interval '9 days' END",
            "collect_location": "'Bộ phận một cửa'",
            "applicant_name_masked": "'Nguyễn V. A.'",
            "applicant_id_hash": f"'{id_hash(BENCH_ID_NUMBER)}'",  # hex digests: safe as literals
            "applicant_id_tail_hash": "t.h",
            "applicant_phone_hash": f"'{keyed_hash('84900000000')}'",
            "created_at": received,
            "updated_at": "now()",
        },
        "FROM bench_tail t",
        [],
    )
    notes = "ARRAY['Hồ sơ đã được tiếp nhận.', 'Hồ sơ đang được giải quyết.', 'Đã có kết quả.', 'Đã trả kết quả.']"
    _insert_select(
        DossierEvent,
        {
            "dossier_id": "d.id",
            "status": "e.status",
            "previous_status": f"({PATH_SQL})[e.i - 1]",
            "occurred_at": "d.received_at + (e.i - 1) * interval '4 days'",
            "note": f"({notes})[e.i]",
            "actor_label": "'Bộ phận một cửa'",
            "created_at": "now()",
        },
        f"FROM dossiers_dossier d CROSS JOIN LATERAL unnest(({PATH_SQL})[1:array_position({PATH_SQL}, d.status)]) "
        "WITH ORDINALITY AS e(status, i) WHERE d.id > %s",
        [before],
    )
    return created


@transaction.atomic
def load_ratings(total: int) -> int:
    """`total` ratings of finished bench dossiers: about 70 % very satisfied, 25 % satisfied, 5 % not (with a
    reason), spread over the last year."""
    have = Rating.objects.filter(dossier__code__startswith="BENCH-HS-").count()
    if have >= total:
        return 0
    created = _insert_select(
        Rating,
        {
            "dossier_id": "d.id",
            "unit_id": "d.unit_id",
            "procedure_id": "d.procedure_id",
            "level": "CASE WHEN (d.id * 7919) %% 100 < 5 THEN 1 WHEN (d.id * 7919) %% 100 < 30 THEN 2 ELSE 3 END",
            "drivers": 'CASE WHEN (d.id * 7919) %% 100 < 5 THEN \'["slow"]\'::jsonb ELSE \'["fast", "friendly"]\'::jsonb END',
            "reason": "CASE WHEN (d.id * 7919) %% 100 < 5 THEN 'Phải chờ lâu, đi lại hai lần.' ELSE '' END",
            "proof": "'lookup'",
            "created_at": "least(d.finished_at + interval '1 day', now())",
        },
        "FROM dossiers_dossier d WHERE d.code LIKE 'BENCH-HS-%%' AND d.status >= 9 "
        "AND NOT EXISTS (SELECT 1 FROM ratings_rating r WHERE r.dossier_id = d.id) ORDER BY d.id LIMIT %s",
        [total - have],
    )
    return created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=DOSSIERS)
    parser.add_argument("--ratings", type=int, default=RATINGS)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Dữ liệu thử tải cần PostgreSQL (BENCH_DATABASE_URL).")
    started = time.monotonic()
    print(f"Đơn vị thử tải mới: {load_units()} (tổng {Unit.objects.count()})")
    new_procedures, new_faqs = load_guides()
    print(
        f"Thủ tục thử tải mới: {new_procedures}, câu hỏi mới: {new_faqs} "
        f"(tổng {Procedure.objects.count()} thủ tục, {Faq.objects.count()} câu hỏi)"
    )
    new_dossiers = load_dossiers(args.dossiers)
    new_ratings = load_ratings(args.ratings)
    if new_dossiers or new_ratings:
        # Settle before anything is measured: without this, autovacuum and the checkpoint of a gigabyte of fresh
        # rows run during the first benchmarks (seen: disk wait at 50 %, notifications at half their rate).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) dossiers_dossier, dossiers_dossierevent, ratings_rating")
            try:
                cursor.execute("CHECKPOINT")
            except Exception:  # noqa: BLE001 - needs a superuser; only steadies the figures
                pass
    print(f"Hồ sơ thử tải mới: {new_dossiers} (tổng {Dossier.objects.count()})")
    print(f"Đánh giá thử tải mới: {new_ratings} (tổng {Rating.objects.count()})")
    print(f"Nạp dữ liệu: {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
