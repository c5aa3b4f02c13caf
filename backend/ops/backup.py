"""Backups: one dated archive with the database dump, the media folders and a manifest of row counts.

PostgreSQL is dumped with `pg_dump -Fc` (restored with `pg_restore`); the embedded SQLite database is
copied with SQLite's online backup API. Restoring compares the row counts with the manifest.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

ARCHIVE_PREFIX = "policezalo-backup-"
DUMP_NAME = "database.dump"
SQLITE_NAME = "database.sqlite3"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class DatabaseTarget:
    vendor: str
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, config: dict[str, Any]) -> DatabaseTarget:
        vendor = "postgresql" if "postgresql" in config["ENGINE"] else "sqlite"
        return cls(
            vendor=vendor,
            name=str(config["NAME"]),
            host=str(config.get("HOST") or ""),
            port=str(config.get("PORT") or ""),
            user=str(config.get("USER") or ""),
            password=str(config.get("PASSWORD") or ""),
        )

    def pg_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["-h", self.host]
        if self.port:
            args += ["-p", self.port]
        if self.user:
            args += ["-U", self.user]
        return args + ["-d", self.name]

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def run_pg_tool(self, tool: str, *args: str) -> None:
        """Run pg_dump / pg_restore against this database; a failure raises BackupError with its stderr."""
        result = subprocess.run(
            [tool, *self.pg_args(), *args],
            env=self.pg_env(),
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if result.returncode != 0:
            raise BackupError(f"{tool} thất bại: {result.stderr.strip()[:500]}")


def table_row_counts(target: DatabaseTarget) -> dict[str, int]:
    """Row counts of every table, read through a fresh connection so it works for any target."""
    if target.vendor == "sqlite":
        with sqlite3.connect(target.name) as conn:
            tables = [
                r[0]
                for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            ]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
    import psycopg2

    conn = psycopg2.connect(
        dbname=target.name,
        host=target.host or None,
        port=target.port or None,
        user=target.user or None,
        password=target.password or None,
    )
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [r[0] for r in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()


def _media_dirs() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private_media": Path(settings.PRIVATE_MEDIA_ROOT)}


def backup_create(
    *, backup_dir: Path, retention_days: int, target: DatabaseTarget | None = None, now: datetime | None = None
) -> Path:
    now = now or timezone.now()
    target = target or DatabaseTarget.from_settings(connection.settings_dict)
    backup_dir.mkdir(parents=True, exist_ok=True)
    archive = backup_dir / f"{ARCHIVE_PREFIX}{now.strftime('%Y%m%d-%H%M%S')}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if target.vendor == "postgresql":
            target.run_pg_tool("pg_dump", "-Fc", "--no-owner", "-f", str(work / DUMP_NAME))
        else:
            with sqlite3.connect(target.name) as source, sqlite3.connect(work / SQLITE_NAME) as copy:
                source.backup(copy)
        manifest = {
            "created_at": now.isoformat(),
            "database_vendor": target.vendor,
            "row_counts": table_row_counts(target),
        }
        (work / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for member in work.iterdir():
                tar.add(member, arcname=member.name)
            for name, folder in _media_dirs().items():
                if folder.is_dir():
                    tar.add(folder, arcname=name)
        partial.rename(archive)  # never leave a half-written archive under the final name
    backup_prune(backup_dir=backup_dir, retention_days=retention_days, now=now)
    return archive


def backup_prune(*, backup_dir: Path, retention_days: int, now: datetime) -> list[Path]:
    """Delete archives older than the retention, always keeping the newest one."""
    archives = sorted(backup_dir.glob(f"{ARCHIVE_PREFIX}*.tar.gz"))
    cutoff = now - timedelta(days=retention_days)
    removed = []
    for old in archives[:-1]:
        stamp = old.name[len(ARCHIVE_PREFIX) : -len(".tar.gz")]
        try:
            created = datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=now.tzinfo)
        except ValueError:
            continue
        if created < cutoff:
            old.unlink()
            removed.append(old)
    return removed


def backup_restore(*, archive: Path, target: DatabaseTarget) -> dict[str, tuple[int, int]]:
    """Restore into `target` and the media folders; return the tables whose counts differ (expected, got)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / MANIFEST_NAME).read_text())
        if manifest["database_vendor"] != target.vendor:
            raise BackupError("Bản sao lưu và cơ sở dữ liệu đích khác loại (PostgreSQL / SQLite).")
        if target.vendor == "postgresql":
            target.run_pg_tool(
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", str(work / DUMP_NAME)
            )
        else:
            shutil.copyfile(work / SQLITE_NAME, target.name)
        for name, folder in _media_dirs().items():
            if (work / name).is_dir():
                if folder.exists():
                    shutil.rmtree(folder)
                shutil.copytree(work / name, folder)
        counts = table_row_counts(target)
        expected = manifest["row_counts"]
        return {t: (n, counts.get(t, -1)) for t, n in expected.items() if counts.get(t, -1) != n}
