""" "Hỏi cán bộ": a conversation between a citizen and the unit responsible for what they ask about.

A Question is the thread (about a procedure, about the citizen's own dossier, or general), routed to one unit;
its Messages come from the citizen (Mini App or the OA chat) and from officers. docs/hoi-can-bo.md.
"""

from __future__ import annotations

from django.db import models

from common.models import TimeStampedModel, officer_link


class QuestionStatus(models.TextChoices):
    OPEN = "open", "Chờ trả lời"
    ANSWERED = "answered", "Đã trả lời"
    CLOSED = "closed", "Đã đóng"
    SPAM = "spam", "Tin rác"


class QuestionSource(models.TextChoices):
    MINIAPP = "miniapp", "Mini App"
    OA = "oa", "Nhắn tin OA"


class Question(TimeStampedModel):
    citizen = models.ForeignKey(
        "citizens.Citizen", verbose_name="công dân", on_delete=models.CASCADE, related_name="questions"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="đơn vị trả lời", on_delete=models.PROTECT, related_name="questions"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name="thủ tục",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name="hồ sơ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    subject = models.CharField("câu hỏi", max_length=200)
    status = models.CharField(
        "trạng thái", max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN, db_index=True
    )
    source = models.CharField("gửi qua", max_length=20, choices=QuestionSource.choices)
    # When the citizen last wrote: the inbox orders unanswered questions by how long they have waited.
    waiting_since = models.DateTimeField("chờ trả lời từ", null=True, blank=True, db_index=True)
    last_message_at = models.DateTimeField("tin nhắn cuối lúc", db_index=True)
    answered_at = models.DateTimeField("trả lời lần cuối lúc", null=True, blank=True)
    closed_at = models.DateTimeField("đóng lúc", null=True, blank=True)
    closed_by = officer_link("người đóng")
    faq = models.ForeignKey(
        "procedures.Faq",
        verbose_name="mục cẩm nang tạo từ câu trả lời",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = "câu hỏi của công dân"
        verbose_name_plural = "hỏi cán bộ"
        indexes = [models.Index(fields=["citizen", "-last_message_at"], name="question_citizen_recent")]
        permissions = [
            ("answer_question", "Trả lời câu hỏi của công dân"),
            ("mark_spam_question", "Đánh dấu câu hỏi là tin rác"),
            ("view_citizen_phone", "Xem số điện thoại của công dân đặt câu hỏi"),
        ]

    def __str__(self) -> str:
        return f"Câu hỏi #{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in (QuestionStatus.CLOSED, QuestionStatus.SPAM)


class Author(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    OFFICER = "officer", "Cán bộ"


class QuestionMessage(models.Model):
    question = models.ForeignKey(Question, verbose_name="câu hỏi", on_delete=models.CASCADE, related_name="messages")
    author = models.CharField("người viết", max_length=10, choices=Author.choices)
    officer = officer_link("cán bộ")
    officer_label = models.CharField("cán bộ (tên lúc trả lời)", max_length=150, blank=True)
    text = models.TextField("nội dung")
    created_at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    # The OA chat's message id: the same webhook event delivered twice makes one message.
    zalo_msg_id = models.CharField("mã tin nhắn Zalo", max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "tin nhắn"
        verbose_name_plural = "tin nhắn"

    def __str__(self) -> str:
        return f"{self.get_author_display()} {self.created_at:%H:%M %d/%m/%Y}"
