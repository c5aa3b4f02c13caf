"""Clocks as rules: a unit that can be calendar months, a start point (receipt or acceptance), an optional
acceptance clock, extension steps; the report's acceptance date, pause date and outcome; the date a clock
event took effect. The old "max_total_days" (tố giác: 120 days) becomes extension steps counted in months."""

from django.db import migrations, models

import reports.models

MONTH_DAYS = 30


def steps_from_total(total_days):
    """120 days (the "2 + 2 months" of tố giác) → up to 2 months from receipt, then up to 4 months from receipt;
    another total stays one step in days."""
    if total_days is None:
        return []
    if total_days % MONTH_DAYS == 0 and total_days >= 2 * MONTH_DAYS:
        months = total_days // MONTH_DAYS
        return [
            {"amount": months // 2, "unit": "months", "mode": "until"},
            {"amount": months, "unit": "months", "mode": "until"},
        ]
    return [{"amount": total_days, "unit": "calendar", "mode": "until"}]


def convert(apps, schema_editor):
    ReportKind = apps.get_model("reports", "ReportKind")
    for kind in ReportKind.objects.all():
        kind.extension_steps = steps_from_total(kind.max_total_days)
        if kind.code == "to-giac-toi-pham":
            kind.legal_track = "crime"
            kind.allows_pause = True
            kind.legal_basis = "Bộ luật Tố tụng hình sự 2015, Điều 144–149; TT 28/2020/TT-BCA"
        kind.save()


def back(apps, schema_editor):
    ReportKind = apps.get_model("reports", "ReportKind")
    for kind in ReportKind.objects.all():
        total = None
        for step in kind.extension_steps or []:
            days = step["amount"] * (MONTH_DAYS if step["unit"] == "months" else 1)
            total = days if step["mode"] == "until" else (total or kind.clock_amount or 0) + days
        kind.max_total_days = total
        kind.save()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_staged_media")]

    operations = [
        migrations.RenameField("reportkind", "clock_days", "clock_amount"),
        migrations.AlterField(
            model_name="reportkind",
            name="clock_unit",
            field=models.CharField(
                choices=[("calendar", "Ngày (theo lịch)"), ("working", "Ngày làm việc"), ("months", "Tháng (theo lịch)")],
                default="calendar",
                max_length=10,
                verbose_name="đơn vị thời hạn",
            ),
        ),
        migrations.AddField(
            model_name="reportkind",
            name="legal_track",
            field=models.CharField(
                choices=[
                    ("general", "Phản ánh, kiến nghị, tin khác (thời hạn do Công an tỉnh quy định)"),
                    ("crime", "Tố giác, tin báo về tội phạm (Bộ luật Tố tụng hình sự)"),
                    ("denunciation", "Tố cáo (Luật Tố cáo)"),
                    ("complaint", "Khiếu nại (Luật Khiếu nại)"),
                ],
                default="general",
                help_text="Quyết định các kết quả cán bộ ghi nhận (khởi tố, kết luận tố cáo…) và việc tạm đình chỉ.",
                max_length=20,
                verbose_name="quy trình theo luật",
            ),
        ),
        migrations.AddField(
            model_name="reportkind",
            name="accept_amount",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Tính từ ngày tiếp nhận (tố cáo: 7 ngày làm việc). Để trống nếu loại này không có bước thụ lý.",
                null=True,
                verbose_name="thời hạn thụ lý",
            ),
        ),
        migrations.AddField(
            model_name="reportkind",
            name="accept_unit",
            field=models.CharField(
                choices=[("calendar", "Ngày (theo lịch)"), ("working", "Ngày làm việc"), ("months", "Tháng (theo lịch)")],
                default="working",
                max_length=10,
                verbose_name="đơn vị thời hạn thụ lý",
            ),
        ),
        migrations.AddField(
            model_name="reportkind",
            name="clock_start",
            field=models.CharField(
                choices=[("received", "Từ ngày tiếp nhận"), ("accepted", "Từ ngày thụ lý")],
                default="received",
                max_length=10,
                verbose_name="thời hạn tính từ",
            ),
        ),
        migrations.AddField(
            model_name="reportkind",
            name="extension_steps",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text='Mỗi lần gia hạn dùng một bước, theo thứ tự. Ví dụ tố giác tội phạm: [{"amount": 2, "unit": "months", "mode": "until"}, {"amount": 4, "unit": "months", "mode": "until"}] (không quá 2 tháng, rồi tổng cộng không quá 4 tháng). unit: calendar, working, months; mode: until (tổng từ ngày bắt đầu), add (cộng thêm). Để trống: gia hạn tự do đến ngày cán bộ chọn.',
                validators=[reports.models.extension_steps_validate],
                verbose_name="các bước gia hạn",
            ),
        ),
        migrations.AddField(
            model_name="reportkind",
            name="allows_pause",
            field=models.BooleanField(
                default=False,
                help_text="Trong thời gian tạm đình chỉ, thời hạn ngừng tính; khi phục hồi giải quyết thì tính tiếp.",
                verbose_name="cho phép tạm đình chỉ",
            ),
        ),
        migrations.RunPython(convert, back),
        migrations.RemoveField("reportkind", "max_total_days"),
        migrations.AddField(
            model_name="report",
            name="accepted_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày thụ lý"),
        ),
        migrations.AddField(
            model_name="report",
            name="paused_on",
            field=models.DateField(blank=True, null=True, verbose_name="tạm đình chỉ từ ngày"),
        ),
        migrations.AddField(
            model_name="report",
            name="outcome",
            field=models.CharField(blank=True, choices=reports.models.Outcome.choices, max_length=30, verbose_name="kết quả"),
        ),
        migrations.AddField(
            model_name="reportevent",
            name="effective_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày quyết định"),
        ),
        migrations.AddField(
            model_name="reportevent",
            name="outcome",
            field=models.CharField(blank=True, choices=reports.models.Outcome.choices, max_length=30, verbose_name="kết quả"),
        ),
        migrations.AlterField(
            model_name='report',
            name='due_date',
            field=models.DateField(blank=True, db_index=True, null=True, verbose_name='hạn'),
        ),
        migrations.AlterField(
            model_name='report',
            name='status',
            field=models.CharField(choices=[('received', 'Đã tiếp nhận'), ('verifying', 'Đang xác minh'), ('accepted', 'Đã thụ lý'), ('processing', 'Đang giải quyết'), ('suspended', 'Tạm đình chỉ'), ('forwarded', 'Đã chuyển đơn vị có thẩm quyền'), ('resolved', 'Đã giải quyết'), ('not_accepted', 'Không thụ lý'), ('not_competent', 'Không thuộc thẩm quyền'), ('rejected_false', 'Không có cơ sở / tin sai sự thật'), ('spam', 'Tin rác, quấy rối')], db_index=True, default='received', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AlterField(
            model_name='reportaccesslog',
            name='action',
            field=models.CharField(choices=[('list', 'Xem danh sách'), ('view', 'Xem chi tiết'), ('status', 'Chuyển trạng thái'), ('forward', 'Chuyển đơn vị'), ('accept', 'Thụ lý'), ('extend', 'Gia hạn'), ('pause', 'Tạm đình chỉ'), ('resume', 'Phục hồi giải quyết'), ('outcome', 'Ghi kết quả'), ('reply', 'Trả lời công dân'), ('print', 'In biên bản'), ('attachment', 'Mở tệp đính kèm'), ('contact', 'Xem thông tin liên hệ')], max_length=20, verbose_name='thao tác'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='previous_status',
            field=models.CharField(blank=True, choices=[('received', 'Đã tiếp nhận'), ('verifying', 'Đang xác minh'), ('accepted', 'Đã thụ lý'), ('processing', 'Đang giải quyết'), ('suspended', 'Tạm đình chỉ'), ('forwarded', 'Đã chuyển đơn vị có thẩm quyền'), ('resolved', 'Đã giải quyết'), ('not_accepted', 'Không thụ lý'), ('not_competent', 'Không thuộc thẩm quyền'), ('rejected_false', 'Không có cơ sở / tin sai sự thật'), ('spam', 'Tin rác, quấy rối')], max_length=20, verbose_name='trạng thái trước'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='status',
            field=models.CharField(choices=[('received', 'Đã tiếp nhận'), ('verifying', 'Đang xác minh'), ('accepted', 'Đã thụ lý'), ('processing', 'Đang giải quyết'), ('suspended', 'Tạm đình chỉ'), ('forwarded', 'Đã chuyển đơn vị có thẩm quyền'), ('resolved', 'Đã giải quyết'), ('not_accepted', 'Không thụ lý'), ('not_competent', 'Không thuộc thẩm quyền'), ('rejected_false', 'Không có cơ sở / tin sai sự thật'), ('spam', 'Tin rác, quấy rối')], max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AlterField(
            model_name='reportevent',
            name='type',
            field=models.CharField(choices=[('received', 'Tiếp nhận'), ('status', 'Chuyển trạng thái'), ('forward', 'Chuyển đơn vị'), ('accept', 'Thụ lý'), ('extend', 'Gia hạn'), ('pause', 'Tạm đình chỉ'), ('resume', 'Phục hồi giải quyết'), ('outcome', 'Kết quả giải quyết'), ('reply', 'Trả lời công dân')], max_length=10, verbose_name='loại'),
        ),
    ]
