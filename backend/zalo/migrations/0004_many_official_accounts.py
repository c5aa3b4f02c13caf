"""Many OAs: the single OA token row becomes the province's OA (its tokens kept), and followers per OA."""

import django.db.models.deletion
from django.db import migrations, models

from accounts.roles import PROVINCIAL_ADMIN, grant


def province_from_token(apps, schema_editor):
    OfficialAccount = apps.get_model("zalo", "OfficialAccount")
    from django.conf import settings

    first = OfficialAccount.objects.order_by("pk").first()
    if first is not None:
        OfficialAccount.objects.filter(pk=first.pk).update(
            is_province=True, name="OA Công an tỉnh", oa_id=getattr(settings, "ZALO_OA_ID", "") or ""
        )
        OfficialAccount.objects.exclude(pk=first.pk).delete()  # there was only ever one row (pk 1)
    else:  # a new install: the province's OA is there to authorise
        OfficialAccount.objects.create(
            is_province=True, name="OA Công an tỉnh", oa_id=getattr(settings, "ZALO_OA_ID", "") or ""
        )


def grant_oa(apps, schema_editor):
    grant(
        apps,
        {
            PROVINCIAL_ADMIN: [
                "zalo.view_officialaccount",
                "zalo.change_officialaccount",
                "zalo.add_officialaccount",
                "zalo.view_oafollower",
            ]
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("zalo", "0003_plain_vietnamese"),
        ("units", "0001_initial"),
        ("accounts", "0003_role_groups"),
    ]

    operations = [
        migrations.RenameModel("OAToken", "OfficialAccount"),
        migrations.AddField(
            model_name="officialaccount",
            name="name",
            field=models.CharField(default="OA Công an tỉnh", max_length=200, verbose_name="tên OA"),
        ),
        migrations.AddField(
            model_name="officialaccount",
            name="oa_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Mã OA do Zalo cấp; sự kiện Zalo gửi về được chuyển tới OA có mã này. Để trống: điền khi cấp quyền.",
                max_length=64,
                verbose_name="mã OA (oa_id)",
            ),
        ),
        migrations.AddField(
            model_name="officialaccount",
            name="is_province",
            field=models.BooleanField(default=False, verbose_name="OA cấp tỉnh"),
        ),
        migrations.AddField(
            model_name="officialaccount",
            name="unit",
            field=models.OneToOneField(
                blank=True,
                help_text="Đơn vị sở hữu OA (để trống với OA cấp tỉnh).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="official_account",
                to="units.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AddField(
            model_name="officialaccount",
            name="url",
            field=models.URLField(blank=True, help_text="Ví dụ https://zalo.me/<mã OA>", verbose_name="đường dẫn OA"),
        ),
        migrations.AddField(
            model_name="officialaccount",
            name="broadcast_monthly_quota",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Số tin truyền thông OA được gửi trong tháng theo gói của Zalo; để trống: dùng cấu hình chung.",
                null=True,
                verbose_name="hạn mức tin truyền thông mỗi tháng",
            ),
        ),
        migrations.RunPython(province_from_token, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="officialaccount",
            options={
                "ordering": ["-is_province", "name"],
                "verbose_name": "Zalo OA",
                "verbose_name_plural": "Zalo OA (mã truy cập, người quan tâm)",
            },
        ),
        migrations.AddConstraint(
            model_name="officialaccount",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_province", True)), fields=("is_province",), name="zalo_one_province_oa"
            ),
        ),
        migrations.AddConstraint(
            model_name="officialaccount",
            constraint=models.UniqueConstraint(
                condition=models.Q(("oa_id", ""), _negated=True), fields=("oa_id",), name="zalo_oa_id_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="officialaccount",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("is_province", True), ("unit__isnull", True)),
                    models.Q(("is_province", False), ("unit__isnull", False)),
                    _connector="OR",
                ),
                name="zalo_oa_province_or_unit",
            ),
        ),
        migrations.CreateModel(
            name="OAFollower",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("follower_id", models.CharField(max_length=64, verbose_name="id người quan tâm (theo OA)")),
                (
                    "zalo_user_id",
                    models.CharField(blank=True, db_index=True, max_length=64, verbose_name="id người dùng Mini App"),
                ),
                ("following", models.BooleanField(default=True, verbose_name="đang quan tâm")),
                ("followed_at", models.DateTimeField(blank=True, null=True, verbose_name="quan tâm lúc")),
                ("unfollowed_at", models.DateTimeField(blank=True, null=True, verbose_name="bỏ quan tâm lúc")),
                (
                    "oa",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="followers",
                        to="zalo.officialaccount",
                        verbose_name="OA",
                    ),
                ),
            ],
            options={
                "verbose_name": "người quan tâm OA",
                "verbose_name_plural": "người quan tâm OA",
                "indexes": [models.Index(fields=["oa", "following"], name="zalo_oafoll_oa_id_e78c13_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("oa", "follower_id"), name="zalo_follower_once_per_oa")
                ],
            },
        ),
        migrations.RunPython(grant_oa, migrations.RunPython.noop),
    ]
