"""Photos and videos sent with a report: the type is read from the content, never from the name or the
browser's Content-Type; photos are decoded and re-encoded so nothing but pixels survives (EXIF, GPS,
XMP, comments and any trailing bytes are dropped, orientation applied first, as FixMyStreet does).

Videos (MP4 / MOV / 3GP / WebM, recognised by their magic bytes) are remuxed by ffmpeg into the same
container without any metadata: no title, date, device or GPS atom, no chapters, no data or subtitle tracks
(iPhones keep their location in a timed metadata track), only the video and audio streams copied as they are.
A video ffmpeg cannot read is refused; without ffmpeg no video is taken at all, rather than one stored with
its metadata (docs/reports.md, "What the server keeps").
"""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

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
VIDEO_UNREADABLE = ErrorCode(
    "video_unreadable",
    "Không đọc được video này để xóa thông tin đi kèm (vị trí, thiết bị, thời gian quay) trước khi lưu. "
    "Vui lòng chọn video khác hoặc quay lại bằng ứng dụng máy ảnh của điện thoại.",
    400,
)
VIDEO_UNAVAILABLE = ErrorCode(
    "video_unavailable",
    "Hệ thống tạm thời chưa nhận video vì chưa xóa được thông tin đi kèm trong video. Vui lòng gửi ảnh, "
    "hoặc gửi tin không kèm video rồi thử lại sau.",
    503,
)

logger = logging.getLogger(__name__)

# A decoded photo larger than this many pixels is refused (decompression bombs); 50 MP covers phones.
MAX_PIXELS = 50_000_000
PHOTO_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/jpeg", "jpg")}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"MSNV"}
GP3_BRANDS = {b"3gp4", b"3gp5", b"3gp6", b"3gp7", b"3g2a", b"3g2b", b"3g2c"}
# Extension → (ffmpeg demuxer forced on the input, muxer of the same container for the output). Forcing the
# demuxer the magic bytes named keeps ffmpeg from guessing its way into any other parser.
VIDEO_FORMATS = {"mp4": ("mov", "mp4"), "mov": ("mov", "mov"), "3gp": ("mov", "3gp"), "webm": ("matroska", "webm")}
VIDEO_TIMEOUT_SECONDS = 120  # a stream copy of the largest allowed video takes about a second


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


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def video_cleaning_available() -> bool:
    """False when ffmpeg is missing: videos are then refused (readyz and the status page say so)."""
    return ffmpeg_path() is not None


def _video(raw: bytes, name: str, content_type: str, extension: str) -> CleanMedia:
    binary = ffmpeg_path()
    if binary is None:
        logger.error("ffmpeg not found: videos are refused until it is installed")
        raise ApplicationError(VIDEO_UNAVAILABLE, fields={"files": [f"{name}: {VIDEO_UNAVAILABLE.message}"]})
    demuxer, muxer = VIDEO_FORMATS[extension]
    refused = ApplicationError(VIDEO_UNREADABLE, fields={"files": [f"{name}: {VIDEO_UNREADABLE.message}"]})
    with tempfile.TemporaryDirectory(prefix="pz-video-") as directory:
        source, target = Path(directory) / f"in.{extension}", Path(directory) / f"out.{extension}"
        source.write_bytes(raw)
        # -c copy: nothing is decoded or re-encoded. -map_metadata -1 drops the global tags and the
        # :s:v/:s:a ones each stream's; bitexact keeps ffmpeg from writing its own name and a new date.
        command = [
            binary, "-nostdin", "-hide_banner", "-loglevel", "error",
            "-protocol_whitelist", "file", "-f", demuxer, "-i", str(source),
            "-map", "0:v", "-map", "0:a?", "-dn", "-sn",
            "-map_metadata", "-1", "-map_metadata:s:v", "-1", "-map_metadata:s:a", "-1", "-map_chapters", "-1",
            "-c", "copy", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-f", muxer, "-y", str(target),
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, timeout=VIDEO_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise refused from exc
        if result.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            logger.info(
                "video refused: ffmpeg exit %s: %s", result.returncode, result.stderr[-300:].decode(errors="replace")
            )
            raise refused
        return CleanMedia("video", target.read_bytes(), content_type, extension)


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
        return _video(raw, name, video[0], video[1])
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
