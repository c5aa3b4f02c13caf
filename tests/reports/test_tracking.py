"""Tracking by code + secret: status, dates and replies, nothing else; unknown code and wrong secret look
the same; guesses lock the code; submissions are limited per IP, citizen and device, atomically."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests

from citizens.models import Citizen
from citizens.tokens import access_token_issue
from reports import workflow
from reports.models import Report, ReportStatus
from tests.reports.conftest import TRACK_URL, URL, make_report, submit

pytestmark = pytest.mark.django_db


def track(api, code: str, secret: str, **extra):  # type: ignore[no-untyped-def]
    return api.post(TRACK_URL, {"code": code, "secret": secret}, format="json", **extra)


def test_tracking_shows_status_dates_and_replies_and_nothing_else(
    api, reports, officer_b, django_assert_max_num_queries
):
    report = reports.b
    workflow.report_status_change(report=report, new_status=ReportStatus.VERIFYING, note="nội bộ", actor=officer_b)
    workflow.report_reply(report=report, reply="Chúng tôi đang xác minh.", actor=officer_b)
    workflow.report_deadline_extend(
        report=report, new_due_date=report.due_date + timedelta(days=10), reason="phức tạp", actor=officer_b
    )
    with django_assert_max_num_queries(3):
        response = track(api, report.code, reports.b_secret)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "code",
        "kind",
        "status",
        "status_label",
        "status_meaning",
        "outcome",
        "outcome_label",
        "received_at",
        "due_date",
        "due_date_label",
        "paused_since",
        "closed_at",
        "updated_at",
        "history",
        "replies",
    }
    assert [step["status"] for step in body["history"]] == ["received", "verifying"]
    assert body["replies"] == [{"at": body["replies"][0]["at"], "text": "Chúng tôi đang xác minh."}]
    text = response.content.decode()
    for secret_thing in ("nội bộ", "phức tạp", "officer_b", "Đức Hạnh", report.description[:20]):
        assert secret_thing not in text
    assert response["Cache-Control"] == "no-store"


def test_the_code_can_be_typed_loosely(api, reports):
    loose = reports.a.code.lower().replace("pa-", "pa ")
    assert track(api, loose, reports.a_secret.lower()).status_code == 200


def test_an_unknown_code_and_a_wrong_secret_get_the_same_answer(api, reports):
    unknown = track(api, "PA-23456789", reports.a_secret)
    wrong = track(api, reports.a.code, "ABCDEFGHJK")
    assert unknown.status_code == wrong.status_code == 404
    assert unknown.json() == wrong.json()


def test_wrong_secrets_lock_the_code_even_for_the_right_secret(api, reports, settings):
    settings.REPORT_TRACK_FAILURES_PER_CODE = 3
    for _ in range(3):
        assert track(api, reports.a.code, "WRONGSECRT").status_code == 404
    locked = track(api, reports.a.code, reports.a_secret)
    assert locked.status_code == 429 and locked.json()["code"] == "report_code_locked"
    assert f"khoảng {settings.REPORT_TRACK_CODE_LOCK_SECONDS // 60} phút nữa" in locked.json()["message"]
    assert int(locked["Retry-After"]) > 0
    assert track(api, reports.b.code, reports.b_secret).status_code == 200  # other codes are not affected


def test_a_right_secret_gives_its_attempt_back(api, reports, settings):
    settings.REPORT_TRACK_FAILURES_PER_CODE = 2
    for _ in range(5):
        assert track(api, reports.a.code, reports.a_secret).status_code == 200


def test_tracking_is_limited_per_ip(api, reports, settings):
    settings.REPORT_TRACK_PER_IP_PER_MINUTE = 2
    assert track(api, reports.a.code, reports.a_secret).status_code == 200
    assert track(api, reports.a.code, reports.a_secret).status_code == 200
    assert track(api, reports.a.code, reports.a_secret).status_code == 429
    assert track(api, reports.a.code, reports.a_secret, REMOTE_ADDR="192.0.2.99").status_code == 200


@pytest.mark.parametrize(
    "body", [{}, {"code": "PA-2345\x006789", "secret": "ABCDEFGHJK"}, {"code": "x", "secret": "y"}]
)
def test_malformed_tracking_requests_are_400s(api, reports, body):
    assert api.post(TRACK_URL, body, format="json").status_code == 400


def test_submissions_are_limited_per_citizen_and_per_device(api, areas, settings):
    from tests.dossiers.conftest import citizen_client

    settings.REPORT_SUBMIT_PER_CITIZEN_PER_DAY = 2
    settings.REPORT_SUBMIT_PER_DEVICE_PER_DAY = 2
    signed = citizen_client(Citizen.objects.create(zalo_user_id="6100"))
    statuses = [submit(signed, REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(3)]
    assert statuses == [201, 201, 429]  # a new IP each time does not help a signed-in citizen
    statuses = [submit(api, HTTP_X_DEVICE_ID="device-1", REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(3)]
    assert statuses == [201, 201, 429]
    assert submit(api, HTTP_X_DEVICE_ID="device-2").status_code == 201


def test_a_refused_submission_decodes_no_file(api, areas, settings, monkeypatch):
    settings.REPORT_SUBMIT_PER_IP_PER_HOUR = 0
    monkeypatch.setattr("reports.apis.media_clean_all", lambda files: pytest.fail("files decoded"))
    assert submit(api).status_code == 429


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_never_exceed_the_ip_limit(live_server, areas, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the table for concurrent writers; the limit itself is Redis's")
    settings.REPORT_SUBMIT_PER_IP_PER_HOUR = 7

    def one(_: int) -> int:
        return requests.post(
            f"{live_server.url}{URL}",
            files=[  # multipart fields without a file
                ("kind", (None, "khac")),
                ("description", (None, "Đèn đường hỏng nhiều ngày ở ngõ 3.")),
                ("is_anonymous", (None, "true")),
            ],
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(one, range(50)))
    assert statuses.count(201) == 7, sorted(statuses)
    assert statuses.count(429) == 43
    assert Report.objects.count() == 7


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_wrong_secrets_never_exceed_the_code_lock(live_server, areas, settings):
    settings.REPORT_TRACK_FAILURES_PER_CODE = 5
    settings.REPORT_TRACK_PER_IP_PER_MINUTE = 1000
    submitted = make_report(areas.tree.unit_a)
    token = access_token_issue(citizen=Citizen.objects.create(zalo_user_id="6200"))

    def one(n: int) -> int:
        return requests.post(
            f"{live_server.url}{TRACK_URL}",
            json={"code": submitted.report.code, "secret": f"WRONG{n:05d}"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(one, range(50)))
    assert statuses.count(404) == 5  # exactly five guesses were ever checked
    assert statuses.count(429) == 45


@pytest.mark.parametrize(
    ("fold_code", "fold_secret"),
    [
        (str.lower, str.lower),
        (lambda c: f"  {c.lower().replace('-', '–')} ", lambda s: f" {s} "),  # en dash, spaces
        (lambda c: c.translate({ord(ch): ord(ch) + 0xFEE0 for ch in c if ch.isalnum()}), str.lower),  # full width
    ],
)
def test_tracking_takes_the_code_and_secret_however_they_are_typed(api, reports, fold_code, fold_secret):
    response = track(api, fold_code(reports.b.code), fold_secret(reports.b_secret))
    assert response.status_code == 200, response.content
    assert response.json()["code"] == reports.b.code
