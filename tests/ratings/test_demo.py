from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from dossiers.models import Dossier, DossierStatus
from ratings.models import FollowUp, Rating, SurveyResponse
from ratings.selectors import unit_satisfaction_public
from units.models import Unit


def test_demo_ratings_fill_the_dashboard_idempotently_and_leave_one_dossier_to_rate(db):
    call_command("demo_data", stdout=StringIO())
    counts = (Rating.objects.count(), FollowUp.objects.count(), SurveyResponse.objects.count())
    call_command("demo_data", stdout=StringIO())
    assert (Rating.objects.count(), FollowUp.objects.count(), SurveyResponse.objects.count()) == counts
    assert counts[0] == 40 and counts[1] >= 1 and counts[2] >= 3
    ratable = Dossier.objects.get(code="HS-DEMO-0003")
    assert ratable.status == DossierStatus.DONE and not Rating.objects.filter(dossier=ratable).exists()
    figure = unit_satisfaction_public(unit=Unit.objects.get(code="DEMO-P-DONGTAM"))
    assert figure["enough"] and figure["rate"] is not None
