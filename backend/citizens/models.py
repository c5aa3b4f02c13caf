"""Citizens are not Django users: a Citizen is keyed by the Zalo user id that Zalo itself confirmed."""

from __future__ import annotations

from django.db import models

from common.models import TimeStampedModel


class Citizen(TimeStampedModel):
    zalo_user_id = models.CharField("mã người dùng Zalo", max_length=64, unique=True)  # > 2^53: a string
    display_name = models.CharField("tên hiển thị Zalo", max_length=200, blank=True)
    avatar_url = models.URLField("ảnh đại diện", max_length=500, blank=True)
    oa_follower_id = models.CharField("id người quan tâm OA", max_length=64, blank=True, db_index=True)
    follows_oa = models.BooleanField("đang quan tâm OA", default=False)
    # The citizen's last message to the OA chat (webhook user_send_*): the OA may answer with a consultation
    # message for NOTIFY_OA_CONSULTATION_WINDOW_HOURS after it.
    oa_last_message_at = models.DateTimeField("lần cuối nhắn tin cho OA", null=True, blank=True)
    last_seen_at = models.DateTimeField("lần cuối đăng nhập", null=True, blank=True)
    # The phone Zalo verified: encrypted, plus a keyed hash to match dossiers without decrypting.
    phone_encrypted = models.TextField("số điện thoại (đã mã hóa)", blank=True, editable=False)
    phone_hash = models.CharField("mã băm số điện thoại", max_length=64, blank=True, db_index=True, editable=False)
    phone_verified_at = models.DateTimeField("xác minh số điện thoại lúc", null=True, blank=True)
    # requestSendNotification() accepted in the Mini App: the Mini App notification channel may be used.
    miniapp_notifications_allowed = models.BooleanField("cho phép thông báo qua Mini App", default=False)

    class Meta:
        verbose_name = "công dân"
        verbose_name_plural = "công dân"

    def __str__(self) -> str:
        return self.display_name or f"Công dân #{self.pk}"

    # What DRF expects of request.user.
    is_authenticated = True
    is_anonymous = False


class RefreshToken(models.Model):
    """A long-lived, single-use, revocable credential; only its SHA-256 is stored.

    `family` is the sign-in it descends from: rotation hands it on, and reuse of any of them revokes them all
    (citizens/tokens.py)."""

    citizen = models.ForeignKey(
        Citizen, verbose_name="công dân", on_delete=models.CASCADE, related_name="refresh_tokens"
    )
    family = models.CharField("chuỗi phiên", max_length=40, db_index=True)
    token_hash = models.CharField("mã băm", max_length=64, unique=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    used_at = models.DateTimeField("dùng lúc", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["citizen", "revoked_at"])]
        verbose_name = "phiên đăng nhập của công dân"
        verbose_name_plural = "phiên đăng nhập của công dân"

    def __str__(self) -> str:
        return f"Phiên đăng nhập của công dân #{self.citizen_id}"


class ConsentPurpose(models.TextChoices):
    """One per purpose the citizen is asked about; the texts shown and their versions: citizens/consents.py."""

    PHONE = "phone", "Dùng số điện thoại đã xác minh để tìm hồ sơ của tôi và gửi thông báo về hồ sơ"
    NOTIFICATIONS = "notifications", "Nhận thông báo về hồ sơ qua Mini App"
    FOLLOW = "follow", "Theo dõi hồ sơ và nhận tin khi hồ sơ thay đổi"
    REPORT = "report", "Gửi tin báo, phản ánh có ghi tên"
    RATING = "rating", "Đánh giá sự hài lòng gắn với tài khoản Zalo"


class Consent(models.Model):
    """What the citizen agreed to, when, on which text, and when they withdrew (Luật Bảo vệ dữ liệu cá nhân
    2025; docs/du-lieu-ca-nhan.md). One row per act: each dossier followed, named report sent or rating given
    has its own, naming it in `subject` (and its id in `object_id`, so withdrawing can undo that one act)."""

    citizen = models.ForeignKey(Citizen, verbose_name="công dân", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField("mục đích", max_length=30, choices=ConsentPurpose.choices)
    subject = models.CharField("về việc", max_length=120, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True, editable=False)
    text_version = models.CharField("phiên bản nội dung", max_length=20)
    granted_at = models.DateTimeField("đồng ý lúc")
    withdrawn_at = models.DateTimeField("rút lại lúc", null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = "sự đồng ý"
        verbose_name_plural = "sự đồng ý xử lý dữ liệu"
        indexes = [models.Index(fields=["citizen", "purpose", "object_id"], name="consent_citizen_purpose")]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.purpose}"
