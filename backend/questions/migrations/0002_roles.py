from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, UNIT_LEADER, UNIT_OFFICER, grant

# Reception officers answer, close and mark spam; leaders and the province also see the citizen's phone.
WORK = [
    "questions.view_question",
    "questions.change_question",
    "questions.answer_question",
    "questions.mark_spam_question",
]
PHONE = ["questions.view_citizen_phone"]


def seed(apps, schema_editor):
    grant(apps, {UNIT_OFFICER: WORK, UNIT_LEADER: WORK + PHONE, PROVINCIAL_ADMIN: WORK + PHONE})


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
