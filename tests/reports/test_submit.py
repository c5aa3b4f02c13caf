"""Submitting a report: each kind's fields, the 4xx answers, photos cleaned, identity kept or not kept."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from citizens.models import Citizen
from common.crypto import decrypt_text
from reports.models import EventType, LocationSource, Report, ReportAttachment, ReportStatus
from tests.reports.conftest import URL, jpeg_with_gps, mp4_bytes, png_bytes, submit, upload, video_with_metadata

pytestmark = pytest.mark.django_db


def test_the_form_gives_the_kinds_the_emergency_notice_and_who_sees_the_identity(api, areas):
    body = api.get("/api/v1/reports/form").json()
    assert body["emergency"]["number"] == "113"
    assert "khẩn cấp" in body["emergency"]["text"] and "gọi ngay 113" in body["emergency"]["text"]
    assert "KHÔNG lưu tài khoản Zalo" in body["anonymity"]["anonymous"]
    assert "chỉ cán bộ của đơn vị" in body["anonymity"]["named"]
    kinds = {kind["code"]: kind for kind in body["kinds"]}
    assert set(kinds) == {"to-giac-toi-pham", "phan-anh-kien-nghi", "vi-pham-giao-thong", "to-cao", "khieu-nai", "khac"}
    assert kinds["to-giac-toi-pham"]["clock_amount"] == 20 and kinds["to-giac-toi-pham"]["clock_unit"] == "calendar"
    assert kinds["vi-pham-giao-thong"]["requires_media"] and kinds["vi-pham-giao-thong"]["asks_vehicle_plate"]
    assert body["limits"]["max_files"] == 5


def test_the_areas_to_choose_from_are_the_units_with_a_reporting_area(api, areas):
    names = [row["name"] for row in api.get("/api/v1/reports/areas").json()["results"]]
    # The provincial police receives what no commune covers, but it is not a "xã/phường" to choose.
    assert names == ["Công an phường Đồng Tâm", "Công an xã Đức Hạnh"]


def test_an_anonymous_crime_tip_with_a_photo_gets_a_typable_code_and_a_secret(api, areas):
    response = submit(api, files=[upload(jpeg_with_gps())], area=areas.tree.unit_a.pk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert re.fullmatch(r"PA-[A-HJKMNP-Z2-9]{8}", body["code"])
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{10}", body["secret"])
    report = Report.objects.get(code=body["code"])
    assert report.status == ReportStatus.RECEIVED and report.unit == areas.tree.unit_a
    assert body["secret"] not in report.secret_hash and len(report.secret_hash) == 64
    assert report.attachments.count() == 1
    assert report.events.get().type == EventType.RECEIVED


def test_two_reports_never_get_sequential_codes(api, areas):
    codes = [submit(api).json()["code"] for _ in range(3)]
    assert len(set(codes)) == 3
    assert sorted(codes) != codes or sorted(codes, reverse=True) != codes  # not a counter


def test_an_anonymous_report_from_a_signed_in_citizen_stores_no_identity(citizen_api, citizen, areas):
    response = submit(citizen_api, contact_name="Nguyễn Văn An", contact_phone="0912345678", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.is_anonymous
    assert report.citizen_id is None
    assert report.contact_name_encrypted == "" and report.contact_phone_encrypted == ""
    assert report.submitted_ip is None
    assert citizen_api.get("/api/v1/me/reports/").json()["count"] == 0


def test_a_named_report_keeps_the_contact_encrypted_and_shows_in_my_reports(citizen_api, citizen, areas):
    response = submit(citizen_api, is_anonymous="false", contact_name="Nguyễn Văn An", contact_phone="0912345678")
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.citizen == citizen and not report.is_anonymous
    assert "0912345678" not in report.contact_phone_encrypted
    assert decrypt_text(report.contact_phone_encrypted) == "0912345678"
    assert decrypt_text(report.contact_name_encrypted) == "Nguyễn Văn An"
    mine = citizen_api.get("/api/v1/me/reports/").json()
    assert [row["code"] for row in mine["results"]] == [report.code]
    detail = citizen_api.get(f"/api/v1/me/reports/{report.code}").json()
    assert detail["status"] == "received"


def test_another_citizen_cannot_open_my_report(citizen_api, areas):
    from tests.dossiers.conftest import citizen_client

    code = submit(citizen_api, is_anonymous="false").json()["code"]
    other = citizen_client(Citizen.objects.create(zalo_user_id="6002"))
    assert other.get(f"/api/v1/me/reports/{code}").status_code == 404


def test_stored_photos_carry_no_exif_or_gps(api, areas, settings):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo really has GPS
    response = submit(api, files=[upload(original), upload(png_bytes(), "b.png", "image/png")])
    assert response.status_code == 201, response.content
    jpeg, png = ReportAttachment.objects.order_by("id")
    with jpeg.file.open("rb") as handle:
        data = handle.read()
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert b"Exif" not in data and b"PhoneModel" not in data
    assert jpeg.content_type == "image/jpeg" and jpeg.size == len(data)
    with png.file.open("rb") as handle:
        assert Image.open(handle).format == "PNG"
    # Private storage, outside MEDIA_ROOT, and no URL at all.
    assert str(settings.PRIVATE_MEDIA_ROOT) in jpeg.file.path
    with pytest.raises(NotImplementedError):
        jpeg.file.url  # noqa: B018


def test_a_video_is_recognised_by_its_content_not_its_name(api, areas):
    response = submit(api, files=[upload(video_with_metadata(), "clip.bin", "application/octet-stream")])
    assert response.status_code == 201, response.content
    attachment = ReportAttachment.objects.get()
    assert attachment.media_type == "video" and attachment.content_type == "video/mp4"


@pytest.mark.parametrize(
    "content, name",
    [
        (b"<?php system($_GET['c']); ?>", "anh.jpg"),  # a script named like a photo
        (b"MZ\x90\x00" + b"\x00" * 200, "clip.mp4"),  # a program named like a video
        (jpeg_with_gps()[:200], "cut.jpg"),  # a truncated photo
        (b"GIF89a" + b"\x00" * 50, "a.gif"),  # not a format we take
    ],
)
def test_a_file_that_is_not_a_real_photo_or_video_is_refused(api, areas, content, name):
    response = submit(api, files=[upload(content, name)])
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "file_type_refused"
    assert Report.objects.count() == 0


def test_an_oversized_photo_is_refused_with_413(api, areas, settings):
    settings.REPORT_MAX_PHOTO_BYTES = 1000
    response = submit(api, files=[upload(jpeg_with_gps(size=(400, 400), colour="blue"))])
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    assert "ảnh tối đa" in response.json()["message"]


def test_too_many_files_or_too_many_bytes_in_total_are_refused(api, areas, settings):
    settings.REPORT_MAX_FILES = 2
    response = submit(api, files=[upload(jpeg_with_gps()) for _ in range(3)])
    assert response.status_code == 400 and response.json()["code"] == "too_many_files"
    settings.REPORT_MAX_FILES = 5
    settings.REPORT_MAX_TOTAL_BYTES = 3000
    response = submit(api, files=[upload(mp4_bytes(2000)), upload(mp4_bytes(2000))])
    assert response.status_code == 413
    assert Report.objects.count() == 0


def test_a_body_larger_than_the_limits_is_refused_before_it_is_read(api, areas, settings, monkeypatch):
    settings.REPORT_MAX_TOTAL_BYTES = 1000
    monkeypatch.setattr("reports.apis.media_clean_all", lambda files: pytest.fail("body was parsed"))
    response = submit(api, files=[upload(mp4_bytes(100_000))])
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


@pytest.mark.parametrize("missing", ["kind", "description", "is_anonymous"])
def test_a_missing_field_is_a_400_naming_it(api, areas, missing):
    response = submit(api, **{missing: None})
    assert response.status_code == 400
    assert missing in response.json()["fields"]


@pytest.mark.parametrize(
    "fields, named",
    [
        ({"description": "ngắn"}, "description"),
        ({"kind": "khong-co"}, "kind"),
        ({"is_anonymous": ""}, "is_anonymous"),
        ({"occurred_at": (timezone.now() + timedelta(days=2)).isoformat()}, "occurred_at"),
        ({"area": "999999"}, "area"),
        ({"vehicle_plate": "<script>"}, "vehicle_plate"),
        ({"location_token": "fake-location-21,105"}, "location_token"),  # without the Zalo access token
    ],
)
def test_invalid_values_are_400s_with_vietnamese_messages(api, areas, fields, named):
    response = submit(api, **fields)
    assert response.status_code == 400, response.content
    assert named in response.json()["fields"]


def test_nul_bytes_in_a_field_are_a_400(api, areas):
    response = submit(api, description="Có người đánh bạc\x00 ở đầu ngõ 12 tối nay")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_characters"
    assert "ký tự không hợp lệ" in response.json()["message"]


def test_a_malformed_multipart_body_is_a_400_in_vietnamese(api, areas):
    response = api.generic(
        "POST", URL, b"--xyz\r\nContent-Disposition: form-data\r\n\r\n", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert "multipart" in response.json()["message"]


def test_a_json_body_is_refused_with_415(api, areas):
    response = api.post(URL, {"kind": "khac", "description": "x" * 20, "is_anonymous": True}, format="json")
    assert response.status_code == 415


def test_a_traffic_violation_needs_a_photo_or_video_and_a_place(api, areas):
    traffic = {"kind": "vi-pham-giao-thong", "vehicle_plate": "29a-123.45"}
    no_media = submit(api, area=areas.tree.unit_b.pk, **traffic)
    assert no_media.status_code == 400 and no_media.json()["code"] == "report_media_required"
    no_place = submit(api, files=[upload(jpeg_with_gps())], **traffic)
    assert no_place.status_code == 400 and no_place.json()["code"] == "report_location_required"
    ok = submit(api, files=[upload(jpeg_with_gps())], area=areas.tree.unit_b.pk, **traffic)
    assert ok.status_code == 201, ok.content
    report = Report.objects.get()
    assert report.vehicle_plate == "29A-123.45" and report.unit == areas.tree.unit_b
    assert report.location_source == LocationSource.AREA


def test_a_kind_ignores_fields_it_does_not_ask_for(api, areas):
    response = submit(api, kind="to-giac-toi-pham", vehicle_plate="29A-12345")
    assert response.status_code == 201
    assert Report.objects.get().vehicle_plate == ""


def test_the_location_token_is_exchanged_with_zalo_on_the_server(api, areas, fake_zalo):
    response = submit(api, zalo_access_token="fake-citizen-1", location_token="fake-location-21.01,105.81")
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert (str(report.latitude), str(report.longitude)) == ("21.010000", "105.810000")
    assert report.location_source == LocationSource.ZALO and report.unit == areas.tree.unit_a
    sent = fake_zalo.requests("phone")[0]["headers"]
    assert sent["code"] == "fake-location-21.01,105.81" and sent["secret-key"]


def test_a_location_token_zalo_refuses_is_a_400(api, areas, fake_zalo):
    response = submit(api, zalo_access_token="fake-citizen-1", location_token="not-a-location")
    assert response.status_code == 400 and response.json()["code"] == "report_location_failed"
    assert Report.objects.count() == 0


def test_my_reports_cost_a_fixed_number_of_queries(citizen_api, citizen, areas, django_assert_max_num_queries):
    for _ in range(4):
        assert submit(citizen_api, is_anonymous="false").status_code == 201
    with django_assert_max_num_queries(4):  # citizen, count, page, events
        body = citizen_api.get("/api/v1/me/reports/").json()
    assert body["count"] == 4


KIND_MINIMUMS = {
    "to-giac-toi-pham": {},
    "phan-anh-kien-nghi": {},
    "khac": {},
    "vi-pham-giao-thong": {"address": "Ngã tư Kim Đồng"},  # plus a photo, below
}


@pytest.mark.parametrize("kind", sorted(KIND_MINIMUMS))
def test_each_kind_takes_its_minimum_and_refuses_less(api, areas, kind):
    files = [upload(jpeg_with_gps())] if kind == "vi-pham-giao-thong" else None
    ok = submit(api, kind=kind, files=files, **KIND_MINIMUMS[kind])
    assert ok.status_code == 201, ok.content
    report = Report.objects.get(code=ok.json()["code"])
    assert report.kind.code == kind and report.due_date is not None
    too_short = submit(api, kind=kind, files=files, description="ngắn quá", **KIND_MINIMUMS[kind])
    assert too_short.status_code == 400 and "description" in too_short.json()["fields"]
    if kind == "vi-pham-giao-thong":
        assert submit(api, kind=kind, files=files).status_code == 400  # no place
        assert submit(api, kind=kind, **KIND_MINIMUMS[kind]).status_code == 400  # no photo or video


def test_a_kind_closed_to_anonymous_reports_refuses_them(api, areas):
    from reports.models import ReportKind

    ReportKind.objects.filter(code="khac").update(allows_anonymous=False)
    response = submit(api, kind="khac")
    assert response.status_code == 400 and response.json()["code"] == "report_anonymous_not_allowed"
    ReportKind.objects.filter(code="khac").update(active=False)
    assert submit(api, kind="khac", is_anonymous="false").json()["code"] == "report_kind_invalid"


def test_a_time_in_the_future_is_refused_with_its_own_code(api, areas):
    later = (timezone.now() + timedelta(days=1)).isoformat()
    response = submit(api, occurred_at=later)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "report_occurred_in_future"
    assert response.json()["fields"]["occurred_at"] == ["Thời gian xảy ra không thể ở tương lai."]
