"""Content belongs to a unit (docs/guides.md, "Quy trình duyệt"): existing article rows go to the
province's root unit; who last edited it, who approved it for the unit, and a change waiting beside published content."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def to_root_unit(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    root = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if root is None:  # an empty database: rows written later get the root unit on save
        return
    for name in ['Article']:
        apps.get_model("news", name).objects.filter(owner_unit__isnull=True).update(owner_unit=root)


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0001_initial'),
        ('units', '0002_plain_vietnamese'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='last_edited_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='sửa gần nhất lúc'),
        ),
        migrations.AddField(
            model_name='article',
            name='last_edited_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người sửa gần nhất'),
        ),
        migrations.AddField(
            model_name='article',
            name='owner_unit',
            field=models.ForeignKey(blank=True, help_text='Biên tập viên, người duyệt của đơn vị này (và đơn vị cấp trên) sửa và duyệt nội dung.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='units.unit', verbose_name='đơn vị quản lý nội dung'),
        ),
        migrations.AddField(
            model_name='article',
            name='pending_changes',
            field=models.JSONField(blank=True, editable=False, help_text='Giá trị mới của các ô đã sửa.', null=True, verbose_name='thay đổi chờ duyệt'),
        ),
        migrations.AddField(
            model_name='article',
            name='pending_state',
            field=models.CharField(blank=True, choices=[('', 'Không có'), ('in_review', 'Thay đổi chờ duyệt'), ('unit_approved', 'Thay đổi đơn vị đã duyệt, chờ tỉnh duyệt')], default='', max_length=20, verbose_name='trạng thái thay đổi'),
        ),
        migrations.AddField(
            model_name='article',
            name='unit_approved_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='đơn vị duyệt lúc'),
        ),
        migrations.AddField(
            model_name='article',
            name='unit_approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người duyệt cấp đơn vị'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='last_edited_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='sửa gần nhất lúc'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='last_edited_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người sửa gần nhất'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='owner_unit',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Biên tập viên, người duyệt của đơn vị này (và đơn vị cấp trên) sửa và duyệt nội dung.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.unit', verbose_name='đơn vị quản lý nội dung'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='pending_changes',
            field=models.JSONField(blank=True, editable=False, help_text='Giá trị mới của các ô đã sửa.', null=True, verbose_name='thay đổi chờ duyệt'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='pending_state',
            field=models.CharField(blank=True, choices=[('', 'Không có'), ('in_review', 'Thay đổi chờ duyệt'), ('unit_approved', 'Thay đổi đơn vị đã duyệt, chờ tỉnh duyệt')], default='', max_length=20, verbose_name='trạng thái thay đổi'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='unit_approved_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='đơn vị duyệt lúc'),
        ),
        migrations.AddField(
            model_name='historicalarticle',
            name='unit_approved_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người duyệt cấp đơn vị'),
        ),
        migrations.AlterField(
            model_name='article',
            name='state',
            field=models.CharField(choices=[('draft', 'Bản nháp'), ('in_review', 'Chờ duyệt'), ('unit_approved', 'Đơn vị đã duyệt, chờ tỉnh duyệt'), ('published', 'Đã đăng'), ('archived', 'Lưu trữ')], default='draft', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='state',
            field=models.CharField(choices=[('draft', 'Bản nháp'), ('in_review', 'Chờ duyệt'), ('unit_approved', 'Đơn vị đã duyệt, chờ tỉnh duyệt'), ('published', 'Đã đăng'), ('archived', 'Lưu trữ')], default='draft', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.RunPython(to_root_unit, migrations.RunPython.noop),
    ]
