from django.db import migrations

from accounts.roles import CONTENT_APPROVER, CONTENT_EDITOR, PROVINCIAL_ADMIN, grant

EDIT = [
    f"{app}.{action}_{model}"
    for app, models in {
        "procedures": ["procedure", "procedurestep", "procedurecase", "casedocument", "procedurechannel", "faq"],
        "news": ["article"],
    }.items()
    for model in models
    for action in ("add", "change", "view")
] + ["procedures.view_field", "procedures.view_procedurefeedback"]
PUBLISH = ["procedures.publish_procedure", "procedures.publish_faq", "news.publish_article"]
DELETE = [f"procedures.delete_{m}" for m in ("procedurestep", "procedurecase", "casedocument", "procedurechannel")]
MANAGE = ["procedures.add_field", "procedures.change_field"]


def grant_content(apps, schema_editor):
    grant(apps, {
        CONTENT_EDITOR: EDIT + DELETE,
        CONTENT_APPROVER: EDIT + DELETE + PUBLISH + MANAGE,
        PROVINCIAL_ADMIN: EDIT + DELETE + PUBLISH + MANAGE,
    })


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_trigram_indexes"), ("news", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(grant_content, migrations.RunPython.noop)]
