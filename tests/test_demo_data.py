from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from accounts.models import User
from units.models import Unit, UnitPhone


def test_demo_data_is_idempotent_and_marked_as_demo(db):
    call_command("demo_data", stdout=StringIO())
    counts = (Unit.objects.count(), UnitPhone.objects.count(), User.objects.count())
    call_command("demo_data", stdout=StringIO())
    assert (Unit.objects.count(), UnitPhone.objects.count(), User.objects.count()) == counts
    assert counts[0] >= 20
    assert all("(Demo)" in name for name in Unit.objects.values_list("name", flat=True))
    assert Unit.objects.filter(parent__isnull=True).count() == 1
    assert Unit.objects.filter(depth=2).exists()  # at least three levels


def test_demo_guides_load_published_and_idempotently(db):
    from news.models import Article
    from procedures.models import CaseDocument, Faq, Procedure

    call_command("demo_data", stdout=StringIO())
    counts = (Procedure.objects.count(), CaseDocument.objects.count(), Faq.objects.count(), Article.objects.count())
    call_command("demo_data", stdout=StringIO())
    assert (
        Procedure.objects.count(),
        CaseDocument.objects.count(),
        Faq.objects.count(),
        Article.objects.count(),
    ) == counts
    assert counts[0] >= 4 and counts[2] >= 8 and counts[3] >= 5
    assert not Procedure.objects.exclude(state="published").exists()
    assert Procedure.objects.get(code="1.004222").units.filter(code="DEMO-P-DONGTAM").exists()
    assert Faq.objects.filter(procedure__code="1.004194").exists()


def test_demo_officers_can_log_in_and_are_scoped(client, db):
    call_command("demo_data", stdout=StringIO())
    # Through the admin's sign-in form: django-axes checks every sign-in against its request.
    signed_in = client.post("/admin/login/", {"username": "canbo.dongtam", "password": "demo-2026", "next": "/admin/"})
    assert signed_in.status_code == 302
    content = client.get("/admin/units/unit/").content.decode()
    assert "Công an phường Đồng Tâm (Demo)" in content
    assert "Công an xã Đức Hạnh (Demo)" not in content


def test_demo_data_is_refused_outside_demo_mode(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.IS_DEMO = False
    with pytest.raises(CommandError):
        call_command("demo_data", stdout=StringIO())


def test_demo_data_runs_the_sync_simulator_once(db):
    from dossiers.models import Dossier, DossierSource
    from sync.models import SyncRun

    call_command("demo_data", stdout=StringIO())
    synced = Dossier.objects.filter(source=DossierSource.SYNC).count()
    assert synced >= 9 and SyncRun.objects.filter(status="succeeded").count() == 3
    call_command("demo_data", stdout=StringIO())
    assert Dossier.objects.filter(source=DossierSource.SYNC).count() == synced
