"""Administrative procedures (thủ tục hành chính) and the handbook (cẩm nang).

Field set from Nghị định 63/2010 Điều 8 and the Bộ Công an portal: documents are per case
(trường hợp), and time and fee are per channel (cách thức), because that is how they are published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel
from common.search_columns import faq_columns, procedure_columns
from publishing.models import Publishable


class Field(models.Model):
    """Lĩnh vực, e.g. "Đăng ký, quản lý cư trú"."""

    name = models.CharField("tên lĩnh vực", max_length=200, unique=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    CENTRAL = "cap_trung_uong", "Cấp trung ương"
    PROVINCE = "cap_tinh", "Cấp tỉnh"
    COMMUNE = "cap_xa", "Cấp xã"


class OnlineLevel(models.TextChoices):
    # UNVERIFIED: names after Nghị định 42/2022; kept as data-like choices, shown as text.
    FULL = "toan_trinh", "Trực tuyến toàn trình"
    PARTIAL = "mot_phan", "Trực tuyến một phần"
    OFFLINE = "truc_tiep", "Chỉ nộp trực tiếp"


class Channel(models.TextChoices):
    IN_PERSON = "truc_tiep", "Nộp trực tiếp"
    ONLINE = "truc_tuyen", "Nộp trực tuyến"
    POST = "buu_chinh", "Qua bưu chính"


class Procedure(Publishable, TimeStampedModel):
    code = models.CharField("mã thủ tục", max_length=50, db_index=True, help_text="Mã quốc gia, ví dụ 1.004222")
    local_suffix = models.CharField("hậu tố địa phương", max_length=50, blank=True)
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures", verbose_name="lĩnh vực")
    level = models.CharField("cấp thực hiện", max_length=20, choices=Level.choices, default=Level.PROVINCE)
    agency = models.CharField("cơ quan thực hiện", max_length=300, blank=True)
    online_level = models.CharField(
        "mức dịch vụ công trực tuyến", max_length=20, choices=OnlineLevel.choices, default=OnlineLevel.PARTIAL
    )
    portal_url = models.URLField("liên kết nộp trực tuyến", max_length=500, blank=True)
    summary = models.TextField("giới thiệu ngắn", blank=True)
    target = models.CharField("đối tượng thực hiện", max_length=500, blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    result = models.TextField("kết quả thực hiện", blank=True)
    legal_basis = models.JSONField("căn cứ pháp lý", default=list, blank=True)
    keywords = models.JSONField("từ khóa tìm kiếm", default=list, blank=True)
    source_url = models.URLField("nguồn", max_length=500, blank=True)
    retrieved_at = models.DateField("kiểm tra nguồn ngày", null=True, blank=True)
    units = models.ManyToManyField(
        "units.Unit", blank=True, related_name="procedures", verbose_name="nơi tiếp nhận hồ sơ"
    )
    name_search = models.CharField("tên (để tìm kiếm)", max_length=500, editable=False, default="")
    search_text = models.TextField("nội dung để tìm kiếm", editable=False, default="")

    history = HistoricalRecords(excluded_fields=["name_search", "search_text"], m2m_fields=[units])

    class Meta:
        ordering = ["field__order", "name"]
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        permissions = [("publish_procedure", "Duyệt và đăng thủ tục")]
        constraints = [models.UniqueConstraint(fields=["code", "local_suffix"], name="procedure_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def full_code(self) -> str:
        return f"{self.code}.{self.local_suffix}" if self.local_suffix else self.code

    def save(self, *args, **kwargs) -> None:
        for name, value in procedure_columns(self).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)


class ProcedureStep(models.Model):
    LOGIC_CHOICES = [("and", "Bắt buộc"), ("or", "Chọn một trong các cách")]

    procedure = models.ForeignKey(Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    title = models.CharField("bước", max_length=300)
    content = models.TextField("nội dung", blank=True)
    logic = models.CharField("kiểu", max_length=3, choices=LOGIC_CHOICES, default="and")
    optional = models.BooleanField("không bắt buộc", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "bước thực hiện"
        verbose_name_plural = "trình tự thực hiện"

    def __str__(self) -> str:
        return self.title


class ProcedureCase(models.Model):
    procedure = models.ForeignKey(Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="cases")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("trường hợp", max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "trường hợp"
        verbose_name_plural = "trường hợp (thành phần hồ sơ)"

    def __str__(self) -> str:
        return f"{self.procedure.code}: {self.name}"


class CaseDocument(models.Model):
    case = models.ForeignKey(
        ProcedureCase, verbose_name="trường hợp", on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    name = models.CharField("giấy tờ", max_length=500)
    originals = models.PositiveSmallIntegerField("số bản chính", default=0)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    note = models.TextField("ghi chú", blank=True)
    form_name = models.CharField("mẫu đơn, tờ khai", max_length=200, blank=True)
    form_url = models.URLField("liên kết tải mẫu", max_length=500, blank=True)
    form_file = models.FileField("tệp mẫu", upload_to="forms/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "giấy tờ"
        verbose_name_plural = "giấy tờ"

    def __str__(self) -> str:
        return self.name


class ProcedureChannel(models.Model):
    procedure = models.ForeignKey(Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField("cách thức", max_length=20, choices=Channel.choices)
    processing_time = models.CharField("thời hạn giải quyết", max_length=200, blank=True)
    processing_days = models.PositiveSmallIntegerField("số ngày làm việc", null=True, blank=True)
    fee = models.CharField(
        "phí, lệ phí",
        max_length=300,
        blank=True,
        help_text="Mô tả mức thu đầy đủ. Không ghi mức giảm có thời hạn ở đây: nhập vào các ô “giảm” bên cạnh.",
    )
    fee_amount = models.PositiveIntegerField("mức phí đầy đủ (đồng)", null=True, blank=True)
    # A reduction for a period (e.g. 50% from 01/7/2025 to 31/12/2026): the amount charged is derived from the
    # full amount, and from the day after valid_to the full amount applies again without anyone editing text.
    reduction_percent = models.PositiveSmallIntegerField(
        "giảm (%)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    reduction_valid_from = models.DateField("giảm từ ngày", null=True, blank=True)
    reduction_valid_to = models.DateField("giảm đến hết ngày", null=True, blank=True)
    reduction_basis = models.CharField("văn bản quy định mức giảm", max_length=300, blank=True)
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["channel"]
        verbose_name = "cách thức, thời hạn, phí"
        verbose_name_plural = "cách thức, thời hạn, phí"

    def __str__(self) -> str:
        return self.get_channel_display()

    def clean(self) -> None:
        reduction = [self.reduction_percent, self.reduction_valid_from, self.reduction_valid_to]
        if any(value is not None for value in reduction):
            if any(value is None for value in reduction):
                raise ValidationError("Mức giảm cần đủ: phần trăm giảm, giảm từ ngày và giảm đến hết ngày.")
            if self.fee_amount is None:
                raise ValidationError({"fee_amount": "Nhập mức phí đầy đủ để tính mức đã giảm."})
            if self.reduction_valid_to < self.reduction_valid_from:  # type: ignore[operator]
                raise ValidationError({"reduction_valid_to": "Ngày hết giảm phải sau ngày bắt đầu giảm."})
            if not self.reduction_basis.strip():
                raise ValidationError({"reduction_basis": "Ghi văn bản quy định mức giảm (số, ngày)."})

    def fee_on(self, day: date) -> FeeInForce:
        """The fee charged on `day`: the reduced amount inside the reduction period, the full one outside."""
        full = self.fee_amount
        reduced = (
            full is not None
            and self.reduction_percent is not None
            and self.reduction_valid_from is not None
            and self.reduction_valid_to is not None
            and self.reduction_valid_from <= day <= self.reduction_valid_to
        )
        if reduced:
            amount = full * (100 - self.reduction_percent) // 100  # type: ignore[operator]
            text = (
                f"{money(amount)} (giảm {self.reduction_percent}% đến hết ngày {self.reduction_valid_to:%d/%m/%Y}; "
                f"mức đầy đủ {money(full)})"  # type: ignore[arg-type]
            )
            return FeeInForce(amount, full, self.reduction_percent, self.reduction_valid_to, text)
        if self.fee:
            text = self.fee
        elif full is not None:
            text = money(full) if full else "Không thu phí, lệ phí"
        else:
            text = ""
        return FeeInForce(full, full, None, None, text)


def money(amount: int) -> str:
    """25000 → "25.000 đồng" (Vietnamese thousands separator)."""
    return f"{amount:,} đồng".replace(",", ".")


@dataclass(frozen=True)
class FeeInForce:
    amount: int | None
    full_amount: int | None
    reduction_percent: int | None
    reduced_until: date | None
    text: str


class ProcedureFeedback(models.Model):
    """ "Trang này có hữu ích không?" — counted per procedure for editors."""

    procedure = models.ForeignKey(Procedure, verbose_name="thủ tục", on_delete=models.CASCADE, related_name="feedback")
    useful = models.BooleanField("hữu ích")
    reason = models.CharField("lý do", max_length=500, blank=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "đánh giá trang"
        verbose_name_plural = "đánh giá trang thủ tục"

    def __str__(self) -> str:
        return f"{self.procedure_id}: {'có' if self.useful else 'không'}"


class Faq(Publishable, TimeStampedModel):
    question = models.CharField("câu hỏi", max_length=500)
    answer = models.TextField("trả lời")
    procedure = models.ForeignKey(
        Procedure, null=True, blank=True, on_delete=models.SET_NULL, related_name="faqs", verbose_name="thủ tục"
    )
    keywords = models.JSONField("từ khóa tìm kiếm", default=list, blank=True)
    order = models.PositiveIntegerField("thứ tự", default=0)
    search_text = models.TextField("nội dung để tìm kiếm", editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "câu hỏi cẩm nang"
        verbose_name_plural = "cẩm nang hỏi đáp"
        permissions = [("publish_faq", "Duyệt và đăng cẩm nang")]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs) -> None:
        self.search_text = faq_columns(self)["search_text"]
        super().save(*args, **kwargs)
