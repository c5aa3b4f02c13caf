"""Citizen reports (tin báo, tố giác tội phạm; phản ánh, kiến nghị; vi phạm giao thông).

A report is received by one unit at a time; forwards, status changes, deadline extensions and replies
are rows in the history. Identity is minimised: an anonymous report keeps no citizen link, no contact
and no IP; otherwise the contact is encrypted. The tracking secret is kept only as a keyed hash.
Attachments live in private storage (never a public URL) and open only through the officers' view.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.utils.deconstruct import deconstructible

from accounts.models import OfficerAccessLog
from common.models import TimeStampedModel, officer_link


class ClockUnit(models.TextChoices):
    CALENDAR = "calendar", "Ngày (theo lịch)"
    WORKING = "working", "Ngày làm việc"
    MONTHS = "months", "Tháng (theo lịch)"


class ClockStart(models.TextChoices):
    RECEIVED = "received", "Từ ngày tiếp nhận"
    ACCEPTED = "accepted", "Từ ngày thụ lý"


class ExtensionMode(models.TextChoices):
    # "until": the whole clock, counted from its start, becomes this long (BLTTHS: "kéo dài nhưng không quá 2 tháng").
    UNTIL = "until", "Tổng thời hạn tính từ ngày bắt đầu không quá"
    # "add": this much more on top of the current deadline ("gia hạn một lần không quá 30 ngày").
    ADD = "add", "Cộng thêm vào hạn hiện tại không quá"


class LegalTrack(models.TextChoices):
    """Which law the kind follows: it decides the outcomes officers record and whether the clock pauses."""

    GENERAL = "general", "Phản ánh, kiến nghị, tin khác (thời hạn do Công an tỉnh quy định)"
    CRIME = "crime", "Tố giác, tin báo về tội phạm (Bộ luật Tố tụng hình sự)"
    DENUNCIATION = "denunciation", "Tố cáo (Luật Tố cáo)"
    COMPLAINT = "complaint", "Khiếu nại (Luật Khiếu nại)"


class Outcome(models.TextChoices):
    """How a report ends, in the words of the law its kind follows (OUTCOMES_BY_TRACK)."""

    PROSECUTE = "khoi_to", "Quyết định khởi tố vụ án hình sự"
    NOT_PROSECUTE = "khong_khoi_to", "Quyết định không khởi tố vụ án hình sự"
    TRANSFER = "chuyen_tham_quyen", "Chuyển nguồn tin đến cơ quan có thẩm quyền giải quyết"
    NOT_ACCEPTED = "khong_thu_ly", "Không thụ lý giải quyết"
    WITHDRAWN = "dinh_chi", "Đình chỉ giải quyết (người gửi rút đơn)"
    DENUNCIATION_TRUE = "to_cao_dung", "Kết luận nội dung tố cáo: tố cáo đúng"
    DENUNCIATION_PARTLY = "to_cao_dung_mot_phan", "Kết luận nội dung tố cáo: tố cáo đúng một phần"
    DENUNCIATION_FALSE = "to_cao_sai", "Kết luận nội dung tố cáo: tố cáo sai"
    COMPLAINT_RIGHT = "khieu_nai_dung", "Quyết định giải quyết khiếu nại: khiếu nại đúng"
    COMPLAINT_PARTLY = "khieu_nai_dung_mot_phan", "Quyết định giải quyết khiếu nại: khiếu nại đúng một phần"
    COMPLAINT_WRONG = "khieu_nai_sai", "Quyết định giải quyết khiếu nại: khiếu nại sai"


OUTCOMES_BY_TRACK: dict[str, tuple[Outcome, ...]] = {
    LegalTrack.GENERAL: (),
    LegalTrack.CRIME: (Outcome.PROSECUTE, Outcome.NOT_PROSECUTE, Outcome.TRANSFER),
    LegalTrack.DENUNCIATION: (
        Outcome.NOT_ACCEPTED,
        Outcome.DENUNCIATION_TRUE,
        Outcome.DENUNCIATION_PARTLY,
        Outcome.DENUNCIATION_FALSE,
        Outcome.WITHDRAWN,
    ),
    LegalTrack.COMPLAINT: (
        Outcome.NOT_ACCEPTED,
        Outcome.COMPLAINT_RIGHT,
        Outcome.COMPLAINT_PARTLY,
        Outcome.COMPLAINT_WRONG,
        Outcome.WITHDRAWN,
    ),
}


def extension_steps_validate(value: Any) -> None:
    """A list of {"amount": int > 0, "unit": ClockUnit, "mode": ExtensionMode}, applied in order."""
    if not isinstance(value, list):
        raise ValidationError("Các bước gia hạn phải là một danh sách.")
    for number, step in enumerate(value, start=1):
        if (
            not isinstance(step, dict)
            or set(step) != {"amount", "unit", "mode"}
            or not isinstance(step["amount"], int)
            or isinstance(step["amount"], bool)
            or not 0 < step["amount"] <= 366
            or step["unit"] not in ClockUnit.values
            or step["mode"] not in ExtensionMode.values
        ):
            raise ValidationError(
                f"Bước gia hạn thứ {number} không hợp lệ: cần amount (số dương), unit (calendar, working, months) "
                "và mode (until, add)."
            )


class ReportKind(models.Model):
    """A kind of report, edited as data: its legal or configured clocks and the fields the form asks for.

    Clocks (docs/tin-bao-va-thoi-han.md): an optional acceptance clock (thụ lý) from receipt, the
    resolution clock from receipt or from acceptance, and extension steps granted one at a time."""

    code = models.SlugField("mã loại", max_length=40, unique=True)
    name = models.CharField("tên loại", max_length=150)
    description = models.TextField("hướng dẫn", blank=True, help_text="Hiện trên biểu mẫu: nên báo những gì.")
    legal_basis = models.CharField("căn cứ pháp lý", max_length=300, blank=True)
    legal_track = models.CharField(
        "quy trình theo luật",
        max_length=20,
        choices=LegalTrack.choices,
        default=LegalTrack.GENERAL,
        help_text="Quyết định các kết quả cán bộ ghi nhận (khởi tố, kết luận tố cáo…) và việc tạm đình chỉ.",
    )
    accept_amount = models.PositiveSmallIntegerField(
        "thời hạn thụ lý",
        null=True,
        blank=True,
        help_text="Tính từ ngày tiếp nhận (tố cáo: 7 ngày làm việc). Để trống nếu loại này không có bước thụ lý.",
    )
    accept_unit = models.CharField(
        "đơn vị thời hạn thụ lý", max_length=10, choices=ClockUnit.choices, default=ClockUnit.WORKING
    )
    clock_amount = models.PositiveSmallIntegerField(
        "thời hạn giải quyết", null=True, blank=True, help_text="Để trống nếu loại này không có thời hạn."
    )
    clock_unit = models.CharField(
        "đơn vị thời hạn", max_length=10, choices=ClockUnit.choices, default=ClockUnit.CALENDAR
    )
    clock_start = models.CharField(
        "thời hạn tính từ", max_length=10, choices=ClockStart.choices, default=ClockStart.RECEIVED
    )
    extension_steps = models.JSONField(
        "các bước gia hạn",
        default=list,
        blank=True,
        validators=[extension_steps_validate],
        help_text=(
            'Mỗi lần gia hạn dùng một bước, theo thứ tự. Ví dụ tố giác tội phạm: [{"amount": 2, "unit": "months", '
            '"mode": "until"}, {"amount": 4, "unit": "months", "mode": "until"}] (không quá 2 tháng, rồi tổng cộng '
            "không quá 4 tháng). unit: calendar, working, months; mode: until (tổng từ ngày bắt đầu), add (cộng thêm). "
            "Để trống: gia hạn tự do đến ngày cán bộ chọn."
        ),
    )
    allows_pause = models.BooleanField(
        "cho phép tạm đình chỉ",
        default=False,
        help_text="Trong thời gian tạm đình chỉ, thời hạn ngừng tính; khi phục hồi giải quyết thì tính tiếp.",
    )
    allows_anonymous = models.BooleanField("cho phép gửi ẩn danh", default=True)
    asks_occurred_at = models.BooleanField("hỏi thời gian xảy ra", default=True)
    asks_location = models.BooleanField("hỏi địa điểm", default=True)
    requires_location = models.BooleanField("bắt buộc địa điểm", default=False)
    asks_vehicle_plate = models.BooleanField("hỏi biển số phương tiện", default=False)
    requires_media = models.BooleanField("bắt buộc ảnh/video", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang nhận", default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "loại tin báo, phản ánh"
        verbose_name_plural = "loại tin báo, phản ánh"

    def __str__(self) -> str:
        return self.name

    @property
    def needs_acceptance(self) -> bool:
        return self.accept_amount is not None

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return OUTCOMES_BY_TRACK.get(self.legal_track, ())

    def clean(self) -> None:
        if self.clock_start == ClockStart.ACCEPTED and self.accept_amount is None:
            raise ValidationError({"clock_start": "Tính từ ngày thụ lý thì cần có thời hạn thụ lý."})


class ReportStatus(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận"
    VERIFYING = "verifying", "Đang xác minh"
    ACCEPTED = "accepted", "Đã thụ lý"
    PROCESSING = "processing", "Đang giải quyết"
    SUSPENDED = "suspended", "Tạm đình chỉ"
    FORWARDED = "forwarded", "Đã chuyển đơn vị có thẩm quyền"
    RESOLVED = "resolved", "Đã giải quyết"
    NOT_ACCEPTED = "not_accepted", "Không thụ lý"
    NOT_COMPETENT = "not_competent", "Không thuộc thẩm quyền"
    REJECTED_FALSE = "rejected_false", "Không có cơ sở / tin sai sự thật"
    SPAM = "spam", "Tin rác, quấy rối"


CLOSED_STATUSES = frozenset(
    {
        ReportStatus.RESOLVED,
        ReportStatus.NOT_ACCEPTED,
        ReportStatus.NOT_COMPETENT,
        ReportStatus.REJECTED_FALSE,
        ReportStatus.SPAM,
    }
)
OPEN_STATUSES = frozenset(set(ReportStatus) - CLOSED_STATUSES)
# Open and with the clock running: a suspended report is never overdue nor due soon.
RUNNING_STATUSES = OPEN_STATUSES - {ReportStatus.SUSPENDED}


class LocationSource(models.TextChoices):
    NONE = "", "Không có"
    ZALO = "zalo", "Vị trí do Zalo cung cấp"
    AREA = "area", "Xã/phường chọn trong danh sách"
    ADDRESS = "address", "Địa chỉ nhập tay"


class Report(TimeStampedModel):
    code = models.CharField("mã theo dõi", max_length=20, unique=True)
    secret_hash = models.CharField("mã băm mã bí mật", max_length=64, editable=False)
    kind = models.ForeignKey(ReportKind, on_delete=models.PROTECT, related_name="reports", verbose_name="loại")
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="reports", verbose_name="đơn vị đang xử lý"
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED, db_index=True
    )
    description = models.TextField("nội dung")
    occurred_at = models.DateTimeField("thời gian xảy ra", null=True, blank=True)
    address = models.CharField("địa điểm (mô tả)", max_length=300, blank=True)
    area = models.ForeignKey(
        "units.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="xã/phường nơi xảy ra",
    )
    latitude = models.DecimalField("vĩ độ", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("kinh độ", max_digits=9, decimal_places=6, null=True, blank=True)
    location_source = models.CharField(
        "nguồn vị trí", max_length=10, choices=LocationSource.choices, blank=True, default=LocationSource.NONE
    )
    vehicle_plate = models.CharField("biển số phương tiện", max_length=20, blank=True)
    is_anonymous = models.BooleanField("ẩn danh", default=False)
    # Non-anonymous only: the signed-in citizen ("Tin báo, phản ánh của tôi", replies on Zalo), the contact encrypted.
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="công dân",
    )
    contact_name_encrypted = models.TextField("tên liên hệ (đã mã hóa)", blank=True, editable=False)
    contact_phone_encrypted = models.TextField("số điện thoại liên hệ (đã mã hóa)", blank=True, editable=False)
    submitted_ip = models.GenericIPAddressField("địa chỉ IP gửi", null=True, blank=True, editable=False)
    received_at = models.DateTimeField("tiếp nhận lúc", db_index=True)
    # The current deadline: of acceptance (thụ lý) until the report is accepted, then of resolution; moved by
    # extensions and by every pause (reports/clocks.py). While suspended it is the deadline as it stood when
    # the pause began.
    due_date = models.DateField("hạn", null=True, blank=True, db_index=True)
    accepted_on = models.DateField("ngày thụ lý", null=True, blank=True)
    paused_on = models.DateField("tạm đình chỉ từ ngày", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=30, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "tin báo, phản ánh"
        verbose_name_plural = "tin báo, phản ánh"
        permissions = [
            ("print_receipt", "In biên bản tiếp nhận"),
            ("view_attachment", "Mở ảnh/video đính kèm"),
            ("forward_report", "Chuyển tin báo sang đơn vị khác"),
            ("mark_spam", "Đánh dấu tin rác"),
        ]
        indexes = [models.Index(fields=["unit", "status", "due_date"])]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status == ReportStatus.SUSPENDED

    @property
    def awaits_acceptance(self) -> bool:
        """The deadline shown is the one to accept (thụ lý), not yet the one to resolve."""
        return self.kind.needs_acceptance and self.accepted_on is None


class EventType(models.TextChoices):
    RECEIVED = "received", "Tiếp nhận"
    STATUS = "status", "Chuyển trạng thái"
    FORWARD = "forward", "Chuyển đơn vị"
    ACCEPT = "accept", "Thụ lý"
    EXTEND = "extend", "Gia hạn"
    PAUSE = "pause", "Tạm đình chỉ"
    RESUME = "resume", "Phục hồi giải quyết"
    OUTCOME = "outcome", "Kết quả giải quyết"
    REPLY = "reply", "Trả lời công dân"


# The events that move the clock; with their dates they are the clock's whole history.
CLOCK_EVENTS = frozenset({EventType.RECEIVED, EventType.ACCEPT, EventType.EXTEND, EventType.PAUSE, EventType.RESUME})


class ReportEvent(models.Model):
    """One step of the history: status change, forward (from → to unit), acceptance, extension, pause,
    resumption, outcome or reply. Clock events carry the date the decision took effect (`effective_on`)
    and the deadline before and after."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events", verbose_name="tin báo")
    type = models.CharField("loại", max_length=10, choices=EventType.choices)
    status = models.CharField("trạng thái", max_length=20, choices=ReportStatus.choices)
    previous_status = models.CharField("trạng thái trước", max_length=20, choices=ReportStatus.choices, blank=True)
    from_unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="từ đơn vị"
    )
    to_unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="đến đơn vị"
    )
    previous_due_date = models.DateField("hạn cũ", null=True, blank=True)
    due_date = models.DateField("hạn mới", null=True, blank=True)
    effective_on = models.DateField("ngày quyết định", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=30, choices=Outcome.choices, blank=True)
    note = models.TextField("ghi chú nội bộ", blank=True)
    reply = models.TextField("trả lời công dân", blank=True, help_text="Công dân đọc được khi tra cứu.")
    occurred_at = models.DateTimeField("thời điểm", db_index=True)
    actor = officer_link("cán bộ")
    actor_label = models.CharField("người thực hiện", max_length=150, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = "diễn biến tin báo"
        verbose_name_plural = "diễn biến tin báo"

    def __str__(self) -> str:
        from django.utils.timezone import localtime

        return f"{self.get_type_display()} ({localtime(self.occurred_at):%H:%M %d/%m/%Y})"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (read on every use): no URL exists; officers open them through
    the authorised attachment view, which checks the unit scope and writes the access log."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no URL; use the officers' attachment view.")


def private_storage() -> Storage:
    """The local folder, or S3_PRIVATE_BUCKET with STORAGE_BACKEND=s3 (common/storage.py): no URL either way."""
    if settings.STORAGE_BACKEND == "s3":
        from common.storage import PrivateMediaStorage

        return PrivateMediaStorage()
    return PrivateStorage()


class MediaType(models.TextChoices):
    PHOTO = "photo", "Ảnh"
    VIDEO = "video", "Video"


class ReportAttachment(models.Model):
    # Empty while staged: uploaded by Zalo's openMediaPicker before the report is sent (docs/reports.md).
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments", verbose_name="tin báo"
    )
    media_type = models.CharField("loại", max_length=10, choices=MediaType.choices)
    file = models.FileField("tệp", storage=private_storage, upload_to="reports/%Y/%m/", max_length=200)
    content_type = models.CharField("định dạng", max_length=50)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "ảnh/video đính kèm"
        verbose_name_plural = "ảnh/video đính kèm"

    def __str__(self) -> str:
        return f"{self.get_media_type_display()} #{self.pk}"


class Coverage(models.Model):
    """Where a unit receives reports: commune/ward names (one per line) and/or a radius around the unit's
    own coordinates (Unit.latitude/longitude). One unit is the province's reception unit (fallback)."""

    unit = models.OneToOneField(
        "units.Unit", on_delete=models.CASCADE, related_name="report_coverage", verbose_name="đơn vị"
    )
    area_names = models.TextField(
        "xã/phường phụ trách",
        blank=True,
        help_text="Mỗi dòng một tên xã/phường (kể cả tên cũ trước sắp xếp), dùng khi công dân nhập địa chỉ.",
    )
    radius_km = models.DecimalField(
        "bán kính phụ trách (km)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Tính từ tọa độ của đơn vị. Vị trí nằm trong bán kính của nhiều đơn vị: đơn vị gần nhất nhận.",
    )
    is_reception = models.BooleanField(
        "đơn vị tiếp nhận chung của tỉnh", default=False, help_text="Nhận tin không xác định được địa bàn."
    )

    class Meta:
        verbose_name = "địa bàn tiếp nhận tin báo"
        verbose_name_plural = "địa bàn tiếp nhận tin báo"

    def __str__(self) -> str:
        return str(self.unit)


class AccessAction(models.TextChoices):
    LIST = "list", "Xem danh sách"
    VIEW = "view", "Xem chi tiết"
    STATUS = "status", "Chuyển trạng thái"
    FORWARD = "forward", "Chuyển đơn vị"
    ACCEPT = "accept", "Thụ lý"
    EXTEND = "extend", "Gia hạn"
    PAUSE = "pause", "Tạm đình chỉ"
    RESUME = "resume", "Phục hồi giải quyết"
    OUTCOME = "outcome", "Ghi kết quả"
    REPLY = "reply", "Trả lời công dân"
    PRINT = "print", "In biên bản"
    ATTACHMENT = "attachment", "Mở tệp đính kèm"
    CONTACT = "contact", "Xem thông tin liên hệ"


class ReportAccessLog(OfficerAccessLog):
    """Who looked at or changed which report and opened which attachment (Luật Bảo vệ dữ liệu cá nhân 2025)."""

    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="tin báo"
    )
    report_code = models.CharField("mã tin báo", max_length=20, blank=True)
    report_unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="đơn vị tin báo"
    )
    attachment = models.ForeignKey(
        ReportAttachment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="tệp"
    )
    action = models.CharField("thao tác", max_length=20, choices=AccessAction.choices)

    class Meta(OfficerAccessLog.Meta):
        verbose_name = "nhật ký truy cập tin báo"
        verbose_name_plural = "nhật ký truy cập tin báo"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.officer_username} {self.get_action_display()} {self.report_code}"
