"""A second `make run` (demo_data twice) changes nothing in any table: the same rows, the same content."""

from __future__ import annotations

import hashlib
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import models

# Columns that say when or in which order a row was written, not what it says.
VOLATILE = {"created_at", "updated_at", "modified_at", "last_login", "history_date", "date_joined", "history_id"}


def _snapshot() -> dict[str, tuple[int, str]]:
    """Per table: the row count and a fingerprint of the rows' content (primary keys and write times left out,
    foreign keys kept: a row deleted and created again under a new id changes its referrers' fingerprint)."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key
            and f.attname not in VOLATILE
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
            and not isinstance(f, models.BinaryField)
        ]
        rows = sorted(repr(row) for row in model._default_manager.values_list(*fields)) if fields else []
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
        state[model._meta.db_table] = (model._default_manager.count(), digest)
    return state


def test_a_second_demo_data_changes_no_table(db):
    call_command("demo_data", stdout=StringIO())
    first = _snapshot()
    call_command("demo_data", stdout=StringIO())
    second = _snapshot()
    changed = {table: (first[table], second[table]) for table in first if first[table] != second[table]}
    assert changed == {}, "\n".join(f"{t}: {a} -> {b}" for t, (a, b) in sorted(changed.items()))


def test_the_readme_demo_story_holds(db):
    """README "A short tour": the leader of Đồng Tâm sees the unit of the dossier the tour has you rate; each
    HS-DEMO code answers the phone the README gives for it; "Hồ sơ của tôi" lists the demo citizen only."""
    from accounts.models import User
    from accounts.selectors import unit_list_for_officer
    from common.crypto import keyed_hash
    from dossiers.models import Dossier

    call_command("demo_data", stdout=StringIO())
    leader = User.objects.get(username="lanhdao.dongtam")
    rated = Dossier.objects.get(code="HS-DEMO-0003")
    assert unit_list_for_officer(officer=leader).filter(pk=rated.unit_id).exists()
    readme_phones = {
        "HS-DEMO-0001": "84912345678",
        "HS-DEMO-0002": "84912345678",
        "HS-DEMO-0003": "84912345678",
        "HS-DEMO-0005": "84912345678",
        "HS-DEMO-0004": "84987654321",
        "HS-DEMO-0006": "84987654321",
    }
    for code, phone in readme_phones.items():
        assert Dossier.objects.get(code=code).applicant_phone_hash == keyed_hash(phone), code
    mine = Dossier.objects.filter(applicant_phone_hash=keyed_hash("84912345678"))
    assert mine.count() >= 4
    assert set(mine.values_list("applicant_name_masked", flat=True)) == {"Nguyễn V. A."}
