from django.conf import settings
from django.db import migrations, models

from accounts.roles import PROVINCIAL_ADMIN, grant


def grant_recipients(apps, schema_editor):
    grant(apps, {PROVINCIAL_ADMIN: ["ops.view_alertrecipient", "ops.delete_alertrecipient"]})


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0004_plain_vietnamese"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AlertRecipient",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("follower_id", models.CharField(max_length=64, unique=True, verbose_name="mã người theo dõi OA")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="đăng ký lúc")),
                ("last_sent", models.DateTimeField(blank=True, null=True, verbose_name="gửi lần cuối")),
                ("last_error", models.CharField(blank=True, max_length=300, verbose_name="lỗi lần cuối")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="alert_recipients",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="cán bộ",
                    ),
                ),
            ],
            options={
                "verbose_name": "người nhận cảnh báo qua Zalo",
                "verbose_name_plural": "người nhận cảnh báo qua Zalo",
            },
        ),
        migrations.CreateModel(
            name="AlertEnrolment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code_hash", models.CharField(max_length=64, unique=True)),
                ("expires_at", models.DateTimeField(verbose_name="hết hạn")),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE, to=settings.AUTH_USER_MODEL, verbose_name="cán bộ"
                    ),
                ),
            ],
            options={
                "verbose_name": "mã đăng ký nhận cảnh báo",
                "verbose_name_plural": "mã đăng ký nhận cảnh báo",
            },
        ),
        migrations.RunPython(grant_recipients, migrations.RunPython.noop),
    ]
