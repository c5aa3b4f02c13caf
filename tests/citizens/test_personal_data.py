"""Personal data (Luật Bảo vệ dữ liệu cá nhân 2025): the privacy notice, consent records for every purpose,
"Tải dữ liệu của tôi", "Xóa tài khoản" and the retention job."""

# ruff: noqa: F811 - the dossier and report casts are imported fixtures, requested by name

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from axes.models import AccessLog as SignInLog
from django.conf import settings as django_settings
from django.utils import timezone

from citizens.consents import consent_record, text_version
from citizens.models import Citizen, Consent, RefreshToken
from common.crypto import decrypt_text
from dossiers.models import DossierAccessLog, DossierFollow
from notifications.models import Kind, Notification, State
from privacy.retention import retention_enforce
from ratings.models import Rating
from reports.models import Report, ReportAccessLog
from reports.texts import NAMED_TEXT
from sync.models import QuarantinedRecord, SyncSource
from tests.dossiers.conftest import PHONE_A, citizen_client, verified
from tests.ratings.conftest import (  # noqa: F401 - the dossier cast, finished dossier A
    citizen,
    dossiers,
    finish,
    other_citizen,
    procedure,
)
from tests.reports.conftest import _kinds, _private_media, areas, make_report, submit  # noqa: F401

PRIVACY = "/api/v1/privacy"
EXPORT = "/api/v1/me/export"
DELETE = "/api/v1/me/delete"
LOOKUP = "/api/v1/dossiers/lookup"


def follow_after_lookup(client, code="A-0001", verifier="1234"):  # type: ignore[no-untyped-def]
    token = client.post(LOOKUP, {"code": code, "verifier": verifier}, format="json").json()["follow_token"]
    response = client.post("/api/v1/me/follows/", {"follow_token": token}, format="json")
    assert response.status_code == 201, response.content
    return token


def named_report(client, **fields):  # type: ignore[no-untyped-def]
    response = submit(client, is_anonymous="false", contact_name="Nguyễn Văn An", contact_phone="0912345678", **fields)
    assert response.status_code == 201, response.content
    return Report.objects.get(code=response.json()["code"])


def notification_for(citizen, *, state=State.SENT, key="n"):  # type: ignore[no-untyped-def]
    return Notification.objects.create(
        key=f"{key}:{citizen.pk}",
        citizen=citizen,
        recipient=f"công dân #{citizen.pk}",
        kind=Kind.REPORT_RECEIVED,
        values={"code": "TB-TEST", "status": "Đã tiếp nhận"},
        state=state,
    )


@pytest.fixture
def mine(citizen, dossiers, areas):  # type: ignore[no-untyped-def]
    """Everything one citizen can leave with us: phone, a follow, a named and an anonymous report, a rating of
    another finished dossier they follow, a notification, the Mini App notification permission."""
    client = citizen_client(verified(citizen, PHONE_A))
    consent_record(citizen=citizen, purpose="phone")  # as the phone API records it (tests/citizens/test_phone.py)
    follow_after_lookup(client)
    named = named_report(client)
    anonymous = submit(client, is_anonymous="true").json()["code"]
    finish(dossiers.a)
    assert client.post("/api/v1/ratings/", {"dossier_id": dossiers.a.pk, "level": 2}, format="json").status_code == 201
    assert client.post("/api/v1/me/notifications", {"allowed": True}, format="json").status_code == 200
    notification_for(citizen)
    return client, named, anonymous


# --- What the app states ------------------------------------------------------------------------


def test_the_privacy_notice_names_the_controller_purposes_and_retention(api, db, settings):
    settings.DATA_CONTROLLER_NAME = "Công an tỉnh Thử Nghiệm"
    settings.DATA_CONTROLLER_CONTACT = "0200 3888 999"
    settings.RETENTION_NOTIFICATION_DAYS = 730
    settings.ACCESS_LOG_RETENTION_DAYS = 1825
    response = api.get(PRIVACY)
    assert response.status_code == 200
    body = response.json()
    assert body["controller"] == {"name": "Công an tỉnh Thử Nghiệm", "address": "", "contact": "0200 3888 999"}
    assert "2025" in body["law"] and "13/2023" not in json.dumps(body, ensure_ascii=False)
    by_code = {c["code"]: c for c in body["categories"]}
    assert "2 năm" in by_code["follows"]["retention"]
    assert "5 năm" in by_code["access_logs"]["retention"]
    purposes = {p["purpose"]: p for p in body["purposes"]}
    assert set(purposes) == {"phone", "notifications", "follow", "report", "rating"}
    assert purposes["report"]["withdrawable"] is False and purposes["rating"]["withdrawable"] is True
    assert any("Tin báo" in kept for kept in body["kept_on_delete"])


# --- Consent records ----------------------------------------------------------------------------


def test_every_purpose_records_a_consent_where_the_citizen_acts(mine, citizen, dossiers):
    _client, named, _anonymous = mine
    consents = {c.purpose: c for c in Consent.objects.filter(citizen=citizen)}
    assert set(consents) == {"phone", "follow", "report", "rating", "notifications"}
    assert consents["follow"].subject == "Hồ sơ A-0001" and consents["follow"].object_id == dossiers.a.pk
    assert consents["report"].subject == f"Tin báo {named.code}" and consents["report"].object_id == named.pk
    assert consents["rating"].object_id == Rating.objects.get().pk
    assert all(c.text_version and c.withdrawn_at is None for c in consents.values())
    # The named report's version names the notice the form showed: a new wording is a new version.
    assert consents["report"].text_version == text_version("report", NAMED_TEXT) != text_version("report", "khác")
    # An anonymous report is linked to nobody: no consent of anyone names it.
    assert Consent.objects.filter(purpose="report").count() == 1


def test_allowing_notifications_twice_records_one_consent_and_turning_off_withdraws_it(citizen):
    client = citizen_client(citizen)
    client.post("/api/v1/me/notifications", {"allowed": True}, format="json")
    client.post("/api/v1/me/notifications", {"allowed": True}, format="json")
    assert Consent.objects.filter(purpose="notifications").count() == 1
    client.post("/api/v1/me/notifications", {"allowed": False}, format="json")
    assert Consent.objects.get(purpose="notifications").withdrawn_at is not None


def test_the_account_page_lists_consents_and_withdraws_the_withdrawable_ones(mine, citizen, dossiers):
    client, named, _ = mine
    consents = {c["purpose"]: c for c in client.get("/api/v1/me/").json()["consents"]}
    assert consents["report"]["withdrawable"] is False and consents["report"]["subject"] == f"Tin báo {named.code}"

    refused = client.delete(f"/api/v1/me/consents/{consents['report']['id']}")
    assert refused.status_code == 400 and refused.json()["code"] == "consent_not_withdrawable"
    assert "pháp luật" in refused.json()["message"]
    assert Report.objects.get(pk=named.pk).citizen == citizen

    assert client.delete(f"/api/v1/me/consents/{consents['rating']['id']}").status_code == 200
    rating = Rating.objects.get()
    assert rating.citizen is None  # kept for the statistics, no longer linked to the Zalo account

    assert client.delete(f"/api/v1/me/consents/{consents['follow']['id']}").status_code == 200
    assert not DossierFollow.objects.filter(citizen=citizen).exists()

    body = client.delete(f"/api/v1/me/consents/{consents['phone']['id']}").json()
    assert body["phone_masked"] == "" and Citizen.objects.get(pk=citizen.pk).phone_hash == ""
    again = client.delete(f"/api/v1/me/consents/{consents['phone']['id']}")
    assert again.status_code == 400 and again.json()["code"] == "consent_already_withdrawn"


def test_a_citizen_cannot_withdraw_another_citizens_consent(mine, other_citizen):
    _client, _named, _ = mine
    consent = Consent.objects.get(purpose="rating")
    response = citizen_client(other_citizen).delete(f"/api/v1/me/consents/{consent.pk}")
    assert response.status_code == 404
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None


# --- Export -------------------------------------------------------------------------------------


def test_the_export_is_an_absolute_short_lived_link_to_a_json_file_of_everything_mine(
    mine, citizen, other_citizen, areas, dossiers, settings
):
    client, named, anonymous = mine
    others = make_report(areas.tree.unit_b, citizen=other_citizen).report
    notification_for(other_citizen, key="other")
    settings.PERSONAL_DATA_EXPORT_LINK_SECONDS = 600

    link = client.post(EXPORT)
    assert link.status_code == 200, link.content
    body = link.json()
    assert body["url"].startswith("http://testserver/api/v1/me/export/") and body["expires_in"] == 600
    assert body["filename"].startswith("du-lieu-cua-toi-") and body["filename"].endswith(".json")

    from rest_framework.test import APIClient

    response = APIClient().get(body["url"].removeprefix("http://testserver"))  # the webview sends no token
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert body["filename"] in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    data = json.loads(response.content.decode("utf-8"))
    account = data["tài khoản"]
    assert account["mã người dùng Zalo"] == "5001" and account["số điện thoại đã xác minh"] == "+84912345678"
    assert [f["mã hồ sơ"] for f in data["hồ sơ đang theo dõi"]] == ["A-0001"]
    reports = data["tin báo, phản ánh có ghi tên"]
    assert [r["mã theo dõi"] for r in reports] == [named.code]
    assert reports[0]["họ tên liên hệ"] == "Nguyễn Văn An" and reports[0]["số điện thoại liên hệ"] == "0912345678"
    text = response.content.decode("utf-8")
    assert anonymous not in text and others.code not in text  # not linked to me / someone else's
    assert [r["mức độ hài lòng"] for r in data["đánh giá sự hài lòng"]] == ["Hài lòng"]
    assert len(data["thông báo đã gửi cho bạn"]) == Notification.objects.filter(citizen=citizen).count() >= 1
    assert {c["mục đích"] for c in data["sự đồng ý"]} >= {"Gửi tin báo, phản ánh có ghi tên"}


def test_an_export_link_that_is_forged_expired_or_of_a_deleted_account_opens_nothing(
    citizen, other_citizen, monkeypatch, settings
):
    settings.PERSONAL_DATA_EXPORT_LINK_SECONDS = 600
    client = citizen_client(citizen)
    url = client.post(EXPORT).json()["url"].removeprefix("http://testserver")
    from rest_framework.test import APIClient

    anyone = APIClient()
    assert anyone.get(url + "x").status_code == 404
    assert anyone.get(url.replace("/export/", "/export/a")).status_code == 404
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 601)
    expired = anyone.get(url)
    monkeypatch.setattr(time, "time", real_time)
    assert expired.status_code == 404 and expired.json()["code"] == "export_link_invalid"
    assert anyone.get(url).status_code == 200
    client.post(DELETE, {"confirm": True}, format="json")
    assert anyone.get(url).status_code == 404


def test_export_needs_our_token(api, db):
    assert api.post(EXPORT).status_code == 401
    assert api.post(DELETE, {"confirm": True}, format="json").status_code == 401


# --- Delete the account -------------------------------------------------------------------------


def test_deleting_needs_an_explicit_confirmation(citizen):
    client = citizen_client(citizen)
    for body in ({}, {"confirm": False}, {"confirm": "yes"}):
        response = client.post(DELETE, body, format="json")
        assert response.status_code == 400, body
    assert Citizen.objects.filter(pk=citizen.pk).exists()


def test_deleting_the_account_removes_what_is_mine_keeps_what_the_law_keeps_and_says_so(
    mine, citizen, other_citizen, areas, dossiers
):
    client, named, anonymous = mine
    other_client = citizen_client(other_citizen)
    follow_after_lookup(other_client)
    others = make_report(areas.tree.unit_b, citizen=other_citizen).report
    other_notification = notification_for(other_citizen, key="other")
    queued = notification_for(citizen, state=State.QUEUED, key="queued")
    mine_ids = list(Notification.objects.filter(citizen=citizen).values_list("pk", flat=True))
    assert queued.pk in mine_ids and len(mine_ids) >= 3

    response = client.post(DELETE, {"confirm": True}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"] == "Tài khoản của bạn đã được xóa."
    deleted = " ".join(body["deleted"])
    assert "Số điện thoại" in deleted and "1 hồ sơ đang theo dõi" in deleted and "phiên đăng nhập" in deleted
    kept = {k["what"]: k["why"] for k in body["kept"]}
    report_line = next(what for what in kept if named.code in what)
    assert "pháp luật" in kept[report_line] and "mã theo dõi" in kept[report_line]
    assert any("đánh giá" in what for what in kept)

    # Removed: the account, its phone, follows, consents, notifications (a queued one is never sent).
    assert not Citizen.objects.filter(pk=citizen.pk).exists()
    assert not Citizen.objects.filter(zalo_user_id="5001").exists()
    assert not DossierFollow.objects.filter(dossier=dossiers.a).exclude(citizen=other_citizen).exists()
    assert not Consent.objects.exclude(citizen=other_citizen).exists()
    assert not Notification.objects.filter(pk__in=mine_ids).exists()
    assert Notification.objects.filter(pk=other_notification.pk, citizen=other_citizen).exists()
    # Kept, no longer linked: the named report with the contact typed (a case file), the rating (statistics).
    report = Report.objects.get(pk=named.pk)
    assert report.citizen is None and decrypt_text(report.contact_name_encrypted) == "Nguyễn Văn An"
    assert Report.objects.filter(code=anonymous).exists()
    assert Rating.objects.get().citizen is None
    # Other citizens untouched.
    assert Citizen.objects.filter(pk=other_citizen.pk).exists()
    assert Report.objects.get(pk=others.pk).citizen == other_citizen
    assert DossierFollow.objects.filter(citizen=other_citizen).count() == 1
    assert Consent.objects.filter(citizen=other_citizen, purpose="follow").count() == 1
    assert other_client.get("/api/v1/me/").status_code == 200
    # Signed out everywhere.
    assert client.get("/api/v1/me/").status_code == 401


def test_deleting_revokes_every_sign_in_of_the_account(api, db, fake_zalo):
    first = api.post("/api/v1/auth/zalo", {"access_token": "fake-citizen-3"}, format="json").json()
    second = api.post("/api/v1/auth/zalo", {"access_token": "fake-citizen-3"}, format="json").json()  # another phone
    assert RefreshToken.objects.count() == 2
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {first['access_token']}")
    assert api.post(DELETE, {"confirm": True}, format="json").status_code == 200
    assert not RefreshToken.objects.exists()
    for session in (first, second):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {session['access_token']}")
        assert api.get("/api/v1/me/").status_code == 401
        # The claims-only lookup reads no citizen row: the revoked family is what refuses it.
        lookup = api.post(LOOKUP, {"code": "X-1", "verifier": "1234"}, format="json")
        assert lookup.status_code == 401, lookup.content
        api.credentials()
        refreshed = api.post("/api/v1/auth/refresh", {"refresh_token": session["refresh_token"]}, format="json")
        assert refreshed.status_code == 401


# --- Retention ----------------------------------------------------------------------------------


def _aged(row, field: str, days: float):  # type: ignore[no-untyped-def]
    type(row).objects.filter(pk=row.pk).update(**{field: timezone.now() - timedelta(days=days)})
    return row


def test_the_retention_job_deletes_only_rows_past_their_period(settings, tree, officer_a, citizen, other_citizen):
    settings.RETENTION_CITIZEN_INACTIVE_DAYS = 730
    settings.RETENTION_NOTIFICATION_DAYS = 365
    settings.RETENTION_REFRESH_TOKEN_DAYS = 30
    settings.RETENTION_WITHDRAWN_CONSENT_DAYS = 1095
    settings.RETENTION_SYNC_QUARANTINE_DAYS = 90
    now = timezone.now()
    Citizen.objects.filter(pk=citizen.pk).update(last_seen_at=now - timedelta(days=731))
    Citizen.objects.filter(pk=other_citizen.pk).update(last_seen_at=now - timedelta(days=729))
    idle_never_seen = Citizen.objects.create(zalo_user_id="5003")
    _aged(idle_never_seen, "created_at", 731)

    old_sent = _aged(notification_for(other_citizen, key="old"), "created_at", 366)
    recent_sent = _aged(notification_for(other_citizen, key="recent"), "created_at", 364)
    old_queued = _aged(notification_for(other_citizen, state=State.QUEUED, key="oldq"), "created_at", 366)

    def token(name: str, *, expired_days: float, revoked_days: float | None = None) -> RefreshToken:
        return RefreshToken.objects.create(
            citizen=other_citizen,
            family=name,
            token_hash=name.ljust(64, "0"),
            expires_at=now - timedelta(days=expired_days),
            revoked_at=None if revoked_days is None else now - timedelta(days=revoked_days),
        )

    long_expired = token("a", expired_days=31)
    just_expired = token("b", expired_days=29)
    long_revoked = token("c", expired_days=-20, revoked_days=31)
    live = token("d", expired_days=-20)

    def consent(withdrawn_days: float | None) -> Consent:
        return Consent.objects.create(
            citizen=other_citizen,
            purpose="phone",
            text_version="t",
            granted_at=now - timedelta(days=2000),
            withdrawn_at=None if withdrawn_days is None else now - timedelta(days=withdrawn_days),
        )

    old_withdrawn, recent_withdrawn, active = consent(1096), consent(1094), consent(None)
    source = SyncSource.objects.create(name="Một cửa tỉnh", kind="http")
    old_quarantine = _aged(
        QuarantinedRecord.objects.create(source=source, reason="missing", raw="{}"), "created_at", 91
    )
    new_quarantine = QuarantinedRecord.objects.create(source=source, reason="missing", raw="{}")

    done = retention_enforce()

    remaining = set(Citizen.objects.values_list("pk", flat=True))
    assert remaining == {other_citizen.pk}
    assert done["citizens_inactive"] == 2
    assert set(Notification.objects.values_list("pk", flat=True)) == {recent_sent.pk, old_queued.pk}
    assert old_sent.pk not in set(Notification.objects.values_list("pk", flat=True))
    assert set(RefreshToken.objects.values_list("pk", flat=True)) == {just_expired.pk, live.pk}
    assert long_expired.pk != long_revoked.pk
    assert set(Consent.objects.values_list("pk", flat=True)) == {recent_withdrawn.pk, active.pk}
    assert old_withdrawn.pk not in set(Consent.objects.values_list("pk", flat=True))
    assert list(QuarantinedRecord.objects.values_list("pk", flat=True)) == [new_quarantine.pk]
    assert old_quarantine.pk != new_quarantine.pk
    assert retention_enforce()["notifications"] == 0  # nothing more to do


def test_named_reports_are_kept_and_only_their_ip_is_blanked_after_its_period(settings, areas, citizen):
    settings.RETENTION_REPORT_IP_DAYS = 90
    old = make_report(areas.tree.unit_a, citizen=citizen).report
    recent = make_report(areas.tree.unit_a, citizen=citizen).report
    _aged(old, "received_at", 91)
    retention_enforce()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.submitted_ip is None and old.description and old.citizen == citizen
    assert recent.submitted_ip == "198.51.100.7"


def test_the_officers_access_log_is_kept_for_its_whole_period_and_deleted_after(settings, tree, officer_a):
    settings.ACCESS_LOG_RETENTION_DAYS = 1095

    def log(model, days: float, **extra):  # type: ignore[no-untyped-def]
        row = model.objects.create(officer=officer_a, officer_username="officer_a", action="view", **extra)
        return _aged(row, "at", days)

    kept = [log(DossierAccessLog, 1094, dossier_code="A-1"), log(ReportAccessLog, 1094, report_code="TB-1")]
    gone = [log(DossierAccessLog, 1096, dossier_code="A-2"), log(ReportAccessLog, 1096, report_code="TB-2")]
    sign_in_old = _aged(SignInLog.objects.create(username="officer_a", ip_address="10.0.0.1"), "attempt_time", 1096)
    sign_in_new = _aged(SignInLog.objects.create(username="officer_a", ip_address="10.0.0.1"), "attempt_time", 1094)
    # The other rules may be aggressive: the access log still keeps its period.
    settings.RETENTION_NOTIFICATION_DAYS = 1

    retention_enforce()

    assert set(DossierAccessLog.objects.values_list("dossier_code", flat=True)) == {"A-1"}
    assert set(ReportAccessLog.objects.values_list("report_code", flat=True)) == {"TB-1"}
    assert all(type(r).objects.filter(pk=r.pk).exists() for r in kept)
    assert not any(type(r).objects.filter(pk=r.pk).exists() for r in gone)
    assert list(SignInLog.objects.values_list("pk", flat=True)) == [sign_in_new.pk]
    assert sign_in_old.pk != sign_in_new.pk


def test_the_retention_job_is_scheduled_daily_by_beat():
    from config.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert entry["task"] == "privacy.retention_enforce" and entry["schedule"] == 86400.0
    app.loader.import_default_modules()
    assert "privacy.retention_enforce" in app.tasks


def test_the_settings_refuse_an_access_log_period_below_the_legal_minimum():
    from tests.config.production_env import production_env
    from tests.config.test_production_settings import load_settings, refusal

    assert "ACCESS_LOG_RETENTION_DAYS" in refusal(load_settings(production_env(ACCESS_LOG_RETENTION_DAYS="729")))
    assert load_settings(production_env(ACCESS_LOG_RETENTION_DAYS="730")).returncode == 0


def test_the_oas_i_follow_and_the_notices_i_got_are_in_my_export_and_unlinked_when_i_leave(
    citizen, other_citizen, tree
):
    from broadcasts.models import Broadcast, BroadcastRecipient, RecipientState
    from privacy.export import personal_data_export
    from privacy.services import citizen_account_delete
    from zalo.models import OAFollower, OfficialAccount

    oa = OfficialAccount.objects.create(name="OA Công an phường Đồng Tâm", oa_id="5550001", unit=tree.unit_a)
    mine = OAFollower.objects.create(oa=oa, follower_id="f-mine", zalo_user_id=citizen.zalo_user_id)
    theirs = OAFollower.objects.create(oa=oa, follower_id="f-theirs", zalo_user_id=other_citizen.zalo_user_id)
    notice = Broadcast.objects.create(
        unit=tree.unit_a,
        oa=oa,
        kind="fraud_alert",
        title="Cảnh báo giả danh công an",
        body="…",
        scheduled_at=timezone.now(),
    )
    BroadcastRecipient.objects.create(broadcast=notice, follower=mine, state=RecipientState.SENT)

    data = personal_data_export(citizen=citizen)
    assert [row["Zalo OA"] for row in data["Zalo OA bạn quan tâm"]] == ["OA Công an phường Đồng Tâm"]
    assert [row["tin"] for row in data["tin cảnh báo, thông báo gửi người quan tâm OA"]] == [
        "Cảnh báo giả danh công an"
    ]

    result = citizen_account_delete(citizen=citizen)
    assert any("Zalo OA" in line for line in result.deleted)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    # Still a follower of the OA on Zalo (a warning still reaches them), no longer linked to the deleted account.
    assert mine.zalo_user_id == "" and mine.following
    assert theirs.zalo_user_id == other_citizen.zalo_user_id
