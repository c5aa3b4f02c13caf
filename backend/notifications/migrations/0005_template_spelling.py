"""The seeded templates in the one spelling (docs/thuat-ngu.md): «tùy thân», not «tuỳ thân». A template an
officer has edited is left as they wrote it, except for this one word."""

from django.db import migrations


def respell(apps, schema_editor):
    Template = apps.get_model("notifications", "NotificationTemplate")
    for template in Template.objects.filter(body__contains="tuỳ thân"):
        template.body = template.body.replace("tuỳ thân", "tùy thân")
        template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_plain_vietnamese")]

    operations = [migrations.RunPython(respell, migrations.RunPython.noop)]
