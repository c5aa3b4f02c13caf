from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from reports.models import Coverage, Report


def test_demo_reports_load_idempotently_and_track_with_the_printed_secret(db, api):
    call_command("demo_data", stdout=StringIO())
    counts = (Report.objects.count(), Coverage.objects.count())
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert (Report.objects.count(), Coverage.objects.count()) == counts and counts[0] == 6
    assert "PA-DEM23456" in out.getvalue()
    body = api.post("/api/v1/reports/track", {"code": "PA-DEM23456", "secret": "DEMSECRET2"}, format="json").json()
    assert body["status"] == "verifying" and body["replies"]
    assert Coverage.objects.filter(is_reception=True).get().unit.parent is None


def test_the_demo_has_a_denunciation_a_complaint_and_a_suspended_crime_tip(db, api):
    call_command("demo_data", stdout=StringIO())
    track = {
        code: api.post("/api/v1/reports/track", {"code": code, "secret": "DEMSECRET2"}, format="json").json()
        for code in ("PA-DEM23459", "PA-DEM23460", "PA-DEM23461")
    }
    assert track["PA-DEM23459"]["status"] == "accepted" and track["PA-DEM23459"]["due_date_label"] == "Hạn giải quyết"
    assert track["PA-DEM23460"]["due_date_label"].startswith("Hạn nhận giải quyết")
    paused = track["PA-DEM23461"]
    assert paused["status"] == "suspended" and paused["paused_since"] is not None
    assert [step["status"] for step in paused["history"]][-3:] == ["suspended", "verifying", "suspended"]
