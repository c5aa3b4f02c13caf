from django.db import migrations

from accounts.roles import CONTENT_APPROVER, CONTENT_EDITOR, PROVINCIAL_ADMIN, UNIT_LEADER, grant

VIEW = ["usage.view_usage_dashboard", "usage.view_usagedaily"]


def grant_usage(apps, schema_editor):
    # Leaders report the figures upwards; editors read the to-do list of searches that found nothing.
    grant(apps, {PROVINCIAL_ADMIN: VIEW, UNIT_LEADER: VIEW, CONTENT_EDITOR: VIEW, CONTENT_APPROVER: VIEW})


class Migration(migrations.Migration):
    dependencies = [("usage", "0001_usage_figures"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(grant_usage, migrations.RunPython.noop)]
