"""unaccent and pg_trgm power diacritic- and typo-tolerant search on PostgreSQL.

Both are trusted extensions on PostgreSQL 13+, so the database owner can create them.
On other databases (the embedded SQLite mode) these operations do nothing.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [UnaccentExtension(), TrigramExtension()]
