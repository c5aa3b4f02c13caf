"""Satisfaction ratings (đánh giá sự hài lòng): one per dossier, a per-unit service survey, and the
follow-up a unit leader owes a citizen who was not satisfied.

The official scheme has three levels (docs/reference/domain.md). A rating copies the dossier's unit, procedure
and handling officer so every dashboard aggregate is a GROUP BY on one indexed table, never a join
through dossiers. The handling officer is the dossier's `created_by`: the officer who received it at
the Một cửa counter, the one the citizen met (sync-imported dossiers have none).
"""

from __future__ import annotations

from django.db import models

from common.models import officer_link


class Level(models.IntegerChoices):
    VERY_SATISFIED = 3, "Rất hài lòng"
    SATISFIED = 2, "Hài lòng"
    UNSATISFIED = 1, "Không hài lòng"


SATISFIED_LEVELS = (Level.VERY_SATISFIED, Level.SATISFIED)


class Driver(models.TextChoices):
    """What made the experience good or bad (optional chips after the tap)."""

    FAST = "fast", "Nhanh chóng"
    ON_TIME = "on_time", "Đúng hẹn"
    FRIENDLY = "friendly", "Thái độ cán bộ tận tình"
    CLEAR = "clear", "Hướng dẫn dễ hiểu"
    TRANSPARENT = "transparent", "Công khai, minh bạch"
    EASY = "easy", "Thủ tục đơn giản"
    SLOW = "slow", "Chờ đợi lâu"
    LATE = "late", "Trễ hẹn"
    UNFRIENDLY = "unfriendly", "Thái độ cán bộ chưa tốt"
    UNCLEAR = "unclear", "Hướng dẫn khó hiểu"
    MANY_TRIPS = "many_trips", "Phải đi lại nhiều lần"
    NOT_TRANSPARENT = "not_transparent", "Thiếu công khai, minh bạch"


POSITIVE_DRIVERS = (Driver.FAST, Driver.ON_TIME, Driver.FRIENDLY, Driver.CLEAR, Driver.TRANSPARENT, Driver.EASY)
NEGATIVE_DRIVERS = (
    Driver.SLOW,
    Driver.LATE,
    Driver.UNFRIENDLY,
    Driver.UNCLEAR,
    Driver.MANY_TRIPS,
    Driver.NOT_TRANSPARENT,
)


class Proof(models.TextChoices):
    LOOKUP = "lookup", "Tra cứu bằng mã hồ sơ và thông tin xác minh"
    PHONE = "phone", "Số điện thoại đã xác minh trùng với hồ sơ"
    FOLLOW = "follow", "Đang theo dõi hồ sơ (đã tra cứu trước đó)"


class Rating(models.Model):
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="rating", verbose_name="hồ sơ"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name="thủ tục"
    )
    officer = officer_link("cán bộ tiếp nhận")
    citizen = models.ForeignKey(
        "citizens.Citizen", on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings"
    )
    level = models.PositiveSmallIntegerField("mức độ hài lòng", choices=Level.choices)
    drivers = models.JSONField("yếu tố", default=list, blank=True)
    reason = models.TextField("lý do không hài lòng", blank=True)
    comment = models.TextField("góp ý", blank=True)
    proof = models.CharField("xác minh bằng", max_length=10, choices=Proof.choices)
    created_at = models.DateTimeField("đánh giá lúc", db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "đánh giá hồ sơ"
        verbose_name_plural = "đánh giá hồ sơ"
        permissions = [("view_dashboard", "Xem bảng theo dõi sự hài lòng và xuất báo cáo")]
        indexes = [
            # Each dashboard grouping filters by time and groups by one column, reading the level.
            models.Index(fields=["unit", "created_at", "level"], name="rating_unit_time"),
            models.Index(fields=["procedure", "created_at", "level"], name="rating_procedure_time"),
            models.Index(fields=["officer", "created_at", "level"], name="rating_officer_time"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_level_display()}"


class FollowUpState(models.TextChoices):
    OPEN = "open", "Chờ lãnh đạo trả lời"
    ANSWERED = "answered", "Đã trả lời công dân"


class FollowUp(models.Model):
    """A "Không hài lòng" opens one of these for the unit leader, with a deadline in working days."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="follow_up", verbose_name="đánh giá")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")
    state = models.CharField(
        "trạng thái", max_length=10, choices=FollowUpState.choices, default=FollowUpState.OPEN, db_index=True
    )
    deadline = models.DateField("hạn trả lời", db_index=True)
    reply = models.TextField("trả lời công dân", blank=True)
    answered_by = officer_link("người trả lời")
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    created_at = models.DateTimeField("mở lúc", auto_now_add=True)

    class Meta:
        ordering = ["state", "deadline", "id"]
        verbose_name = "việc cần xử lý (không hài lòng)"
        verbose_name_plural = "việc cần xử lý (không hài lòng)"

    def __str__(self) -> str:
        return f"Phản hồi đánh giá #{self.rating_id}"


class SurveyResponse(models.Model):
    """The service survey (khảo sát sự hài lòng) of a unit. Anonymous: no citizen, device or IP stored."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")
    level = models.PositiveSmallIntegerField("mức độ hài lòng", choices=Level.choices)
    drivers = models.JSONField("yếu tố", default=list, blank=True)
    comment = models.TextField("góp ý", blank=True)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "phiếu khảo sát"
        verbose_name_plural = "phiếu khảo sát sự hài lòng"
        indexes = [models.Index(fields=["unit", "created_at", "level"], name="survey_unit_time")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.get_level_display()}"
