from django.db import migrations, models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat


def legacy_families(apps, schema_editor):
    """Tokens issued before families existed cannot be told apart: one family per citizen, which is exactly what
    reuse revoked until now (every refresh token of the citizen)."""
    RefreshToken = apps.get_model("citizens", "RefreshToken")
    RefreshToken.objects.update(family=Concat(Value("legacy-"), Cast("citizen_id", CharField())))


class Migration(migrations.Migration):

    dependencies = [
        ("citizens", "0003_citizen_miniapp_notifications_allowed"),
    ]

    operations = [
        migrations.AddField(
            model_name="refreshtoken",
            name="family",
            field=models.CharField(db_index=True, default="", max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(legacy_families, migrations.RunPython.noop),
    ]
