"""The rating invitation also goes to dossiers that were not received (3) or were stopped (8): «đã có kết quả»
would be wrong for them. The shipped text becomes one that fits every case; a text an officer edited is kept."""

from django.db import migrations

SHIPPED = "Hồ sơ {procedure} đã có kết quả. Bạn hài lòng đến đâu với cách {unit} giải quyết? Chỉ mất một chạm."
NOW = "Việc giải quyết hồ sơ {procedure} đã kết thúc. Bạn hài lòng đến đâu với cách {unit} giải quyết? Chỉ mất một chạm."


def reword(apps, schema_editor):
    Template = apps.get_model("notifications", "NotificationTemplate")
    Template.objects.filter(kind="rating_reminder", body=SHIPPED).update(body=NOW)


def back(apps, schema_editor):
    Template = apps.get_model("notifications", "NotificationTemplate")
    Template.objects.filter(kind="rating_reminder", body=NOW).update(body=SHIPPED)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_merge_template_spelling_and_done_message")]

    operations = [migrations.RunPython(reword, back)]
