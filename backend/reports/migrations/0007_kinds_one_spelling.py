"""The crime kind's description says "ma túy", the spelling used everywhere else (docs/thuat-ngu.md).

Only a description still as shipped is changed: a text an editor rewrote is theirs."""

from django.db import migrations

OLD = "ma tuý"
NEW = "ma túy"


def respell(kinds: list[dict]) -> list[dict]:
    """The shipped kinds as this migration leaves them (tests/reports/test_kinds.py)."""
    return [{**kind, "description": kind["description"].replace(OLD, NEW)} for kind in kinds]


def forwards(apps, schema_editor):
    ReportKind = apps.get_model("reports", "ReportKind")
    for kind in ReportKind.objects.filter(description__contains=OLD):
        kind.description = kind.description.replace(OLD, NEW)
        kind.save(update_fields=["description"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_merge_plain_vietnamese_and_clocks")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
