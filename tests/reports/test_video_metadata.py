"""A video is stored without what the phone wrote into it: ffmpeg remuxes it into the same container with no
metadata (reports/media.py). A video ffmpeg cannot read, or any video while ffmpeg is missing, is refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ops.selectors import system_status
from reports.models import Report, ReportAttachment
from tests.reports.conftest import VIDEO_METADATA, ffprobe_tags, mp4_bytes, submit, upload, video_with_metadata

MEDIA_URL = "/api/v1/reports/media"


def _stored() -> bytes:
    attachment = ReportAttachment.objects.get()
    with attachment.file.open("rb") as handle:
        return handle.read()


def test_the_test_video_really_carries_a_location_title_and_date():
    probed = json.dumps(ffprobe_tags(video_with_metadata()))
    assert all(value[:16] in probed for value in VIDEO_METADATA.values())
    assert "PhoneModel X camera" in probed


@pytest.mark.parametrize("container, content_type", [("mp4", "video/mp4"), ("mov", "video/quicktime")])
def test_a_submitted_video_is_stored_without_its_metadata_in_its_own_container(api, areas, container, content_type):
    response = submit(api, files=[upload(video_with_metadata(container), f"clip.{container}", content_type)])
    assert response.status_code == 201, response.content
    stored = _stored()
    probed = ffprobe_tags(stored)
    assert container in probed["format"]["format_name"]
    assert ReportAttachment.objects.get().content_type == content_type
    tags = [probed["format"].get("tags", {}), *(stream.get("tags", {}) for stream in probed["streams"])]
    assert not any(key in found for found in tags for key in ("location", "title", "creation_time", "encoder"))
    assert probed.get("chapters", []) == []
    assert b"+21.0285" not in stored and b"PhoneModel" not in stored and b"2026-11-20" not in stored
    assert len(probed["streams"]) == 2  # the picture and the sound are kept


def test_a_staged_video_is_stored_without_its_metadata(api, areas):
    response = api.post(MEDIA_URL, {"file": upload(video_with_metadata(), "clip.mp4", "video/mp4")}, format="multipart")
    assert response.status_code == 201, response.content
    assert b"+21.0285" not in _stored()


def test_a_video_ffmpeg_cannot_read_is_refused_in_vietnamese(api, areas):
    response = submit(api, files=[upload(mp4_bytes(), "clip.mp4", "video/mp4")])  # the right header, then zeros
    assert response.status_code == 400
    assert response.json()["code"] == "video_unreadable"
    assert "Không đọc được video" in response.json()["message"]
    assert Report.objects.count() == 0 and ReportAttachment.objects.count() == 0


def test_without_ffmpeg_no_video_is_taken_and_readyz_says_so(api, areas, client, monkeypatch):
    monkeypatch.setattr("reports.media.ffmpeg_path", lambda: None)
    response = submit(api, files=[upload(video_with_metadata(), "clip.mp4", "video/mp4")])
    assert response.status_code == 503
    assert response.json()["code"] == "video_unavailable"
    assert Report.objects.count() == 0 and ReportAttachment.objects.count() == 0
    staged = api.post(MEDIA_URL, {"file": upload(video_with_metadata(), "clip.mp4", "video/mp4")}, format="multipart")
    assert staged.status_code == 503
    warnings = client.get("/readyz").json()["warnings"]
    assert any(warning.startswith("video:") for warning in warnings)
    line = next(line for line in system_status(inspect_workers=False) if "ffmpeg" in line.name)
    assert not line.ok and "từ chối" in line.detail


def test_the_image_and_ci_install_ffmpeg():
    root = Path(__file__).resolve().parents[2]
    runtime_stage = (root / "Dockerfile").read_text().split("FROM ")[-1]
    assert re.search(r"apt-get install[^\n]*\bffmpeg\b", runtime_stage)
    assert "need+=(ffmpeg)" in (root / ".ci" / "run").read_text()
