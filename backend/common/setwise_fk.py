"""Foreign keys checked once per statement instead of once per row (PostgreSQL), for the tables the sync fills.

A declared foreign key runs one check per inserted row: on a first import of 100,000 dossiers that is 500,000
lookups (the dossier's unit, procedure and officer, the event's dossier and officer), a large share of the
sync's database time. The same guarantee can be had once per statement, set-wise: triggers with transition
tables (PostgreSQL 10+) see all the rows a statement wrote and check them with one anti-join.

For a relationship child.column → parent.id this installs:
- after INSERT and after UPDATE on the child, per statement: the parents the new rows name are locked
  `FOR KEY SHARE` (what the per-row check does, so a concurrent delete of a parent waits for this transaction or
  fails) — except parents this transaction wrote itself, which no one else can delete before it ends — then any non-null value that names no parent raises `foreign_key_violation` (SQLSTATE 23503: Django's
  IntegrityError, as a declared key gives);
- after DELETE on the parent, per statement: if a child row still names a deleted parent, the delete fails the
  same way (Django applies on_delete first, CASCADE or SET_NULL or PROTECT, so its own deletes pass).
The checks are immediate (at the end of each statement), where Django's declared keys are deferred to the
commit: nothing in this project writes a dossier before its unit or procedure, or an event before its dossier.
A parent's id is never updated (Django never changes a primary key), so that case is not checked.

On SQLite (the embedded demo) nothing is installed: Django's on_delete still protects the rows it deletes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SetWiseKey:
    name: str  # short, unique: names the functions and triggers
    child: str
    column: str
    parent: str

    def forward_sql(self) -> str:
        n, child, parent = self.name, self.child, self.parent
        return (
            self.functions_sql()
            + f"""
CREATE TRIGGER {n}_ins AFTER INSERT ON {child} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {n}_child_check();
CREATE TRIGGER {n}_upd AFTER UPDATE ON {child} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {n}_child_check();
CREATE TRIGGER {n}_del AFTER DELETE ON {parent} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {n}_parent_check();
"""
        )

    def functions_sql(self) -> str:
        """The check functions alone (CREATE OR REPLACE): what a later migration re-runs to change them."""
        n, child, column, parent = self.name, self.child, self.column, self.parent
        return f"""
CREATE OR REPLACE FUNCTION {n}_child_check() RETURNS trigger LANGUAGE plpgsql AS $fk$
DECLARE
    named bigint[];
    missing bigint;
BEGIN
    -- Each parent once, however many new rows name it (5,000 synced dossiers name a few hundred units).
    SELECT array_agg(DISTINCT r.{column}) INTO named FROM new_rows r WHERE r.{column} IS NOT NULL;
    IF named IS NULL THEN
        RETURN NULL;
    END IF;
    -- A parent this transaction itself wrote (xmin: its own id) is not locked again: no other transaction can
    -- delete it before this one ends (an inserted row is invisible to them, an updated one is locked already).
    -- Locking it would rewrite its tuple header and log it, for each of the sync's 5,000 new dossiers a chunk.
    PERFORM 1 FROM {parent} p WHERE p.id = ANY (named) AND p.xmin <> pg_current_xact_id()::xid FOR KEY SHARE OF p;
    SELECT w INTO missing FROM unnest(named) w WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = w) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "{child}" violates foreign key "{n}"'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key ({column})=(%s) is not present in table "{parent}".', missing);
    END IF;
    RETURN NULL;
END
$fk$;

CREATE OR REPLACE FUNCTION {n}_parent_check() RETURNS trigger LANGUAGE plpgsql AS $fk$
DECLARE
    still bigint;
BEGIN
    SELECT o.id INTO still FROM old_rows o WHERE EXISTS (SELECT 1 FROM {child} c WHERE c.{column} = o.id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'delete on table "{parent}" violates foreign key "{n}" on table "{child}"'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "{child}".', still);
    END IF;
    RETURN NULL;
END
$fk$;
"""

    def reverse_sql(self) -> str:
        n = self.name
        return f"""
DROP TRIGGER IF EXISTS {n}_ins ON {self.child};
DROP TRIGGER IF EXISTS {n}_upd ON {self.child};
DROP TRIGGER IF EXISTS {n}_del ON {self.parent};
DROP FUNCTION IF EXISTS {n}_child_check();
DROP FUNCTION IF EXISTS {n}_parent_check();
"""


def install(keys: tuple[SetWiseKey, ...]) -> Any:
    """A migration operation installing `keys` on PostgreSQL (nothing elsewhere)."""
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for key in keys:
                schema_editor.execute(key.forward_sql(), params=None)

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for key in keys:
                schema_editor.execute(key.reverse_sql(), params=None)

    return migrations.RunPython(forward, backward)


def refresh(keys: tuple[SetWiseKey, ...]) -> Any:
    """A migration operation replacing the check functions of installed `keys` with today's (PostgreSQL);
    going back keeps today's, which check the same."""
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for key in keys:
                schema_editor.execute(key.functions_sql(), params=None)

    return migrations.RunPython(forward, migrations.RunPython.noop)
