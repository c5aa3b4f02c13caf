"""A backup restores into a fresh database with the same row counts, media included."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from ops.backup import DatabaseTarget, backup_create, backup_prune, table_row_counts
from units.models import Unit

RESTORE_DB = "pz_restore_check"


def _admin_connection():
    params = connection.get_connection_params()
    params.pop("database", None)
    params.pop("dbname", None)
    conn = psycopg2.connect(dbname="postgres", **params)
    conn.autocommit = True
    return conn


@pytest.fixture
def fresh_database():
    conn = _admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}"')
        cursor.execute(f'CREATE DATABASE "{RESTORE_DB}"')
    yield RESTORE_DB
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')
    conn.close()


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_equal_row_counts(tmp_path, settings, fresh_database):
    if connection.vendor != "postgresql":
        pytest.skip("the production backup path is PostgreSQL")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.PRIVATE_MEDIA_ROOT / "reports").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "reports" / "anh.jpg").write_bytes(b"\xff\xd8photo")
    call_command("demo_data", stdout=StringIO())
    source = DatabaseTarget.from_settings(connection.settings_dict)
    before = table_row_counts(source)
    assert before["units_unit"] >= 20

    out = StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out)
    archive = next((tmp_path / "backups").glob("policezalo-backup-*.tar.gz"))

    (settings.PRIVATE_MEDIA_ROOT / "reports" / "anh.jpg").unlink()
    url = f"postgres://{source.user}@{source.host or '127.0.0.1'}:{source.port or 5432}/{fresh_database}"
    out = StringIO()
    call_command("restore", str(archive), "--database-url", url, "--yes", stdout=out)
    assert "khớp" in out.getvalue()

    restored = table_row_counts(
        DatabaseTarget(
            vendor="postgresql",
            name=fresh_database,
            host=source.host,
            port=source.port,
            user=source.user,
            password=source.password,
        )
    )
    assert restored == before
    assert (settings.PRIVATE_MEDIA_ROOT / "reports" / "anh.jpg").read_bytes() == b"\xff\xd8photo"
    Unit.objects.all().count()  # the source database is untouched and still usable


def test_prune_keeps_recent_archives_and_always_the_newest(tmp_path):
    now = timezone.now()
    for days in (1, 10, 20, 40):
        stamp = (now - timedelta(days=days)).strftime("%Y%m%d-%H%M%S")
        (tmp_path / f"policezalo-backup-{stamp}.tar.gz").write_bytes(b"x")
    removed = backup_prune(backup_dir=tmp_path, retention_days=14, now=now)
    assert len(removed) == 2
    assert len(list(tmp_path.glob("*.tar.gz"))) == 2
    # Even when every archive is old, the newest one stays.
    removed = backup_prune(backup_dir=tmp_path, retention_days=0, now=now + timedelta(days=365))
    assert len(list(tmp_path.glob("*.tar.gz"))) == 1


def test_embedded_sqlite_backup_and_restore(tmp_path, settings, db):
    import sqlite3

    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(5)])
    from ops import backup

    settings.MEDIA_ROOT = tmp_path / "m"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "pm"
    target = DatabaseTarget(vendor="sqlite", name=str(database))
    archive = backup_create(backup_dir=tmp_path / "b", retention_days=7, target=target)
    with sqlite3.connect(database) as conn:
        conn.execute("DELETE FROM t")
    assert backup.backup_restore(archive=archive, target=target) == {}
    assert table_row_counts(target) == {"t": 5}
    assert Path(archive).name.startswith("policezalo-backup-")
