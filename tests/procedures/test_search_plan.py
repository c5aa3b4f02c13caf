"""On PostgreSQL the search can be served by the GIN trigram index.

The table gets 20,000 procedures with texts as long as real ones. PostgreSQL's cost model still
prefers a sequential scan at this size (the whole table is a few MB), so the check turns sequential
scans off: what it proves is that the query's shape matches the index (LIKE and `%>` on the
normalised column with gin_trgm_ops), so the index takes over as the table grows.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection

from procedures.models import Procedure
from procedures.selectors import faq_list, procedure_list
from tests.procedures.factories import FieldFactory

SYLLABLES = (
    "cap doi lai giay to xe may tau thuyen nha dat kinh doanh dich vu bao ve moi truong lao dong viec lam "
    "hoc tap y te van hoa the thao du lich tai chinh ngan hang thue hai quan cong thuong nong nghiep"
).split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(SYLLABLES) for _ in range(words))


@pytest.mark.django_db
def test_search_uses_the_gin_trigram_index():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    rng = random.Random(7)
    field = FieldFactory()
    rows = []
    for i in range(20_000):
        name = _text(rng, 8)
        rows.append(
            Procedure(
                code=f"8.{i:06d}",
                name=name,
                name_search=name,
                field=field,
                state="published",
                search_text=f"8.{i:06d} {name} {_text(rng, 200)}",
            )
        )
    Procedure.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE procedures_procedure")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # leaves bitmap scans: the trigram index or none
    for queryset in (procedure_list(query="dang ky thuong tru"), procedure_list(query="ho chiue")):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "procedure_search_trgm" in plan, plan
        assert "Seq Scan on procedures_procedure" not in plan, plan
    assert faq_list(query="tam tru").query is not None
