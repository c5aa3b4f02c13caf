"""Data: recompute the stored search columns now that normalize_search folds the i/y variants (ký/kí)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from common.search_columns import rebuild

    rebuild(
        procedure_model=apps.get_model("procedures", "Procedure"),
        faq_model=apps.get_model("procedures", "Faq"),
        unit_model=apps.get_model("units", "Unit"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0004_channel_fee_reduction_period"),
        ("units", "0001_initial"),
    ]

    # Backwards: the older columns are a subset-compatible form; nothing to undo.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
