from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, UNIT_LEADER, grant

LEAD = [
    "ratings.view_rating",
    "ratings.view_dashboard",
    "ratings.view_followup",
    "ratings.change_followup",
    "ratings.view_surveyresponse",
]


def grant_ratings(apps, schema_editor):
    # Unit leaders act on their subtree's ratings; reception officers do not see ratings about themselves.
    grant(apps, {UNIT_LEADER: LEAD, PROVINCIAL_ADMIN: LEAD})


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(grant_ratings, migrations.RunPython.noop)]
