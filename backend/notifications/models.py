"""The outbox: one Notification row per (dossier event, recipient, channel), written in the same
transaction as the event, then sent by Celery. Every row ends in a terminal state with its reason."""

from __future__ import annotations

from django.db import models


class Channel(models.TextChoices):
    OA = "oa", "Tin nhắn OA (giao dịch)"
    OA_CONSULTATION = "oa_cs", "Tin tư vấn OA (trả lời câu hỏi)"
    ZNS = "zns", "ZNS (theo số điện thoại)"
    MINIAPP = "miniapp", "Thông báo Mini App"
    CONSOLE = "console", "Ghi vào nhật ký (môi trường thử nghiệm)"


class State(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    DELIVERED = "delivered", "Đã tới người nhận"
    FAILED = "failed", "Thất bại"
    DEFERRED = "deferred", "Hoãn gửi"
    SKIPPED = "skipped", "Bỏ qua"


TERMINAL_STATES = frozenset({State.SENT, State.DELIVERED, State.FAILED, State.SKIPPED})


class Kind(models.TextChoices):
    SUBMITTED = "submitted", "Đã nộp trực tuyến"
    RECEIVED = "received", "Đã tiếp nhận (kèm ngày hẹn)"
    REJECTED = "rejected", "Không được tiếp nhận (kèm lý do)"
    PROCESSING = "processing", "Đang xử lý"
    SUPPLEMENT = "supplement", "Cần bổ sung giấy tờ"
    PAYMENT = "payment", "Cần nộp phí, lệ phí"
    WITHDRAWN = "withdrawn", "Đã rút hồ sơ"
    STOPPED = "stopped", "Dừng xử lý"
    DONE = "done", "Có kết quả (nơi và giờ nhận)"
    RETURNED = "returned", "Đã trả kết quả"
    RESCHEDULED = "rescheduled", "Xin lỗi, hẹn lại ngày trả"
    # Messages not tied to a dossier event (notify_citizen): ratings and citizen reports.
    RATING_REMINDER = "rating_reminder", "Mời đánh giá mức độ hài lòng"
    RATING_REPLY = "rating_reply", "Trả lời ý kiến đánh giá"
    REPORT_RECEIVED = "report_received", "Đã tiếp nhận phản ánh, tin báo"
    REPORT_UPDATE = "report_update", "Phản ánh, tin báo chuyển trạng thái"
    REPORT_REPLY = "report_reply", "Trả lời phản ánh, tin báo"
    QUESTION_ANSWER = "question_answer", "Cán bộ trả lời câu hỏi"


# Kinds that answer something the citizen asked: the OA consultation message may carry them (inside Zalo's reply
# window), the OA transaction message never does.
CONSULTATION_KINDS = frozenset({Kind.QUESTION_ANSWER})


class NotificationTemplate(models.Model):
    """The Vietnamese text of one kind of message; {placeholders} are filled per dossier."""

    kind = models.CharField("loại tin", max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField("tiêu đề", max_length=150)
    body = models.TextField(
        "nội dung",
        help_text=(
            "Có thể dùng: {code} mã hồ sơ, {procedure} thủ tục, {unit} đơn vị, {status} trạng thái, "
            "{appointment_date} ngày hẹn, {reason} lý do / giấy tờ cần bổ sung, {supplement_deadline} hạn bổ sung, "
            "{collect_location} nơi nhận, {collect_note} thời gian nhận, {fee} phí, {note} ghi chú của cán bộ."
        ),
    )
    button_label = models.CharField("nút bấm", max_length=40, default="Xem hồ sơ")
    active = models.BooleanField("đang dùng", default=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = "mẫu tin thông báo"
        verbose_name_plural = "mẫu tin thông báo"

    def __str__(self) -> str:
        return self.get_kind_display()


class Notification(models.Model):
    key = models.CharField(
        "mã chống gửi trùng", max_length=120, unique=True, help_text="sự kiện : người nhận : kênh (chống gửi trùng)"
    )
    # A dossier event's message has event and dossier; other messages (notify_citizen) carry their own
    # placeholder values and link, and may name a dossier.
    event = models.ForeignKey(
        "dossiers.DossierEvent", on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="hồ sơ",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        help_text="Đơn vị phụ trách việc được báo (để cán bộ chỉ thấy thông báo của đơn vị mình).",
    )
    values = models.JSONField("nội dung điền vào mẫu", default=dict, blank=True)
    link = models.CharField("đường dẫn", max_length=500, blank=True)
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    recipient = models.CharField("người nhận", max_length=100)
    kind = models.CharField("loại tin", max_length=20, choices=Kind.choices)
    channel = models.CharField("kênh", max_length=20, choices=Channel.choices, blank=True)
    state = models.CharField("trạng thái", max_length=20, choices=State.choices, default=State.QUEUED)
    reason = models.CharField("lý do", max_length=300, blank=True)
    needs_attention = models.BooleanField("cần kiểm tra cấu hình", default=False)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("gửi lại lúc", null=True, blank=True)
    sending_started_at = models.DateTimeField("bắt đầu gửi lúc", null=True, blank=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    delivered_at = models.DateTimeField("tới người nhận lúc", null=True, blank=True)
    seen_at = models.DateTimeField("người nhận đã xem lúc", null=True, blank=True)
    provider_message_id = models.CharField("mã tin của Zalo", max_length=100, blank=True, db_index=True)
    resend_of = models.ForeignKey(
        "self", verbose_name="gửi lại của", on_delete=models.SET_NULL, null=True, blank=True, related_name="resends"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo gửi công dân"
        indexes = [models.Index(fields=["state", "next_attempt_at"]), models.Index(fields=["state", "updated_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} → {self.recipient} ({self.get_channel_display() if self.channel else '—'})"


class NotificationAttempt(models.Model):
    notification = models.ForeignKey(
        Notification, verbose_name="thông báo", on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField("lúc", auto_now_add=True)
    channel = models.CharField("kênh", max_length=20, choices=Channel.choices, blank=True)
    outcome = models.CharField("kết quả", max_length=30)
    code = models.IntegerField("mã lỗi", null=True, blank=True)
    detail = models.CharField("chi tiết", max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField("thời gian (mili giây)", null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "lần gửi"
        verbose_name_plural = "các lần gửi"

    def __str__(self) -> str:
        return f"{self.at:%H:%M:%S} {self.outcome}"
