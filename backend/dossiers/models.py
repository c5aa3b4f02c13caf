"""Dossiers (hồ sơ): what a citizen handed in, where it stands, and every step on the way.

Statuses follow the national 1–10 list. Overdue / due-soon are derived from the appointment date in
working days (see workdays.py), never stored. Personal data is kept to what lookup and notification
need: a masked name, keyed hashes of the ID number, and the phone encrypted plus its keyed hash.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models

from accounts.models import OfficerAccessLog
from common.models import ExactMatchIndex, TimeStampedModel, officer_link
from procedures.models import Channel


class DossierStatus(models.IntegerChoices):
    SUBMITTED = 1, "Mới đăng ký"
    RECEIVED = 2, "Được tiếp nhận"
    REJECTED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT = 5, "Yêu cầu bổ sung giấy tờ"
    PAYMENT = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    DONE = 9, "Đã xử lý xong"
    RETURNED = 10, "Đã trả kết quả"


# The appointment date no longer matters once a dossier is in one of these (docs/reference/domain.md).
CLOSED_STATUSES = frozenset(
    {DossierStatus.REJECTED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED, DossierStatus.DONE, DossierStatus.RETURNED}
)
OPEN_STATUSES = frozenset(set(DossierStatus) - CLOSED_STATUSES)


class DossierSource(models.TextChoices):
    COUNTER = "counter", "Tiếp nhận tại quầy"
    SYNC = "sync", "Đồng bộ từ hệ thống một cửa"


def confirmed_at(
    *, synced_at: datetime | None, updated_at: datetime | None, source_success: datetime | None, incremental: bool
) -> datetime | None:
    """When the dossier's status was last confirmed by its source (shown to citizens as freshness).

    An incremental feed sends every change since its cursor, so its last successful run confirms all its
    dossiers; a file confirms only the rows it carried. A counter dossier: its last change here."""
    if synced_at is None:
        return updated_at
    if incremental and source_success is not None and source_success > synced_at:
        return source_success
    return synced_at


class Delivery(models.TextChoices):
    """How the citizen gets the result: it decides what "next step" says once the dossier is done."""

    COUNTER = "counter", "Nhận tại nơi nộp hồ sơ"
    POST = "post", "Gửi qua bưu chính"
    ELECTRONIC = "electronic", "Bản điện tử, cập nhật trên VNeID"


CONFIRMED_BY_SYNC = "Hệ thống một cửa"
CONFIRMED_BY_COUNTER = "Cán bộ tiếp nhận"


class Dossier(TimeStampedModel):
    # Unique through Meta.constraints: the same guarantee without a second LIKE index on the column.
    code = models.CharField("mã hồ sơ", max_length=50)
    # The keys of the tables the sync fills are checked once per statement, not once per row: the same guarantee
    # at a fraction of a bulk import's cost (common/setwise_fk.py, installed by migration 0015).
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name="thủ tục",
        db_constraint=False,
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name="đơn vị tiếp nhận",
        db_index=False,  # the (unit, status, appointment_date) index leads with it
        db_constraint=False,
    )
    # No index of its own: officers' lists go through (unit, status, appointment_date).
    status = models.PositiveSmallIntegerField(
        "trạng thái", choices=DossierStatus.choices, default=DossierStatus.RECEIVED
    )
    channel = models.CharField("cách thức nộp", max_length=20, choices=Channel.choices, default=Channel.IN_PERSON)
    received_at = models.DateTimeField("ngày tiếp nhận")
    appointment_date = models.DateField("ngày hẹn trả kết quả", null=True, blank=True, db_index=True)
    # The date first promised; set once. A later appointment_date means the dossier was rescheduled (late).
    first_appointment_date = models.DateField("ngày hẹn ban đầu", null=True, blank=True)
    delivery = models.CharField(
        "cách nhận kết quả",
        max_length=20,
        choices=Delivery.choices,
        default=Delivery.COUNTER,
        help_text="Nhận tại nơi nộp, gửi qua bưu chính, hoặc kết quả điện tử (cập nhật cơ sở dữ liệu, xem trên VNeID).",
    )
    finished_at = models.DateTimeField("xử lý xong lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    rejected_at = models.DateTimeField("từ chối lúc", null=True, blank=True)
    reason = models.TextField(
        "lý do / nội dung cần bổ sung", blank=True, help_text="Lý do từ chối, dừng, hoặc giấy tờ công dân cần bổ sung."
    )
    supplement_deadline = models.DateField("hạn bổ sung", null=True, blank=True)
    collect_location = models.CharField("nơi nhận kết quả", max_length=300, blank=True)
    collect_note = models.CharField(
        "thời gian nhận kết quả", max_length=300, blank=True, help_text="Ví dụ: giờ hành chính từ thứ Hai đến thứ Sáu."
    )
    fee_due = models.PositiveIntegerField("phí, lệ phí phải nộp (đồng)", null=True, blank=True)
    applicant_name_masked = models.CharField("người nộp (đã che)", max_length=100, blank=True)
    # Keyed hashes only: the full ID number (for matching), and its last 4 digits bound to this code (lookup).
    applicant_id_hash = models.CharField("mã băm số giấy tờ", max_length=64, blank=True, editable=False)
    applicant_id_tail_hash = models.CharField("mã băm 4 số cuối giấy tờ", max_length=64, blank=True, editable=False)
    applicant_phone_encrypted = models.TextField("số điện thoại người nộp (đã mã hóa)", blank=True, editable=False)
    applicant_phone_hash = models.CharField("mã băm số điện thoại người nộp", max_length=64, blank=True, editable=False)
    source = models.CharField("nguồn", max_length=20, choices=DossierSource.choices, default=DossierSource.COUNTER)
    source_version = models.CharField("phiên bản nguồn", max_length=64, blank=True)
    synced_at = models.DateTimeField("đồng bộ lúc", null=True, blank=True)
    source_hash = models.CharField("mã kiểm tra dữ liệu nguồn", max_length=32, blank=True, editable=False)
    # No index and no database constraint: read only through the dossier, and a source is removed (SET_NULL,
    # done by Django) perhaps once in a deployment's life, while every synced row would pay for both.
    sync_source = models.ForeignKey(
        "sync.SyncSource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name="nguồn đồng bộ",
        db_index=False,
        db_constraint=False,
    )
    created_by = officer_link("cán bộ tiếp nhận", set_wise=True)

    # Indexes cost the bulk sync a write per row each: only the ones a query uses.
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], name="dossier_code_unique", violation_error_message="Mã hồ sơ này đã tồn tại."
            )
        ]
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        permissions = [("print_slip", "In phiếu theo dõi hồ sơ trên Zalo")]
        indexes = [
            models.Index(fields=["unit", "status", "appointment_date"]),
            # The phone hash is matched exactly ("my dossiers", ratings): a hash index, no LIKE twin. The ID number's
            # hash has no index: no query reads it, and each index costs the bulk sync a random page per row.
            ExactMatchIndex(fields=["applicant_phone_hash"], name="dossier_applicant_phone_hash"),
            # The officers' "Việc cần làm" (backend/inbox/): open dossiers by appointment date, so the most late
            # few are read in order and the late ones counted without touching the closed majority. Partial: a
            # closed dossier (most of the table) costs it nothing.
            models.Index(
                fields=["appointment_date", "id"],
                name="dossier_open_by_appointment",
                condition=models.Q(status__in=sorted(int(s) for s in OPEN_STATUSES)),
            ),
            # Only dossiers an officer received at the counter (a synced one has none).
            models.Index(
                fields=["created_by"], name="dossier_created_by", condition=models.Q(created_by__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def confirmed_at(self) -> datetime | None:
        source = self.sync_source if self.sync_source_id else None
        return confirmed_at(
            synced_at=self.synced_at,
            updated_at=self.updated_at,
            source_success=source.last_success_at if source else None,
            incremental=bool(source and source.incremental),
        )

    @property
    def confirmed_by(self) -> str:
        return CONFIRMED_BY_SYNC if self.synced_at else CONFIRMED_BY_COUNTER


class DossierEvent(models.Model):
    """One step on the timeline: a status change (or a note) with a plain-language explanation."""

    # The (dossier, occurred_at) index below serves the foreign key and the timeline's order.
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name="hồ sơ",
        db_index=False,
        db_constraint=False,  # checked per statement (common/setwise_fk.py)
    )
    status = models.PositiveSmallIntegerField("trạng thái", choices=DossierStatus.choices)
    previous_status = models.PositiveSmallIntegerField(
        "trạng thái trước", choices=DossierStatus.choices, null=True, blank=True
    )
    occurred_at = models.DateTimeField("thời điểm")
    note = models.TextField("ghi chú cho công dân", blank=True)
    actor = officer_link("cán bộ", set_wise=True)
    actor_label = models.CharField("người / hệ thống thực hiện", max_length=150, blank=True)
    source = models.CharField("nguồn", max_length=20, choices=DossierSource.choices, default=DossierSource.COUNTER)
    created_at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(fields=["dossier", "occurred_at"], name="dossier_event_timeline"),
            # Only steps an officer took (a synced step has none).
            models.Index(fields=["actor"], name="dossier_event_actor", condition=models.Q(actor__isnull=False)),
        ]
        verbose_name = "diễn biến hồ sơ"
        verbose_name_plural = "diễn biến hồ sơ"

    def __str__(self) -> str:
        from django.utils.timezone import localtime

        return f"{self.get_status_display()} ({localtime(self.occurred_at):%H:%M %d/%m/%Y})"


class HolidayKind(models.TextChoices):
    LAW = "law", "Theo Bộ luật Lao động (tự tính)"
    DECISION = "decision", "Theo văn bản của Chính phủ (nghỉ bù, làm bù)"
    OTHER = "other", "Khác (nhập tay)"


class Holiday(models.Model):
    """A calendar exception: a public holiday (nghỉ), or a weekend day worked in compensation (làm bù).

    Days the law fixes are written by dossiers.public_holidays for each year (kind LAW); the days the
    government moves each year are entered by an officer with the document they come from (kind DECISION).
    """

    date = models.DateField("ngày", unique=True)
    name = models.CharField("tên ngày", max_length=150)
    is_working_day = models.BooleanField(
        "ngày làm bù", default=False, help_text="Đánh dấu nếu đây là ngày cuối tuần phải đi làm (làm bù)."
    )
    kind = models.CharField("loại", max_length=10, choices=HolidayKind.choices, default=HolidayKind.OTHER)
    source = models.CharField(
        "căn cứ",
        max_length=300,
        blank=True,
        help_text="Số và ngày văn bản, ví dụ: Thông báo số …/TB-BNV ngày …/…/…. Bắt buộc với ngày theo văn bản.",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = "ngày nghỉ / ngày làm bù"
        verbose_name_plural = "lịch ngày nghỉ, ngày làm bù"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self) -> None:
        if self.kind == HolidayKind.DECISION and not self.source.strip():
            raise ValidationError({"source": "Ghi số và ngày văn bản quyết định ngày nghỉ bù, làm bù này."})


class HolidayYear(models.Model):
    """One calendar year of holidays: written from the law's rules, then checked by an officer against
    the government's yearly decision (ticks "đã xác nhận")."""

    year = models.PositiveSmallIntegerField("năm", unique=True)
    generated_at = models.DateTimeField("tự tính lúc", auto_now_add=True)
    confirmed = models.BooleanField(
        "đã xác nhận",
        default=False,
        help_text="Đánh dấu sau khi đã đối chiếu với văn bản của Chính phủ về lịch nghỉ lễ, Tết năm này.",
    )
    confirmed_by = officer_link("người xác nhận")
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "năm lịch nghỉ"
        verbose_name_plural = "năm lịch nghỉ (xác nhận)"

    def __str__(self) -> str:
        return f"Lịch nghỉ năm {self.year}"


class DossierFollow(models.Model):
    citizen = models.ForeignKey(
        "citizens.Citizen", verbose_name="công dân", on_delete=models.CASCADE, related_name="follows"
    )
    dossier = models.ForeignKey(Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField("theo dõi từ", auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["citizen", "dossier"], name="dossier_follow_once")]
        verbose_name = "theo dõi hồ sơ"
        verbose_name_plural = "theo dõi hồ sơ"

    def __str__(self) -> str:
        return f"{self.citizen_id} → {self.dossier_id}"


class AccessAction(models.TextChoices):
    LIST = "list", "Xem danh sách"
    VIEW = "view", "Xem chi tiết"
    CREATE = "create", "Tiếp nhận"
    CHANGE = "change", "Sửa thông tin"
    STATUS = "status", "Chuyển trạng thái"
    PRINT = "print", "In phiếu theo dõi"
    DELETE = "delete", "Xóa"
    HISTORY = "history", "Xem lịch sử"


class DossierAccessLog(OfficerAccessLog):
    """Who looked at or changed which dossier, from which unit and address (Luật Bảo vệ dữ liệu cá nhân 2025)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="hồ sơ"
    )
    dossier_code = models.CharField("mã hồ sơ", max_length=50, blank=True)
    # The unit the dossier belongs to: leaders read the log of their own subtree's dossiers.
    dossier_unit = models.ForeignKey(
        "units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="đơn vị hồ sơ"
    )
    action = models.CharField("thao tác", max_length=20, choices=AccessAction.choices)

    class Meta(OfficerAccessLog.Meta):
        verbose_name = "nhật ký truy cập hồ sơ"
        verbose_name_plural = "nhật ký truy cập hồ sơ"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.officer_username} {self.get_action_display()} {self.dossier_code}"
