"""The upstream sync: where dossier results come from, and how the source's fields map to ours (docs/sync.md)."""

from __future__ import annotations

from config.env import env_float, env_int, env_json, env_secret, env_str
from config.settings.base import PRODUCTION, VAR_DIR

# The HTTP feed of the one-stop system (no public API is documented: URL, auth, paging and field names
# are settings; UNVERIFIED defaults follow the national sync payload's field names).
SYNC_HTTP_URL = env_str("SYNC_HTTP_URL", "")
SYNC_HTTP_AUTH_HEADER = env_str("SYNC_HTTP_AUTH_HEADER", "Authorization")
SYNC_HTTP_AUTH_VALUE = env_secret("SYNC_HTTP_AUTH_VALUE", "")  # secret, e.g. "Bearer …"
SYNC_HTTP_PAGE_SIZE = env_int("SYNC_HTTP_PAGE_SIZE", 1000)
SYNC_HTTP_PAGE_SIZE_PARAM = env_str("SYNC_HTTP_PAGE_SIZE_PARAM", "limit")
SYNC_HTTP_CURSOR_PARAM = env_str("SYNC_HTTP_CURSOR_PARAM", "cursor")
SYNC_HTTP_ITEMS_KEY = env_str("SYNC_HTTP_ITEMS_KEY", "data")
SYNC_HTTP_NEXT_KEY = env_str("SYNC_HTTP_NEXT_KEY", "next_cursor")
SYNC_HTTP_CONNECT_TIMEOUT = env_float("SYNC_HTTP_CONNECT_TIMEOUT", 5.0)
SYNC_HTTP_READ_TIMEOUT = env_float("SYNC_HTTP_READ_TIMEOUT", 30.0)
SYNC_HTTP_RETRIES = env_int("SYNC_HTTP_RETRIES", 3)
SYNC_HTTP_RETRY_SECONDS = env_float("SYNC_HTTP_RETRY_SECONDS", 2.0)
# Our field ← the source's field (national payload names; UNVERIFIED for the BCA system).
SYNC_FIELD_MAP = env_json(
    "SYNC_FIELD_MAP",
    {
        "code": "MaHoSo",
        "procedure_code": "MaTTHC",
        "unit_code": "MaDonVi",
        "status": "TrangThaiHoSo",
        "received_at": "NgayTiepNhan",
        "appointment_date": "NgayHenTra",
        "finished_at": "NgayKetThucXuLy",
        "returned_at": "NgayTra",
        "rejected_at": "NgayTuChoi",
        "reason": "LyDo",
        "supplement_deadline": "HanBoSung",
        "collect_location": "NoiNhanKetQua",
        "collect_note": "ThoiGianNhanKetQua",
        "fee_due": "LePhi",
        "applicant_name": "ChuHoSo",
        "applicant_id_number": "SoGiayToChuHoSo",
        "applicant_phone": "SoDienThoai",
        "channel": "KenhThucHien",
        "delivery": "HinhThucNhanKetQua",
        "updated_at": "NgayCapNhat",
    },
)
# Our field ← the column heading of a CSV/XLSX export (headings compared without accents and case).
SYNC_COLUMN_MAP = env_json(
    "SYNC_COLUMN_MAP",
    {
        "code": "Mã hồ sơ",
        "procedure_code": "Mã thủ tục",
        "unit_code": "Mã đơn vị",
        "status": "Trạng thái",
        "received_at": "Ngày tiếp nhận",
        "appointment_date": "Ngày hẹn trả",
        "finished_at": "Ngày xử lý xong",
        "returned_at": "Ngày trả kết quả",
        "rejected_at": "Ngày từ chối",
        "reason": "Lý do",
        "supplement_deadline": "Hạn bổ sung",
        "collect_location": "Nơi nhận kết quả",
        "collect_note": "Thời gian nhận kết quả",
        "fee_due": "Lệ phí",
        "applicant_name": "Chủ hồ sơ",
        "applicant_id_number": "Số giấy tờ",
        "applicant_phone": "Số điện thoại",
        "channel": "Kênh nộp",
        "delivery": "Cách nhận kết quả",
        "updated_at": "Ngày cập nhật",
    },
)
# The source's channel value → ours (UNVERIFIED codes: 1 trực tiếp, 2 trực tuyến, 3 bưu chính).
SYNC_CHANNEL_MAP = env_json(
    "SYNC_CHANNEL_MAP",
    {
        "1": "truc_tiep",
        "2": "truc_tuyen",
        "3": "buu_chinh",
        "Trực tiếp": "truc_tiep",
        "Trực tuyến": "truc_tuyen",
        "Bưu chính": "buu_chinh",
    },
)
# The source's "how the result is returned" value → counter / post / electronic (UNVERIFIED codes; our own values
# and the Vietnamese labels are always understood, compared in lower case). A blank or missing column: counter.
SYNC_DELIVERY_MAP = env_json(
    "SYNC_DELIVERY_MAP",
    {
        "1": "counter",
        "2": "post",
        "3": "electronic",
        "Trực tiếp": "counter",
        "Tại nơi nộp hồ sơ": "counter",
        "Nhận tại nơi nộp hồ sơ": "counter",
        "Bưu chính": "post",
        "Qua bưu chính": "post",
        "Gửi qua bưu chính": "post",
        "Điện tử": "electronic",
        "Trực tuyến": "electronic",
        "VNeID": "electronic",
        "Bản điện tử, cập nhật trên VNeID": "electronic",
    },
)
SYNC_CHUNK_SIZE = env_int("SYNC_CHUNK_SIZE", 5000)
# Processes that validate a run's chunks beside the one that reads the source (sync/services.py, docs/sync.md
# "Tốc độ"); 0 validates in the reading process. Used on PostgreSQL from a run's second chunk on.
SYNC_VALIDATE_PROCESSES = env_int("SYNC_VALIDATE_PROCESSES", 2)
# PostgreSQL's work_mem for a chunk's upsert (its transaction only): the written rows kept for the set-wise
# foreign-key checks must not spill to disk (≈ 3 MB per 5,000 dossiers; raise with SYNC_CHUNK_SIZE).
SYNC_WORK_MEM = env_str("SYNC_WORK_MEM", "32MB")
SYNC_MAX_RECORD_BYTES = env_int("SYNC_MAX_RECORD_BYTES", 65536)
SYNC_MAX_FILE_BYTES = env_int("SYNC_MAX_FILE_BYTES", 50 * 1024 * 1024)
SYNC_NOTIFY_MAX_AGE_HOURS = env_int("SYNC_NOTIFY_MAX_AGE_HOURS", 72)
SYNC_LOCK_SECONDS = env_int("SYNC_LOCK_SECONDS", 900)
# Records pushed by an inside system (sync/push.py): how far the signed timestamp may be from our clock.
SYNC_PUSH_WINDOW_SECONDS = env_int("SYNC_PUSH_WINDOW_SECONDS", 300)
SYNC_DROP_DIR = env_str("SYNC_DROP_DIR", "" if PRODUCTION else str(VAR_DIR / "sync-drop"))
# Lookup on demand (sync/ondemand.py, docs/sync.md "Tra cứu theo yêu cầu"): a citizen's lookup of a code we do
# not hold asks the sources that have a lookup URL, within this many seconds in all. Every "not found" answer
# takes at least this long while such a source exists, so the answer's timing does not tell which codes we hold.
SYNC_LOOKUP_TIMEOUT_SECONDS = env_float("SYNC_LOOKUP_TIMEOUT_SECONDS", 3.0)
# Remote fetches of one code (found or not) per window; the lookup's own limits are counted first.
SYNC_LOOKUP_REMOTE_PER_CODE = env_int("SYNC_LOOKUP_REMOTE_PER_CODE", 1)
SYNC_LOOKUP_REMOTE_WINDOW_SECONDS = env_int("SYNC_LOOKUP_REMOTE_WINDOW_SECONDS", 300)
# Circuit breaker per source: after this many failures in a row, the source is not asked for this long.
SYNC_LOOKUP_BREAKER_FAILURES = env_int("SYNC_LOOKUP_BREAKER_FAILURES", 5)
SYNC_LOOKUP_BREAKER_SECONDS = env_int("SYNC_LOOKUP_BREAKER_SECONDS", 120)
