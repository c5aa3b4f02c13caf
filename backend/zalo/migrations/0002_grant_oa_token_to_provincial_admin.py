from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, grant


def grant_oa(apps, schema_editor):
    grant(apps, {PROVINCIAL_ADMIN: ["zalo.view_oatoken", "zalo.change_oatoken", "zalo.view_webhookevent"]})


class Migration(migrations.Migration):
    dependencies = [("zalo", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(grant_oa, migrations.RunPython.noop)]
