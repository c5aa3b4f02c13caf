"""The dossier's and its events' foreign keys, checked once per statement (common/setwise_fk.py), hold exactly as
declared keys did: no row names a unit, procedure, officer or dossier that does not exist, whoever writes it."""

from __future__ import annotations

import threading

import psycopg2
import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from accounts.models import User
from dossiers.models import Dossier, DossierEvent
from tests.dossiers.conftest import receive
from tests.factories import UnitFactory
from units.models import Unit

MISSING = 987_654_321

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-wise keys are PostgreSQL's")


def _sql(statement: str, params: list | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.parametrize(
    ("column", "message"),
    [("unit_id", "units_unit"), ("procedure_id", "procedures_procedure"), ("created_by_id", "accounts_user")],
)
def test_a_dossier_naming_what_does_not_exist_is_refused_on_insert_and_on_update(
    tree, officer_a, procedure, column, message
):
    dossier = receive(officer_a, tree.unit_a, procedure, code="K-0001")
    values = ", ".join("%s" if name == column else name for name in _COPIED)
    with pytest.raises(IntegrityError, match=message):
        _sql(
            f"INSERT INTO dossiers_dossier (code, {', '.join(_COPIED)}) "
            f"SELECT 'K-0002', {values} FROM dossiers_dossier WHERE id = %s",
            [MISSING, dossier.pk],
        )
    with pytest.raises(IntegrityError, match=message):
        _sql(f"UPDATE dossiers_dossier SET {column} = %s WHERE id = %s", [MISSING, dossier.pk])
    dossier.refresh_from_db()
    assert getattr(dossier, column) != MISSING


def test_an_officer_link_may_be_empty(tree, officer_a, procedure):
    dossier = receive(officer_a, tree.unit_a, procedure, code="K-0001")
    Dossier.objects.filter(pk=dossier.pk).update(created_by=None)
    DossierEvent.objects.filter(dossier=dossier).update(actor=None)


def test_an_event_of_a_dossier_that_does_not_exist_is_refused(tree, officer_a, procedure):
    dossier = receive(officer_a, tree.unit_a, procedure, code="K-0001")
    event = DossierEvent.objects.filter(dossier=dossier).first()
    with pytest.raises(IntegrityError, match="dossiers_dossier"):
        with transaction.atomic():
            DossierEvent.objects.create(dossier_id=MISSING, status=1, occurred_at=event.occurred_at)
    with pytest.raises(IntegrityError, match="accounts_user"):
        with transaction.atomic():
            DossierEvent.objects.filter(pk=event.pk).update(actor_id=MISSING)


def test_a_unit_procedure_officer_or_dossier_still_named_cannot_be_deleted_behind_djangos_back(
    tree, officer_a, procedure
):
    dossier = receive(officer_a, tree.unit_a, procedure, code="K-0001")
    for table, pk in (
        ("units_unit", tree.unit_a.pk),
        ("procedures_procedure", procedure.pk),
        ("accounts_user", officer_a.pk),
        ("dossiers_dossier", dossier.pk),
    ):
        with pytest.raises(IntegrityError, match="still referenced"):
            _sql(f"DELETE FROM {table} WHERE id = %s", [pk])
    # Through Django, on_delete applies as before: PROTECT refuses, SET_NULL and CASCADE pass the checks.
    with pytest.raises(ProtectedError):
        Unit.objects.filter(pk=tree.unit_a.pk).delete()
    User.objects.filter(pk=officer_a.pk).delete()
    dossier.refresh_from_db()
    assert dossier.created_by_id is None
    Dossier.objects.filter(pk=dossier.pk).delete()
    assert not DossierEvent.objects.filter(dossier_id=dossier.pk).exists()


def test_the_keys_are_the_triggers_not_declared_constraints(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'pz_fk_%%' ORDER BY tgname"
        )
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid IN ('dossiers_dossier'::regclass, 'dossiers_dossierevent'::regclass)"
        )
        declared = cursor.fetchone()[0]
    names = ("dossier_unit", "dossier_procedure", "dossier_officer", "event_dossier", "event_officer")
    assert triggers == {f"pz_fk_{name}_{when}" for name in names for when in ("ins", "upd", "del")}
    assert declared == 0


def test_a_unit_deleted_while_a_dossier_naming_it_is_being_written_fails_one_of_the_two(
    transactional_db, tree, officer_a, procedure
):
    """The insert locks the units it names (FOR KEY SHARE, as a declared key does): a concurrent delete waits
    for it, then sees the new dossier and is refused. Neither ends with a dossier naming a deleted unit."""
    spare = UnitFactory(code="K-SPARE", name="Đơn vị thử khóa", parent=tree.province)
    dossier = receive(officer_a, tree.unit_a, procedure, code="K-0001")
    params = connection.get_connection_params()
    writer = psycopg2.connect(**params)
    deleter = psycopg2.connect(**params)
    outcome: dict[str, object] = {}
    try:
        with writer.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO dossiers_dossier (code, {', '.join(_COPIED)}) "
                f"SELECT 'K-0002', {', '.join(_COPIED)} FROM dossiers_dossier WHERE id = %s",
                [dossier.pk],
            )
            cursor.execute("UPDATE dossiers_dossier SET unit_id = %s WHERE code = 'K-0002'", [spare.pk])

        def delete() -> None:
            try:
                with deleter.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '20s'")
                    cursor.execute("DELETE FROM units_unit WHERE id = %s", [spare.pk])
                deleter.commit()
                outcome["deleted"] = True
            except psycopg2.Error as exc:
                deleter.rollback()
                outcome["error"] = exc.pgcode

        thread = threading.Thread(target=delete)
        thread.start()
        thread.join(timeout=1.5)
        assert thread.is_alive(), "the delete must wait for the writer's lock"
        writer.commit()
        thread.join(timeout=30)
        assert outcome == {"error": "23503"}  # foreign_key_violation
    finally:
        writer.close()
        deleter.close()
    assert Unit.objects.filter(pk=spare.pk).exists()
    assert Dossier.objects.get(code="K-0002").unit_id == spare.pk


# Every column of a dossier row but its id and code, for copying a row in SQL.
_COPIED = [f.column for f in Dossier._meta.concrete_fields if f.column not in ("id", "code")]


@pytest.mark.django_db(transaction=True)  # real transactions: a test's own savepoints have xids of their own
def test_an_event_locks_its_dossier_unless_the_same_transaction_wrote_the_dossier(tree, officer_a, procedure):
    """The lock that keeps a dossier from being deleted under its new event is taken (the tuple's xmax names
    the locker), except on a dossier this transaction itself wrote: the sync's events name the dossiers their
    own statement has just inserted, which no one else can see, let alone delete."""
    earlier = receive(officer_a, tree.unit_a, procedure, code="K-0001")

    def event_and_xmax(dossier_id: int) -> tuple[str, str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO dossiers_dossierevent (dossier_id, status, occurred_at, note, actor_label, source, "
                "created_at) VALUES (%s, 2, now(), '', '', 'sync', now())",
                [dossier_id],
            )
            cursor.execute(
                "SELECT xmax::text, pg_current_xact_id()::xid::text FROM dossiers_dossier WHERE id = %s", [dossier_id]
            )
            return cursor.fetchone()

    with transaction.atomic():
        xmax, me = event_and_xmax(earlier.pk)
        assert xmax == me  # a dossier of an earlier transaction: locked FOR KEY SHARE
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO dossiers_dossier (code, {', '.join(_COPIED)}) "
            f"SELECT 'K-0002', {', '.join(_COPIED)} FROM dossiers_dossier WHERE id = %s RETURNING id",
            [earlier.pk],
        )
        assert event_and_xmax(cursor.fetchone()[0])[0] == "0"  # written by this transaction: not locked again
