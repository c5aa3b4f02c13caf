from django.db import migrations, models


class Migration(migrations.Migration):
    """The officers' "Việc cần làm": open dossiers by appointment date (a partial index, closed rows not in it)."""

    dependencies = [("dossiers", "0012_access_log_action_labels")]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("status__in", [1, 2, 4, 5, 6])),
                fields=["appointment_date", "id"],
                name="dossier_open_by_appointment",
            ),
        ),
    ]
