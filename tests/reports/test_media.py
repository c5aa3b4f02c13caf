"""Content sniffing and photo cleaning, without HTTP."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.errors import ApplicationError
from reports.media import media_clean, video_kind


@pytest.mark.parametrize(
    "head, expected",
    [
        (b"\x00\x00\x00\x18ftypmp42", ("video/mp4", "mp4")),
        (b"\x00\x00\x00\x14ftypqt  ", ("video/quicktime", "mov")),
        (b"\x00\x00\x00\x18ftyp3gp4", ("video/3gpp", "3gp")),
        (
            b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm",
            ("video/webm", "webm"),
        ),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01matroska", None),  # Matroska but not WebM
        (b"\x00\x00\x00\x18ftypheic", None),  # an HEIC photo is not a video
        (b"RIFF\x00\x00\x00\x00AVI ", None),
    ],
)
def test_videos_are_recognised_by_their_magic_bytes(head, expected):
    assert video_kind(head) == expected


def test_the_photo_is_turned_upright_before_its_exif_is_dropped():
    image = Image.new("RGB", (64, 32), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    cleaned = media_clean(SimpleUploadedFile("a.jpg", out.getvalue()), index=0)
    stored = Image.open(io.BytesIO(cleaned.content))
    assert stored.size == (32, 64)
    assert dict(stored.getexif()) == {}


def test_a_decompression_bomb_is_refused_from_its_header(settings):
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")  # 64 megapixels in a few kilobytes
    with pytest.raises(ApplicationError) as error:
        media_clean(SimpleUploadedFile("bomb.png", out.getvalue()), index=0)
    assert error.value.code == "file_type_refused"


def test_bytes_after_the_end_of_a_jpeg_do_not_survive():
    image = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(image, format="JPEG")
    smuggled = image.getvalue() + b"<?php echo 'hidden'; ?>"
    cleaned = media_clean(SimpleUploadedFile("a.jpg", smuggled), index=0)
    assert b"hidden" not in cleaned.content
