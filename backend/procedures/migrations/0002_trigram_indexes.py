"""GIN trigram indexes for diacritic- and typo-tolerant search (PostgreSQL only; SQLite uses plain contains).

Partial: citizens only ever search published rows, so the index holds just those and matches the
public queries' `state = 'published'` condition as well.
"""

from django.db import migrations

INDEXES = [
    ("procedures_procedure", "search_text", "procedure_search_trgm"),
    ("procedures_procedure", "name_search", "procedure_name_trgm"),
    ("procedures_faq", "search_text", "faq_search_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops) WHERE state = 'published'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, _, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial"), ("common", "0001_postgres_extensions")]
    operations = [migrations.RunPython(create, drop)]
