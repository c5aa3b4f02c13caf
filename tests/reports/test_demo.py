from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from reports.models import Coverage, Report


def test_demo_reports_load_idempotently_and_track_with_the_printed_secret(db, api):
    call_command("demo_data", stdout=StringIO())
    counts = (Report.objects.count(), Coverage.objects.count())
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert (Report.objects.count(), Coverage.objects.count()) == counts and counts[0] == 3
    assert "PA-DEM23456" in out.getvalue()
    body = api.post("/api/v1/reports/track", {"code": "PA-DEM23456", "secret": "DEMSECRET2"}, format="json").json()
    assert body["status"] == "verifying" and body["replies"]
    assert Coverage.objects.filter(is_reception=True).get().unit.parent is None
