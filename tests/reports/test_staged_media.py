"""Photos uploaded ahead of the report (Zalo's openMediaPicker uploads each file to serverUploadUrl)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reports.models import Report, ReportAttachment
from reports.submission import report_media_sweep
from tests.reports.conftest import jpeg_with_gps, submit, upload

pytestmark = pytest.mark.django_db
MEDIA_URL = "/api/v1/reports/media"


def stage(api, content: bytes | None = None):  # type: ignore[no-untyped-def]
    return api.post(MEDIA_URL, {"file": upload(content or jpeg_with_gps())}, format="multipart")


def test_an_uploaded_photo_is_cleaned_and_claimed_by_the_report(api, areas):
    response = stage(api)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["media_type"] == "photo"
    staged = ReportAttachment.objects.get()
    assert staged.report is None
    with staged.file.open("rb") as handle:
        assert b"PhoneModel" not in handle.read()
    sent = submit(api, media=[body["token"]])
    assert sent.status_code == 201, sent.content
    assert ReportAttachment.objects.get().report == Report.objects.get()


def test_a_token_cannot_be_used_twice_or_forged(api, areas):
    token = stage(api).json()["token"]
    assert submit(api, media=[token]).status_code == 201
    again = submit(api, media=[token])
    assert again.status_code == 400 and again.json()["code"] == "report_media_expired"
    forged = submit(api, media=[token[:-3] + "abc"])
    assert forged.status_code == 400
    assert Report.objects.count() == 1


def test_a_fake_image_is_refused_at_upload(api, areas):
    response = stage(api, b"<html>not an image</html>")
    assert response.status_code == 400 and response.json()["code"] == "file_type_refused"
    assert not ReportAttachment.objects.exists()


def test_staged_and_direct_files_count_together_against_the_limit(api, areas, settings):
    settings.REPORT_MAX_FILES = 2
    tokens = [stage(api).json()["token"] for _ in range(2)]
    response = submit(api, media=tokens, files=[upload(jpeg_with_gps())])
    assert response.status_code == 400 and response.json()["code"] == "too_many_files"
    assert not Report.objects.exists()
    assert ReportAttachment.objects.filter(report__isnull=True).count() == 2  # still staged, still unclaimed


def test_uploads_are_limited_per_ip(api, areas, settings):
    settings.REPORT_UPLOADS_PER_IP_PER_HOUR = 2
    assert [stage(api).status_code for _ in range(3)] == [201, 201, 429]


def test_unclaimed_uploads_are_swept_with_their_files(api, areas):
    stage(api)
    staged = ReportAttachment.objects.get()
    path = staged.file.path
    assert report_media_sweep() == 0
    assert report_media_sweep(now=timezone.now() + timedelta(hours=7)) == 1
    assert not ReportAttachment.objects.exists()
    import os

    assert not os.path.exists(path)


def test_a_traffic_violation_may_carry_only_staged_media(api, areas):
    token = stage(api).json()["token"]
    response = submit(api, kind="vi-pham-giao-thong", area=areas.tree.unit_b.pk, media=[token])
    assert response.status_code == 201, response.content


def test_an_empty_or_missing_upload_is_a_400_that_says_so(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for data in ({"file": SimpleUploadedFile("anh.jpg", b"", content_type="image/jpeg")}, {}):
        response = api.post("/api/v1/reports/media", data, format="multipart")
        assert response.status_code == 400, response.content
        assert response.json()["code"] == "file_missing"
        assert "Chưa nhận được ảnh hoặc video" in response.json()["message"]
