"""A backup restores into a fresh database with the same row counts, media included."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from ops import backup
from ops.backup import (
    BackupError,
    DatabaseTarget,
    backup_create,
    backup_keygen,
    backup_latest,
    backup_prune,
    table_row_counts,
)
from units.models import Unit


def _restore_db() -> str:
    """Beside the test database, per xdist worker: test_pz_gw0 restores into test_pz_gw0_restore."""
    return f"{connection.settings_dict['NAME']}_restore"


def _admin_connection():
    params = connection.get_connection_params()
    params.pop("database", None)
    params.pop("dbname", None)
    conn = psycopg2.connect(dbname="postgres", **params)
    conn.autocommit = True
    return conn


@pytest.fixture
def fresh_database():
    name = _restore_db()
    conn = _admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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

    identity_text, public = backup_keygen()
    identity = tmp_path / "offline" / "backup-key.txt"  # kept apart from the backup folder
    identity.parent.mkdir()
    identity.write_text(identity_text)
    settings.BACKUP_AGE_RECIPIENTS = [public]
    settings.BACKUP_ALLOW_UNENCRYPTED = False

    out = StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out)
    assert "đã mã hóa" in out.getvalue()
    archive = next((tmp_path / "backups").glob("policezalo-backup-*.tar.age"))
    # Nothing readable in the backup folder: the archive and the media objects are age files.
    for stored in (tmp_path / "backups").rglob("*.age"):
        assert stored.read_bytes().startswith(b"age-encryption.org/v1"), stored
    assert b"photo" not in b"".join(p.read_bytes() for p in (tmp_path / "backups").rglob("*") if p.is_file())

    (settings.PRIVATE_MEDIA_ROOT / "reports" / "anh.jpg").unlink()
    url = f"postgres://{source.user}@{source.host or '127.0.0.1'}:{source.port or 5432}/{fresh_database}"
    with pytest.raises(CommandError, match="khóa bí mật"):
        call_command("restore", str(archive), "--database-url", url, "--yes", stdout=StringIO())
    out = StringIO()
    call_command("restore", str(archive), "--identity", str(identity), "--database-url", url, "--yes", stdout=out)
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


def test_embedded_sqlite_backup_and_restore(tmp_path, settings, db):
    import sqlite3

    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(5)])
    settings.MEDIA_ROOT = tmp_path / "m"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "pm"
    target = DatabaseTarget(vendor="sqlite", name=str(database))
    archive = backup_create(backup_dir=tmp_path / "b", retention_days=7, target=target, recipients=[]).archive
    with sqlite3.connect(database) as conn:
        conn.execute("DELETE FROM t")
    assert backup.backup_restore(archive=archive, target=target) == {}
    assert table_row_counts(target) == {"t": 5}
    assert Path(archive).name.startswith("policezalo-backup-")


def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    (settings.PRIVATE_MEDIA_ROOT / "reports").mkdir(parents=True)
    return settings.PRIVATE_MEDIA_ROOT / "reports"


def _sqlite(tmp_path):
    import sqlite3

    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE t (x)")
    return DatabaseTarget(vendor="sqlite", name=str(database))


def test_production_refuses_an_unencrypted_backup(tmp_path, settings):
    settings.BACKUP_ALLOW_UNENCRYPTED = False
    with pytest.raises(BackupError, match="BACKUP_AGE_RECIPIENTS"):
        backup_create(backup_dir=tmp_path / "b", retention_days=7, target=_sqlite(tmp_path), recipients=[])
    assert not list((tmp_path / "b").glob("policezalo-backup-*"))


def test_a_second_backup_stores_only_the_new_media_files(tmp_path, settings):
    reports = _media(settings, tmp_path)
    (reports / "video.mp4").write_bytes(b"v" * 100_000)
    (reports / "anh.jpg").write_bytes(b"photo-1")
    _identity, public = backup_keygen()
    target = _sqlite(tmp_path)
    now = timezone.now()
    first = backup_create(backup_dir=tmp_path / "b", retention_days=7, target=target, recipients=[public], now=now)
    assert (first.media_files, first.new_objects) == (2, 2)
    (reports / "anh-2.jpg").write_bytes(b"photo-2")
    second = backup_create(
        backup_dir=tmp_path / "b", retention_days=7, target=target, recipients=[public], now=now + timedelta(hours=1)
    )
    assert (second.media_files, second.new_objects) == (3, 1)
    # The same content under another name is stored once.
    (reports / "copy.mp4").write_bytes(b"v" * 100_000)
    third = backup_create(
        backup_dir=tmp_path / "b", retention_days=7, target=target, recipients=[public], now=now + timedelta(hours=2)
    )
    assert (third.media_files, third.new_objects) == (4, 0)
    assert len(list((tmp_path / "b" / "media-objects").glob("*/*.age"))) == 3
    assert backup_latest(backup_dir=tmp_path / "b")[0] == third.archive


def test_pruning_removes_old_archives_and_the_media_only_they_needed(tmp_path, settings):
    reports = _media(settings, tmp_path)
    _identity, public = backup_keygen()
    target = _sqlite(tmp_path)
    now = timezone.now()
    (reports / "old.jpg").write_bytes(b"old")
    backup_create(
        backup_dir=tmp_path / "b", retention_days=14, target=target, recipients=[public], now=now - timedelta(days=40)
    )
    (reports / "old.jpg").unlink()
    (reports / "new.jpg").write_bytes(b"new")
    for days in (20, 10, 1):
        backup_create(
            backup_dir=tmp_path / "b",
            retention_days=14,
            target=target,
            recipients=[public],
            now=now - timedelta(days=days),
        )
    assert len(list((tmp_path / "b").glob("policezalo-backup-*.tar.age"))) == 2  # 40 and 20 days old are gone
    assert len(list((tmp_path / "b").glob("policezalo-backup-*.objects"))) == 2
    assert len(list((tmp_path / "b" / "media-objects").glob("*/*.age"))) == 1  # only new.jpg is still needed
    # Even when every archive is old, the newest one stays, with its media.
    backup_prune(backup_dir=tmp_path / "b", retention_days=0, now=now + timedelta(days=365))
    assert len(list((tmp_path / "b").glob("policezalo-backup-*.tar.age"))) == 1
    assert len(list((tmp_path / "b" / "media-objects").glob("*/*.age"))) == 1


def test_prune_keeps_first_format_archives_by_date(tmp_path):
    now = timezone.now()
    for days in (1, 10, 20, 40):
        stamp = (now - timedelta(days=days)).strftime("%Y%m%d-%H%M%S")
        (tmp_path / f"policezalo-backup-{stamp}.tar.gz").write_bytes(b"x")
    removed = backup_prune(backup_dir=tmp_path, retention_days=14, now=now)
    assert len(removed) == 2
    assert len(list(tmp_path.glob("*.tar.gz"))) == 2


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_while_another_client_is_connected(tmp_path, settings, fresh_database):
    if connection.vendor != "postgresql":
        pytest.skip("the production restore path is PostgreSQL")
    _media(settings, tmp_path)
    source = DatabaseTarget.from_settings(connection.settings_dict)
    result = backup_create(backup_dir=tmp_path / "b", retention_days=7, target=source, recipients=[])
    target = DatabaseTarget(
        vendor="postgresql",
        name=fresh_database,
        host=source.host,
        port=source.port,
        user=source.user,
        password=source.password,
    )
    writer = psycopg2.connect(
        dbname=fresh_database,
        host=source.host or None,
        port=source.port or None,
        user=source.user or None,
        application_name="worker-notify",
    )
    try:
        with pytest.raises(BackupError, match="worker-notify"):
            backup.backup_restore(archive=result.archive, target=target)
    finally:
        writer.close()
    assert backup.backup_restore(archive=result.archive, target=target) == {}
    # Work files went to the backup folder (disk), and are gone.
    assert not list((tmp_path / "b").glob(".restore-*"))


def test_a_rollback_restores_a_backup_taken_before_a_newer_schema(tmp_path, settings, fresh_database):
    """A newer release added a table with a foreign key to an old one, and a column of an old table with a foreign key
    to another (both found by the container drill's rollback): the backup taken before the upgrade still restores,
    and what the newer release added is gone."""
    if connection.vendor != "postgresql":
        pytest.skip("the production restore path is PostgreSQL")
    _media(settings, tmp_path)
    source = DatabaseTarget.from_settings(connection.settings_dict)
    target = DatabaseTarget(
        vendor="postgresql",
        name=fresh_database,
        host=source.host,
        port=source.port,
        user=source.user,
        password=source.password,
    )
    result = backup_create(backup_dir=tmp_path / "b", retention_days=7, target=source, recipients=[])
    assert backup.backup_restore(archive=result.archive, target=target) == {}
    # The upgrade: a new table pointing at an old one, with a row.
    conn = target.connect()
    with conn, conn.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE newer_release_thing (id serial PRIMARY KEY, "
            "user_id bigint NOT NULL REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED)"
        )
        # ... and a new column of an old table pointing at another old table (the sync source's default unit).
        cursor.execute(
            "ALTER TABLE sync_syncsource ADD COLUMN newer_unit_id bigint "
            "REFERENCES units_unit (id) DEFERRABLE INITIALLY DEFERRED"
        )
    conn.close()
    assert backup.backup_restore(archive=result.archive, target=target) == {}
    assert "newer_release_thing" not in table_row_counts(target)
    assert table_row_counts(target) == table_row_counts(source)
