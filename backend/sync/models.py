"""The upstream sync: where dossier results come from, every run, and every record we refused.

A source is a kind of adapter (HTTP feed, CSV/XLSX files, demo simulator) with its own cursor, schedule
and status mapping. A run reads from the cursor in chunks; each chunk's upsert and the cursor it reached
commit together, so a crashed run resumes where its last chunk ended.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.crypto import decrypt_text, encrypt_text
from dossiers.models import DossierStatus


class SourceKind(models.TextChoices):
    HTTP = "http", "Hệ thống ta gọi sang lấy dữ liệu (HTTP, JSON hoặc XML)"
    PUSH = "push", "Hệ thống kia gửi sang (HTTP có chữ ký)"
    FILE = "file", "Tệp CSV / XLSX xuất từ hệ thống một cửa"
    DEMO = "demo", "Giả lập (dữ liệu mẫu)"


class DataFormat(models.TextChoices):
    JSON = "json", "JSON"
    XML = "xml", "XML"


class AuthKind(models.TextChoices):
    NONE = "none", "Không xác thực"
    API_KEY = "api_key", "Khóa API trong tiêu đề yêu cầu"
    BASIC = "basic", "Tên đăng nhập và mật khẩu"
    OAUTH2 = "oauth2", "OAuth2: mã truy cập do trục tích hợp (của tỉnh hoặc quốc gia) cấp"


class Paging(models.TextChoices):
    CURSOR = "cursor", "Con trỏ do nguồn trả về"
    PAGE = "page", "Số trang và cỡ trang"
    WINDOW = "window", "Khoảng thời gian (từ ngày … đến ngày …), trong đó phân trang"
    NONE = "none", "Một lần gọi trả hết"


class VersionRule(models.TextChoices):
    UPDATED_AT = "updated_at", "Theo thời điểm cập nhật của bản ghi (mới hơn thì ghi)"
    CONTENT = "content", "Theo nội dung (nguồn không có thời điểm cập nhật: khác nội dung thì ghi)"


class SyncSource(models.Model):
    name = models.SlugField("mã nguồn", max_length=40, unique=True)
    title = models.CharField("tên nguồn", max_length=150)
    kind = models.CharField("loại", max_length=10, choices=SourceKind.choices)
    enabled = models.BooleanField("đang bật", default=True)
    interval_minutes = models.PositiveIntegerField(
        "chu kỳ đồng bộ (phút)",
        default=10,
        help_text="Hệ thống tự chạy nguồn này theo chu kỳ; 0 = chỉ chạy khi bấm tay.",
    )
    lag_alert_minutes = models.PositiveIntegerField(
        "cảnh báo khi không đồng bộ được quá (phút)",
        default=60,
        help_text="Quá thời gian này mà chưa có lần đồng bộ thành công thì trang trạng thái báo động.",
    )
    incremental = models.BooleanField(
        "nguồn chỉ gửi thay đổi",
        default=True,
        help_text=(
            "Bật nếu nguồn luôn gửi mọi hồ sơ thay đổi kể từ con trỏ: khi đó một lần đồng bộ thành công xác nhận "
            "trạng thái của mọi hồ sơ của nguồn. Tắt với tệp xuất tay (chỉ xác nhận các hồ sơ có trong tệp)."
        ),
    )
    cursor = models.CharField("con trỏ", max_length=500, blank=True, help_text="Vị trí đã đồng bộ tới trong nguồn.")
    last_success_at = models.DateTimeField("đồng bộ thành công gần nhất", null=True, blank=True)
    last_run_at = models.DateTimeField("chạy gần nhất", null=True, blank=True)
    # --- How to reach the source (HTTP pull) and how a push is checked ---
    url = models.CharField(
        "địa chỉ lấy dữ liệu",
        max_length=500,
        blank=True,
        help_text="Ví dụ địa chỉ dịch vụ danh sách hồ sơ trên trục tích hợp của tỉnh.",
    )
    lookup_url = models.CharField(
        "địa chỉ tra cứu một hồ sơ",
        max_length=500,
        blank=True,
        help_text=(
            "Để trống nếu nguồn không cho tra từng hồ sơ. Có thì khi người dân tra một mã hồ sơ chưa có trong hệ "
            "thống, hệ thống hỏi nguồn đúng mã đó; {code} được thay bằng mã hồ sơ, ví dụ "
            "https://lgsp.example.gov.vn/hoso?MaHoSo={code}. Cùng cách xác thực, ánh xạ trường và đường dẫn tới "
            "bản ghi như trên (câu trả lời có thể là một bản ghi hoặc danh sách)."
        ),
    )
    http_method = models.CharField(
        "cách gửi tham số",
        max_length=4,
        choices=[("GET", "Trên địa chỉ (đọc)"), ("POST", "Trong thân yêu cầu, dạng JSON (gửi)")],
        default="GET",
    )
    data_format = models.CharField("định dạng dữ liệu", max_length=4, choices=DataFormat.choices, default="json")
    extra_params = models.JSONField(
        "tham số cố định",
        default=dict,
        blank=True,
        help_text="Gửi kèm mọi lần gọi; mỗi dòng một tham số, ví dụ madonvi=000.00.18.H12",
    )
    auth_kind = models.CharField("cách xác thực", max_length=10, choices=AuthKind.choices, default=AuthKind.NONE)
    auth_header = models.CharField(
        "tên tiêu đề chứa khóa",
        max_length=100,
        blank=True,
        default="Authorization",
        help_text="Với cách «khóa API trong tiêu đề yêu cầu».",
    )
    auth_username = models.CharField(
        "tên đăng nhập / mã ứng dụng",
        max_length=200,
        blank=True,
        help_text="Tên đăng nhập; với OAuth2 là mã ứng dụng do trục tích hợp cấp.",
    )
    # Encrypted with common.crypto (the field encryption key): the API key, the password or the client secret.
    auth_secret_encrypted = models.TextField("khóa bí mật (đã mã hóa)", blank=True, editable=False)
    token_url = models.CharField("địa chỉ cấp mã truy cập (OAuth2)", max_length=500, blank=True)
    token_scope = models.CharField("phạm vi quyền (OAuth2)", max_length=200, blank=True)
    push_key_encrypted = models.TextField("khóa ký dữ liệu gửi sang (đã mã hóa)", blank=True, editable=False)
    # --- Paging ---
    paging = models.CharField("cách phân trang", max_length=10, choices=Paging.choices, default=Paging.CURSOR)
    page_size = models.PositiveIntegerField("cỡ trang", default=1000)
    page_size_param = models.CharField("tham số cỡ trang", max_length=50, blank=True, default="limit")
    cursor_param = models.CharField("tham số con trỏ", max_length=50, blank=True, default="cursor")
    next_cursor_path = models.CharField(
        "đường dẫn tới con trỏ trang sau", max_length=200, blank=True, default="next_cursor"
    )
    page_param = models.CharField("tham số số trang", max_length=50, blank=True, default="page")
    first_page = models.PositiveSmallIntegerField("trang đầu tiên là", default=1)
    window_from_param = models.CharField("tham số «từ ngày»", max_length=50, blank=True, default="tuNgay")
    window_to_param = models.CharField("tham số «đến ngày»", max_length=50, blank=True, default="denNgay")
    window_format = models.CharField(
        "định dạng ngày trong tham số", max_length=40, blank=True, default="yyyyMMddHHmmss"
    )
    window_overlap_minutes = models.PositiveIntegerField(
        "đọc lùi (phút)",
        default=10,
        help_text="Mỗi lần đọc lại một đoạn trước lần trước, để không sót bản ghi ghi muộn.",
    )
    window_max_hours = models.PositiveIntegerField("mỗi lần gọi tối đa (giờ)", default=24)
    window_start = models.DateTimeField(
        "lần đầu đọc từ", null=True, blank=True, help_text="Để trống: 30 ngày trước lần chạy đầu tiên."
    )
    # --- What the answer looks like ---
    records_path = models.CharField(
        "đường dẫn tới danh sách bản ghi",
        max_length=200,
        blank=True,
        default="data",
        help_text="Ví dụ «KetQua.HoSo»; để trống nếu cả câu trả lời là danh sách.",
    )
    field_map = models.JSONField(
        "ánh xạ trường",
        default=dict,
        blank=True,
        help_text=(
            "Mỗi dòng: trường của hệ thống=đường dẫn trong bản ghi của nguồn. Dấu chấm đi vào đối tượng con "
            "(ChuHoSo.HoTen), [] đi qua từng phần tử của mảng (QuaTrinhXuLy[].TrangThai). Các trường history.* tạo "
            "diễn biến hồ sơ. Xem tài liệu đồng bộ."
        ),
    )
    date_formats = models.CharField(
        "định dạng ngày giờ",
        max_length=200,
        blank=True,
        help_text="Cách nhau bởi dấu phẩy, thử lần lượt, ví dụ dd/MM/yyyy HH:mm:ss. Luôn hiểu thêm ISO 8601, "
        "dd/mm/yyyy và dãy 14 (hoặc 8) chữ số năm tháng ngày giờ phút giây.",
    )
    default_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị mặc định",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Dùng khi bản ghi không có mã đơn vị. Mã đơn vị có trong bản ghi được tra cả mã cũ của đơn vị.",
    )
    version_rule = models.CharField(
        "xác định bản mới", max_length=12, choices=VersionRule.choices, default=VersionRule.UPDATED_AT
    )
    create_placeholders = models.BooleanField(
        "tạo thủ tục tạm khi chưa có",
        default=True,
        help_text="Mã thủ tục chưa có trong hệ thống: tạo thủ tục nháp (tên lấy từ nguồn) để biên tập viên bổ sung, "
        "thay vì cách ly hồ sơ.",
    )
    # The lock that keeps two runs of one source apart (compare-and-set; expires if its holder dies).
    lock_token = models.CharField("mã khóa", max_length=40, blank=True, editable=False)
    locked_until = models.DateTimeField("khóa đến", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "nguồn đồng bộ"
        verbose_name_plural = "nguồn đồng bộ hồ sơ"

    def __str__(self) -> str:
        return self.title

    @property
    def auth_secret(self) -> str:
        return decrypt_text(self.auth_secret_encrypted) if self.auth_secret_encrypted else ""

    @auth_secret.setter
    def auth_secret(self, value: str) -> None:
        self.auth_secret_encrypted = encrypt_text(value) if value else ""

    @property
    def push_key(self) -> str:
        return decrypt_text(self.push_key_encrypted) if self.push_key_encrypted else ""

    @push_key.setter
    def push_key(self, value: str) -> None:
        self.push_key_encrypted = encrypt_text(value) if value else ""

    # Written only by runs (compare-and-set updates): a form or a stale object must not overwrite them.
    RUN_FIELDS = frozenset({"lock_token", "locked_until", "last_success_at", "last_run_at"})

    def save(self, *args, **kwargs):
        if self.pk and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in self.RUN_FIELDS
            ]
        super().save(*args, **kwargs)


class StatusMapping(models.Model):
    """Upstream status value → our national 1–10 status (the BCA system's list is unverified)."""

    source = models.ForeignKey(
        SyncSource, verbose_name="nguồn", on_delete=models.CASCADE, related_name="status_mappings"
    )
    upstream_value = models.CharField("giá trị ở nguồn", max_length=50)
    status = models.PositiveSmallIntegerField("trạng thái của hệ thống", choices=DossierStatus.choices)

    class Meta:
        ordering = ["source", "status", "upstream_value"]
        constraints = [models.UniqueConstraint(fields=["source", "upstream_value"], name="sync_status_mapping_once")]
        verbose_name = "ánh xạ trạng thái"
        verbose_name_plural = "ánh xạ trạng thái"

    def __str__(self) -> str:
        return f"{self.upstream_value} → {self.get_status_display()}"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Đang chạy"
    SUCCEEDED = "succeeded", "Thành công"
    FAILED = "failed", "Lỗi"
    INTERRUPTED = "interrupted", "Bị ngắt (sẽ chạy tiếp từ phần đã lưu)"
    REFUSED = "refused", "Không chạy: nguồn đang được đồng bộ"


class SyncRun(models.Model):
    source = models.ForeignKey(SyncSource, on_delete=models.CASCADE, related_name="runs", verbose_name="nguồn")
    status = models.CharField("kết quả", max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING)
    trigger = models.CharField("khởi chạy bởi", max_length=100, blank=True)
    started_at = models.DateTimeField("bắt đầu", auto_now_add=True, db_index=True)
    heartbeat_at = models.DateTimeField("còn chạy lúc", null=True, blank=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    cursor_from = models.CharField("từ con trỏ", max_length=500, blank=True)
    cursor_to = models.CharField("tới con trỏ", max_length=500, blank=True)
    chunks = models.PositiveIntegerField("số phần đã lưu", default=0)
    fetched = models.PositiveIntegerField("đọc được", default=0)
    created = models.PositiveIntegerField("hồ sơ mới", default=0)
    updated = models.PositiveIntegerField("hồ sơ thay đổi", default=0)
    unchanged = models.PositiveIntegerField("không đổi", default=0)
    quarantined = models.PositiveIntegerField("bị cách ly", default=0)
    events = models.PositiveIntegerField("diễn biến mới", default=0)
    notifications = models.PositiveIntegerField("thông báo tạo ra", default=0)
    error = models.TextField("lỗi", blank=True)
    file = models.ForeignKey(
        "SyncFile", on_delete=models.SET_NULL, null=True, blank=True, related_name="runs", verbose_name="tệp"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "lần đồng bộ"
        verbose_name_plural = "lần đồng bộ"

    def __str__(self) -> str:
        return f"{self.source} #{self.pk} ({self.get_status_display()})"

    @property
    def duration_seconds(self) -> float | None:
        end = self.finished_at or self.heartbeat_at
        return (end - self.started_at).total_seconds() if end else None


class QuarantineReason(models.TextChoices):
    MISSING = "missing", "Thiếu trường bắt buộc"
    STATUS = "status", "Trạng thái không có trong bảng ánh xạ"
    DATE = "date", "Ngày giờ không hợp lệ"
    TOO_LONG = "too_long", "Trường quá dài"
    NUL = "nul", "Có ký tự rỗng không hợp lệ"
    ENCODING = "encoding", "Sai bảng mã ký tự (không phải UTF-8)"
    NUMBER = "number", "Số không hợp lệ"
    PROCEDURE = "procedure", "Mã thủ tục không có trong hệ thống"
    UNIT = "unit", "Mã đơn vị không có trong hệ thống"
    ID_NUMBER = "id_number", "Số giấy tờ không hợp lệ"
    TOO_LARGE = "too_large", "Bản ghi quá lớn"
    SHAPE = "shape", "Bản ghi không đúng cấu trúc"
    CONFLICT = "conflict", "Hai bản ghi cùng mã, cùng thời điểm nhưng khác nội dung"


class QuarantinedRecord(models.Model):
    source = models.ForeignKey(SyncSource, on_delete=models.CASCADE, related_name="quarantine", verbose_name="nguồn")
    run = models.ForeignKey(
        SyncRun, verbose_name="lần đồng bộ", on_delete=models.SET_NULL, null=True, related_name="quarantine"
    )
    reason = models.CharField("lý do", max_length=12, choices=QuarantineReason.choices, db_index=True)
    detail = models.CharField("chi tiết", max_length=300)
    code = models.CharField("mã hồ sơ", max_length=60, blank=True, db_index=True)
    position = models.CharField("vị trí trong nguồn", max_length=100, blank=True)
    raw = models.TextField("bản ghi gốc", help_text="JSON, ký tự lạ được thoát; cắt bớt nếu quá dài.")
    created_at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    resolved = models.BooleanField("đã xử lý", default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "bản ghi bị cách ly"
        verbose_name_plural = "bản ghi bị cách ly"

    def __str__(self) -> str:
        return f"{self.code or '—'}: {self.get_reason_display()}"


class FileState(models.TextChoices):
    WAITING = "waiting", "Chờ nhập"
    DONE = "done", "Đã nhập"
    FAILED = "failed", "Lỗi"


class SyncFile(models.Model):
    """A CSV/XLSX export uploaded in the admin or picked up from the drop folder; imported once."""

    source = models.ForeignKey(SyncSource, on_delete=models.CASCADE, related_name="files", verbose_name="nguồn")
    name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64, unique=True, help_text="Cùng một tệp chỉ được nhập một lần.")
    content = models.BinaryField("nội dung tệp", editable=False)
    size = models.PositiveIntegerField("dung lượng (byte)")
    state = models.CharField("trạng thái", max_length=10, choices=FileState.choices, default=FileState.WAITING)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tệp đồng bộ"
        verbose_name_plural = "tệp đồng bộ (CSV / XLSX)"

    def __str__(self) -> str:
        return self.name
