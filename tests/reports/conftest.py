"""Cast for report tests: the unit tree of tests/conftest.py with reporting areas, photos with EXIF and
GPS, and a multipart submit helper.

Areas: unit_a (Phường Đồng Tâm) covers 3 km around 21.000, 105.800 and the old "Xã Tân Lập";
unit_b (Xã Đức Hạnh) covers 5 km around 21.100, 105.900; the province is the reception unit.
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from citizens.models import Citizen
from reports.models import Coverage
from tests.dossiers.conftest import citizen_client
from tests.zalo.conftest import fake_zalo  # noqa: F401 - the fake Zalo over real HTTP

URL = "/api/v1/reports/"
TRACK_URL = "/api/v1/reports/track"
# Exact decimal degrees the GPS block below encodes: 21°01'30" N, 105°48'36" E.
GPS = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 48.0, 36.0)}


@pytest.fixture(autouse=True)
def _kinds(db):
    """Transactional tests flush what the data migration loaded: put the shipped kinds back."""
    from reports.demo import report_kinds_ensure

    report_kinds_ensure()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "public"
    yield


@pytest.fixture
def areas(tree) -> SimpleNamespace:
    for unit, lat, lng in ((tree.unit_a, "21.000000", "105.800000"), (tree.unit_b, "21.100000", "105.900000")):
        unit.latitude, unit.longitude = Decimal(lat), Decimal(lng)
        unit.save()
    a = Coverage.objects.create(unit=tree.unit_a, radius_km=Decimal("3"), area_names="Phường Đồng Tâm\nXã Tân Lập")
    b = Coverage.objects.create(unit=tree.unit_b, radius_km=Decimal("5"), area_names="Xã Đức Hạnh")
    reception = Coverage.objects.create(unit=tree.province, is_reception=True)
    return SimpleNamespace(a=a, b=b, reception=reception, tree=tree)


def jpeg_with_gps(*, size: tuple[int, int] = (64, 48), colour: str = "red") -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel X"  # Model
    exif[0x0132] = "2026:11:20 10:00:00"  # DateTime
    exif.get_ifd(0x8825).update(GPS)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 128, 255, 128)).save(out, format="PNG")
    return out.getvalue()


def mp4_bytes(size: int = 2048) -> bytes:
    header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    return header + b"\x00" * (size - len(header))


# What a phone writes into a video: where, when, what. ffprobe shows these in the source file (checked).
VIDEO_METADATA = {"location": "+21.0285+105.8542/", "title": "x", "creation_time": "2026-11-20T10:00:00Z"}


@functools.cache
def video_with_metadata(container: str = "mp4") -> bytes:
    """A real one-second video (mpeg4 + AAC) made by ffmpeg, with a GPS location, title and date, a named
    stream handler and a chapter."""
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / f"clip.{container}"
        tags = [arg for key, value in VIDEO_METADATA.items() for arg in ("-metadata", f"{key}={value}")]
        subprocess.run(
            ["ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x48:rate=5",
             "-f", "lavfi", "-i", "sine=duration=1", "-c:v", "mpeg4", "-c:a", "aac", "-shortest", *tags,
             "-metadata:s:v:0", "handler_name=PhoneModel X camera", "-f", container, str(target)],
            check=True, timeout=60,
        )  # fmt: skip
        return target.read_bytes()


def ffprobe_tags(content: bytes) -> dict[str, Any]:
    """The container's format name and every tag ffprobe finds (format, streams, chapters)."""
    with tempfile.NamedTemporaryFile() as handle:
        handle.write(content)
        handle.flush()
        result = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=format_name:format_tags:stream_tags:chapters",
             "-of", "json", handle.name],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
    return json.loads(result.stdout)


def upload(content: bytes, name: str = "anh.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def submit(api: Any, *, files: list[SimpleUploadedFile] | None = None, **fields: Any):  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {
        "kind": "to-giac-toi-pham",
        "description": "Có nhóm người tụ tập đánh bạc ở quán nước đầu ngõ 12 vào buổi tối.",
        "is_anonymous": "true",
        **fields,
    }
    extra = {key: data.pop(key) for key in list(data) if key.isupper()}  # REMOTE_ADDR, HTTP_X_DEVICE_ID
    data = {key: value for key, value in data.items() if value is not None}
    if files:
        data["files"] = files
    return api.post(URL, data, format="multipart", **extra)


@pytest.fixture
def citizen(db) -> Citizen:
    return Citizen.objects.create(zalo_user_id="6001", display_name="An")


@pytest.fixture
def citizen_api(citizen):  # type: ignore[no-untyped-def]
    return citizen_client(citizen)


def make_report(unit, *, kind: str = "to-giac-toi-pham", citizen: Citizen | None = None, files=None, **extra):  # type: ignore[no-untyped-def]
    """A report received through the real service, routed to `unit` by choosing it as the commune."""
    from reports import submission
    from reports.media import media_clean_all
    from reports.models import ReportKind

    return submission.report_submit(
        kind=ReportKind.objects.get(code=kind),
        description=extra.pop("description", "Có người lạ thường xuyên đột nhập kho hàng vào ban đêm."),
        files=media_clean_all(files or []),
        is_anonymous=citizen is None,
        citizen=citizen,
        client_ip="198.51.100.7",
        area=unit,
        **extra,
    )


@pytest.fixture
def reports(areas, citizen) -> SimpleNamespace:
    a = make_report(areas.tree.unit_a, files=[upload(jpeg_with_gps())])
    a_child = make_report(areas.tree.unit_a_child)
    b = make_report(areas.tree.unit_b, citizen=citizen, files=[upload(jpeg_with_gps(colour="green"))])
    return SimpleNamespace(a=a.report, a_child=a_child.report, b=b.report, b_secret=b.secret, a_secret=a.secret)
