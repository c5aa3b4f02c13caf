from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, grant


def grant_status(apps, schema_editor):
    grant(apps, {PROVINCIAL_ADMIN: ["ops.view_heartbeat"]})


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_heartbeat"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(grant_status, migrations.RunPython.noop)]
