from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, UNIT_LEADER, UNIT_OFFICER, grant

READ = ["inbox.view_apology"]
LEAD = READ + ["inbox.view_digestdelivery", "inbox.view_officerzalo"]
ADMIN = LEAD + ["inbox.add_officerzalo", "inbox.change_officerzalo", "inbox.delete_officerzalo"]


def grant_inbox(apps, schema_editor):
    grant(apps, {UNIT_OFFICER: READ, UNIT_LEADER: LEAD, PROVINCIAL_ADMIN: ADMIN})


class Migration(migrations.Migration):
    dependencies = [("inbox", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(grant_inbox, migrations.RunPython.noop)]
