"""The "done" message said to come to the counter with the slip and an ID, wrong when the result goes by post or
is a database update seen on VNeID. It now says the dossier's own next step ({next_step}, dossiers/texts.py).
Only the text as shipped is replaced: a template an officer has edited is kept."""

from django.db import migrations

SHIPPED_BODY = "Mời bạn đến nhận kết quả tại {collect_location} ({collect_note}). Mang theo giấy hẹn và giấy tờ tuỳ thân."
NEW_BODY = "Hồ sơ {procedure} đã có kết quả. {next_step}"


def forwards(apps, schema_editor):
    Template = apps.get_model("notifications", "NotificationTemplate")
    # The spelling migration (0005_template_spelling) may have run first and respelled «tuỳ» as «tùy».
    shipped = [SHIPPED_BODY, SHIPPED_BODY.replace("tuỳ", "tùy")]
    Template.objects.filter(kind="done", body__in=shipped).update(body=NEW_BODY, button_label="Xem hồ sơ")


def backwards(apps, schema_editor):
    Template = apps.get_model("notifications", "NotificationTemplate")
    Template.objects.filter(kind="done", body=NEW_BODY).update(body=SHIPPED_BODY, button_label="Xem nơi nhận")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_plain_vietnamese")]
    operations = [migrations.RunPython(forwards, backwards)]
