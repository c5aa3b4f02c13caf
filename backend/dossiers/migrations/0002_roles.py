from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, UNIT_LEADER, UNIT_OFFICER, grant

WORK = [
    "dossiers.add_dossier",
    "dossiers.change_dossier",
    "dossiers.view_dossier",
    "dossiers.print_slip",
    "dossiers.view_dossierevent",
    "dossiers.view_holiday",
]
READ_LOG = ["dossiers.view_dossieraccesslog"]
CALENDAR = ["dossiers.add_holiday", "dossiers.change_holiday", "dossiers.delete_holiday"]


def grant_dossiers(apps, schema_editor):
    grant(apps, {
        UNIT_OFFICER: WORK,
        UNIT_LEADER: WORK + READ_LOG,
        PROVINCIAL_ADMIN: WORK + READ_LOG + CALENDAR,
    })


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(grant_dossiers, migrations.RunPython.noop)]
