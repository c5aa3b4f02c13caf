"""Photos and videos sent with a report: the type is read from the content, never from the name or the
browser's Content-Type; photos are decoded and re-encoded so nothing but pixels survives (EXIF, GPS,
XMP, comments and any trailing bytes are dropped, orientation applied first, as FixMyStreet does).

Videos are kept as sent after a magic-bytes check (MP4 / MOV / 3GP / WebM): stripping their metadata
needs a transcoder we do not ship; they are only ever opened by officers (docs/reports.md).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from common.errors import ApplicationError, ErrorCode

FILE_TOO_LARGE = ErrorCode("file_too_large", "Tệp quá lớn.", 413)
FILE_TYPE_REFUSED = ErrorCode(
    "file_type_refused",
    "Chỉ nhận ảnh (JPEG, PNG, WebP) hoặc video (MP4, MOV, 3GP, WebM). Tệp này không phải ảnh hay video hợp lệ.",
    400,
)
TOO_MANY_FILES = ErrorCode("too_many_files", "Gửi quá nhiều tệp đính kèm.", 400)

# A decoded photo larger than this many pixels is refused (decompression bombs); 50 MP covers phones.
MAX_PIXELS = 50_000_000
PHOTO_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/jpeg", "jpg")}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"MSNV"}
GP3_BRANDS = {b"3gp4", b"3gp5", b"3gp6", b"3gp7", b"3g2a", b"3g2b", b"3g2c"}


@dataclass(frozen=True)
class CleanMedia:
    media_type: str  # "photo" | "video"
    content: bytes
    content_type: str
    extension: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def video_kind(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) for an MP4 / MOV / 3GP / WebM header, else None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return "video/quicktime", "mov"
        if brand in GP3_BRANDS:
            return "video/3gpp", "3gp"
        if brand in MP4_BRANDS:
            return "video/mp4", "mp4"
        return None
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]:
        return "video/webm", "webm"
    return None


def _photo(raw: bytes, name: str) -> CleanMedia:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format not in PHOTO_FORMATS or probe.width * probe.height > MAX_PIXELS:
                    raise ApplicationError(
                        FILE_TYPE_REFUSED, fields={"files": [f"{name}: {FILE_TYPE_REFUSED.message}"]}
                    )
                probe.verify()  # structure and checksums; the image must be reopened afterwards
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                source_format = image.format
                oriented = ImageOps.exif_transpose(image)
    except ApplicationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ApplicationError(FILE_TYPE_REFUSED, fields={"files": [f"{name}: {FILE_TYPE_REFUSED.message}"]}) from exc
    content_type, extension = PHOTO_FORMATS[source_format or ""]
    out = io.BytesIO()
    if extension == "png":
        if oriented.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            oriented = oriented.convert("RGBA")
        oriented.save(out, format="PNG", optimize=True)  # a new file: no text chunks, no eXIf
    else:
        if oriented.mode != "RGB":
            oriented = oriented.convert("RGB")
        oriented.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: none written
    return CleanMedia("photo", out.getvalue(), content_type, extension)


def media_clean(upload: UploadedFile, *, index: int) -> CleanMedia:
    """Read one uploaded file and return it cleaned, or raise a 4xx ApplicationError in Vietnamese."""
    name = f"Tệp thứ {index + 1}"
    size = upload.size or 0
    if size > max(settings.REPORT_MAX_PHOTO_BYTES, settings.REPORT_MAX_VIDEO_BYTES):
        raise ApplicationError(
            FILE_TOO_LARGE, message=f"{name} quá lớn ({_mb(size)}).", fields={"files": [f"{name} quá lớn."]}
        )
    upload.seek(0)
    raw = upload.read()
    video = video_kind(raw[:64])
    if video is not None:
        if len(raw) > settings.REPORT_MAX_VIDEO_BYTES:
            message = f"{name}: video tối đa {_mb(settings.REPORT_MAX_VIDEO_BYTES)}."
            raise ApplicationError(FILE_TOO_LARGE, message=message, fields={"files": [message]})
        return CleanMedia("video", raw, video[0], video[1])
    if len(raw) > settings.REPORT_MAX_PHOTO_BYTES:
        message = f"{name}: ảnh tối đa {_mb(settings.REPORT_MAX_PHOTO_BYTES)}."
        raise ApplicationError(FILE_TOO_LARGE, message=message, fields={"files": [message]})
    return _photo(raw, name)


def media_clean_all(uploads: list[UploadedFile]) -> list[CleanMedia]:
    if len(uploads) > settings.REPORT_MAX_FILES:
        message = f"Gửi tối đa {settings.REPORT_MAX_FILES} ảnh/video cho một tin báo."
        raise ApplicationError(TOO_MANY_FILES, message=message, fields={"files": [message]})
    total = sum(upload.size or 0 for upload in uploads)
    if total > settings.REPORT_MAX_TOTAL_BYTES:
        message = f"Tổng dung lượng ảnh/video tối đa {_mb(settings.REPORT_MAX_TOTAL_BYTES)}."
        raise ApplicationError(FILE_TOO_LARGE, message=message, fields={"files": [message]})
    return [media_clean(upload, index=index) for index, upload in enumerate(uploads)]
