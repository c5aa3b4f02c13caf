from __future__ import annotations

from django.conf import settings
from django.db import models


def officer_link(verbose_name: str, *, set_wise: bool = False) -> models.ForeignKey:
    """An optional link to the officer who did something (kept as null when the account is deleted; the
    rows that need a name keep their own label as well). `set_wise`: on a table the sync fills, the key is
    checked once per statement (common/setwise_fk.py) and the model indexes only the non-null values (a
    synced row has no officer), so neither costs the sync anything per row."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        db_index=not set_wise,
        db_constraint=not set_wise,
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True


class ExactMatchIndex(models.Index):
    """An index for a column read only by equality (a keyed hash): a hash index on PostgreSQL, a plain one
    elsewhere (SQLite, the embedded demo). A hash index keeps a 4-byte code per row where a B-tree keeps the
    whole 64-character value, so it has about a fifth of the pages: the bulk sync's random inserts touch, and
    after each checkpoint write to the WAL in full, five times fewer pages."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING hash"
        return super().create_sql(model, schema_editor, using=using, **kwargs)
