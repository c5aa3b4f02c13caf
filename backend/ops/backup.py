"""Backups: a dated, encrypted archive of the database, and the media files stored once each.

Layout of the backup folder (a host folder in production, so it outlives every container):

    policezalo-backup-20261203-013000.tar.age   database dump + manifest (row counts, the media files it needs)
    policezalo-backup-20261203-013000.objects   the media objects that archive needs (names only), for pruning
    media-objects/ab/ab12….age                  one encrypted object per distinct media file content

Archives are encrypted to the age public keys in BACKUP_AGE_RECIPIENTS; the private key is kept away from the
server (the IT officer's safe, another machine) and given only to `restore`. A media file is stored once, under a
keyed hash of its content: a nightly backup adds only the files that are new since the last one, instead of
another full copy of every report video. Pruning removes archives past the retention (always keeping the newest)
and then the objects no remaining archive needs.

Work files go to a folder inside the backup folder (disk, not the container's RAM-backed /tmp).
PostgreSQL is dumped with `pg_dump -Fc` (restored with `pg_restore`); the embedded SQLite database is copied
with SQLite's online backup API. Restoring refuses while another client is connected to the database, and
compares the row counts with the manifest.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection
from django.utils import timezone

ARCHIVE_PREFIX = "policezalo-backup-"
ENCRYPTED_SUFFIX = ".tar.age"
PLAIN_SUFFIX = ".tar.gz"
INDEX_SUFFIX = ".objects"
OBJECTS_DIR = "media-objects"
DUMP_NAME = "database.dump"
SQLITE_NAME = "database.sqlite3"
MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 2
_CHUNK = 1024 * 1024


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

    def connect(self) -> Any:
        import psycopg2

        return psycopg2.connect(
            dbname=self.name,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
        )


def table_row_counts(target: DatabaseTarget) -> dict[str, int]:
    """Row counts of every table, read through a fresh connection so it works for any target."""
    if target.vendor == "sqlite":
        with sqlite3.connect(target.name) as conn:
            tables = [
                r[0]
                for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            ]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
    conn = target.connect()
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


# How long a restore waits for the other connections to go before refusing: a client's backend outlives its
# close by a few milliseconds (CI caught the restore refusing a connection the caller had just closed).
CLIENTS_GONE_SECONDS = 3.0


def other_clients(target: DatabaseTarget) -> list[str]:
    """Who else is connected to the target database (application name or address), besides us."""
    if target.vendor != "postgresql":
        return []
    conn = target.connect()
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(nullif(application_name, ''), host(client_addr), 'local') FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                [target.name],
            )
            return sorted(row[0] for row in cursor.fetchall())
    finally:
        conn.close()


def _media_dirs() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private_media": Path(settings.PRIVATE_MEDIA_ROOT)}


def _media_storages() -> dict[str, Any]:
    """With STORAGE_BACKEND=s3 the two areas are buckets (common/storage.py): the default storage and the one of the
    report attachments (read from the model, so this app imports no other)."""
    from django.apps import apps
    from django.core.files.storage import default_storage

    attachment = apps.get_model("reports", "ReportAttachment")
    return {"media": default_storage, "private_media": attachment._meta.get_field("file").storage}


def _storage_walk(storage: Any, prefix: str = "") -> Iterator[str]:
    folders, files = storage.listdir(prefix)
    for filename in sorted(files):
        yield f"{prefix}{filename}"
    for folder in sorted(folders):
        yield from _storage_walk(storage, f"{prefix}{folder}/")


def _media_files() -> Iterator[tuple[str, str, int, Any]]:
    """(area, path inside the area, size, a function opening it for reading) of every media file: from the folders,
    or from the buckets with STORAGE_BACKEND=s3."""
    if settings.STORAGE_BACKEND == "s3":
        for area, storage in _media_storages().items():
            for name in _storage_walk(storage):
                yield area, name, storage.size(name), lambda storage=storage, name=name: storage.open(name, "rb")
        return
    for area, folder in _media_dirs().items():
        for path in _walk(folder):
            yield area, path.relative_to(folder).as_posix(), path.stat().st_size, lambda path=path: open(path, "rb")


# --- Encryption (age, through pyrage) ------------------------------------------------------------------------
class Sealer:
    """Encrypts to age recipients, or copies as is when there are none (allowed only outside production)."""

    def __init__(self, recipients: Iterable[str]):
        from pyrage import x25519

        self.recipients = []
        for value in recipients:
            value = value.strip()
            if not value:
                continue
            try:
                self.recipients.append(x25519.Recipient.from_str(value))
            except Exception as exc:  # pyrage raises its own RecipientError / ValueError
                raise BackupError(
                    f"BACKUP_AGE_RECIPIENTS có khóa không hợp lệ ({value[:12]}…): khóa công khai age bắt đầu bằng "
                    "'age1'."
                ) from exc

    @property
    def encrypts(self) -> bool:
        return bool(self.recipients)

    def seal(self, source: BinaryIO, destination: BinaryIO) -> None:
        if self.recipients:
            import pyrage

            pyrage.encrypt_io(source, destination, self.recipients)
        else:
            shutil.copyfileobj(source, destination, _CHUNK)


def _identities(identity_file: Path | None) -> list[Any]:
    from pyrage import x25519

    if identity_file is None:
        raise BackupError("Bản sao lưu đã mã hóa: cần khóa bí mật (--identity <tệp khóa>) để khôi phục.")
    try:
        lines = Path(identity_file).read_text().splitlines()
    except OSError as exc:
        raise BackupError(f"Không đọc được tệp khóa {identity_file}: {exc.strerror}") from exc
    keys = [line.strip() for line in lines if line.strip().startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise BackupError(f"Tệp {identity_file} không có khóa bí mật age (dòng AGE-SECRET-KEY-…).")
    return [x25519.Identity.from_str(key) for key in keys]


def _unseal(source: Path, destination: Path, identities: list[Any] | None) -> None:
    with open(source, "rb") as src, open(destination, "wb") as dst:
        if identities is None:
            shutil.copyfileobj(src, dst, _CHUNK)
            return
        import pyrage

        try:
            pyrage.decrypt_io(src, dst, identities)
        except Exception as exc:
            raise BackupError(f"Không giải mã được {source.name}: khóa bí mật không đúng hoặc tệp hỏng.") from exc


def backup_keygen() -> tuple[str, str]:
    """A new age key pair: (identity file text to keep offline, public key for BACKUP_AGE_RECIPIENTS)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    created = timezone.now().replace(microsecond=0).isoformat()
    return f"# created: {created}\n# public key: {public}\n{identity}\n", public


# --- Media objects ---------------------------------------------------------------------------------------------
def _object_key() -> bytes:
    # Objects are named by a keyed hash, so the names in the backup folder cannot confirm that a known file is there.
    return hmac.new(str(settings.PII_HASH_KEY).encode(), b"backup-media-objects", hashlib.sha256).digest()


def _object_name(handle: BinaryIO, key: bytes) -> str:
    digest = hmac.new(key, digestmod=hashlib.sha256)
    for chunk in iter(lambda: handle.read(_CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _object_path(backup_dir: Path, name: str) -> Path:
    return backup_dir / OBJECTS_DIR / name[:2] / f"{name}.age"


def _walk(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for root, _dirs, files in os.walk(folder):
        for filename in sorted(files):
            yield Path(root) / filename


def _store_media(backup_dir: Path, sealer: Sealer) -> tuple[list[dict[str, Any]], int]:
    """Store every media file not stored yet; return the manifest entries and how many objects were new."""
    key = _object_key()
    entries: list[dict[str, Any]] = []
    new = 0
    for area, relative, size, opener in _media_files():
        with opener() as handle:
            name = _object_name(handle, key)
        entries.append({"area": area, "path": relative, "object": name, "size": size})
        stored = _object_path(backup_dir, name)
        if stored.exists():
            continue
        stored.parent.mkdir(parents=True, exist_ok=True)
        partial = stored.with_name(f".{stored.name}.{secrets.token_hex(4)}.partial")
        with opener() as src, open(partial, "wb") as dst:
            sealer.seal(src, dst)
        partial.rename(stored)
        new += 1
    return entries, new


# --- Backup ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupResult:
    archive: Path
    encrypted: bool
    media_files: int
    new_objects: int


def backup_create(
    *,
    backup_dir: Path,
    retention_days: int,
    target: DatabaseTarget | None = None,
    now: datetime | None = None,
    recipients: Iterable[str] | None = None,
    allow_unencrypted: bool | None = None,
) -> BackupResult:
    now = now or timezone.now()
    target = target or DatabaseTarget.from_settings(connection.settings_dict)
    recipients = settings.BACKUP_AGE_RECIPIENTS if recipients is None else recipients
    allow_unencrypted = settings.BACKUP_ALLOW_UNENCRYPTED if allow_unencrypted is None else allow_unencrypted
    sealer = Sealer(recipients)
    if not sealer.encrypts and not allow_unencrypted:
        raise BackupError(
            "Chưa cấu hình BACKUP_AGE_RECIPIENTS: bản sao lưu chứa dữ liệu cá nhân nên phải được mã hóa. Tạo cặp khóa "
            "bằng `python manage.py backup_keygen`, cất khóa bí mật ngoài máy chủ, điền khóa công khai vào .env."
        )
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    archive = backup_dir / f"{ARCHIVE_PREFIX}{stamp}{ENCRYPTED_SUFFIX if sealer.encrypts else PLAIN_SUFFIX}"
    work = backup_dir / f".work-{stamp}-{secrets.token_hex(4)}"
    work.mkdir()
    try:
        if target.vendor == "postgresql":
            target.run_pg_tool("pg_dump", "-Fc", "--no-owner", "-f", str(work / DUMP_NAME))
        else:
            with sqlite3.connect(target.name) as source, sqlite3.connect(work / SQLITE_NAME) as copy:
                source.backup(copy)
        files, new_objects = _store_media(backup_dir, sealer)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "database_vendor": target.vendor,
            "encrypted": sealer.encrypts,
            "row_counts": table_row_counts(target),
            "files": files,
        }
        (work / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        tar_path = work / "archive.tar"
        with tarfile.open(tar_path, "w:gz" if not sealer.encrypts else "w") as tar:
            for name in (DUMP_NAME if target.vendor == "postgresql" else SQLITE_NAME, MANIFEST_NAME):
                tar.add(work / name, arcname=name)
        partial = archive.with_name(f".{archive.name}.partial")
        with open(tar_path, "rb") as src, open(partial, "wb") as dst:
            sealer.seal(src, dst)
        index = archive.with_name(archive.name.split(".tar")[0] + INDEX_SUFFIX)
        index.write_text("".join(f"{name}\n" for name in sorted({f["object"] for f in files})))
        partial.rename(archive)  # never leave a half-written archive under the final name
    finally:
        shutil.rmtree(work, ignore_errors=True)
    backup_prune(backup_dir=backup_dir, retention_days=retention_days, now=now)
    return BackupResult(archive=archive, encrypted=sealer.encrypts, media_files=len(files), new_objects=new_objects)


def _archives(backup_dir: Path) -> list[Path]:
    found = [
        *backup_dir.glob(f"{ARCHIVE_PREFIX}*{ENCRYPTED_SUFFIX}"),
        *backup_dir.glob(f"{ARCHIVE_PREFIX}*{PLAIN_SUFFIX}"),
    ]
    return sorted(found, key=lambda p: p.name)


def _stamp(archive: Path) -> str:
    return archive.name[len(ARCHIVE_PREFIX) :].split(".tar")[0]


def backup_latest(*, backup_dir: Path) -> tuple[Path, datetime] | None:
    """The newest archive and when it was made (for the status page and the alerts)."""
    for archive in reversed(_archives(backup_dir)):
        try:
            created = datetime.strptime(_stamp(archive), "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        return archive, timezone.make_aware(created, timezone.get_current_timezone())
    return None


def backup_prune(*, backup_dir: Path, retention_days: int, now: datetime) -> list[Path]:
    """Delete archives older than the retention (always keeping the newest), then the objects none needs."""
    archives = _archives(backup_dir)
    cutoff = now - timedelta(days=retention_days)
    removed = []
    for old in archives[:-1]:
        try:
            created = datetime.strptime(_stamp(old), "%Y%m%d-%H%M%S").replace(tzinfo=now.tzinfo)
        except ValueError:
            continue
        if created < cutoff:
            old.unlink()
            old.with_name(f"{ARCHIVE_PREFIX}{_stamp(old)}{INDEX_SUFFIX}").unlink(missing_ok=True)
            removed.append(old)
    _prune_objects(backup_dir)
    return removed


def _prune_objects(backup_dir: Path) -> int:
    objects = backup_dir / OBJECTS_DIR
    if not objects.is_dir():
        return 0
    needed: set[str] = set()
    for archive in _archives(backup_dir):
        if (
            archive.name.endswith(PLAIN_SUFFIX)
            and not archive.with_name(f"{ARCHIVE_PREFIX}{_stamp(archive)}{INDEX_SUFFIX}").exists()
        ):
            continue  # an archive of the first format holds its media itself
        index = backup_dir / f"{ARCHIVE_PREFIX}{_stamp(archive)}{INDEX_SUFFIX}"
        if not index.exists():
            return 0  # an archive without its index: never guess what it needs
        needed.update(line.strip() for line in index.read_text().splitlines() if line.strip())
    removed = 0
    for stored in objects.glob("*/*.age"):
        if stored.name[: -len(".age")] not in needed:
            stored.unlink()
            removed += 1
    return removed


# --- Restore ---------------------------------------------------------------------------------------------------
def backup_restore(
    *, archive: Path, target: DatabaseTarget, identity_file: Path | None = None
) -> dict[str, tuple[int, int]]:
    """Restore into `target` and the media folders; return the tables whose counts differ (expected, got)."""
    clients = other_clients(target)
    waited_until = time.monotonic() + CLIENTS_GONE_SECONDS
    while clients and time.monotonic() < waited_until:
        time.sleep(0.1)  # a connection closed a moment ago (a service just stopped) is still leaving the server
        clients = other_clients(target)
    if clients:
        raise BackupError(
            f"Còn {len(clients)} kết nối khác tới cơ sở dữ liệu ({', '.join(sorted(set(clients)))}): dừng mọi dịch vụ "
            "ghi dữ liệu trước khi khôi phục (docker compose stop web worker worker-notify beat flower)."
        )
    backup_dir = archive.parent
    encrypted = archive.name.endswith(ENCRYPTED_SUFFIX)
    identities = _identities(identity_file) if encrypted else None
    work = backup_dir / f".restore-{secrets.token_hex(6)}"
    work.mkdir()
    try:
        tar_path = work / "archive.tar"
        if encrypted:
            _unseal(archive, tar_path, identities)
        else:
            tar_path = archive
        with tarfile.open(tar_path, "r:*") as tar:
            _extract(tar, work)
        manifest = json.loads((work / MANIFEST_NAME).read_text())
        if manifest["database_vendor"] != target.vendor:
            raise BackupError("Bản sao lưu và cơ sở dữ liệu đích khác loại (PostgreSQL / SQLite).")
        files = manifest.get("files")
        if files is not None:
            missing = [f["path"] for f in files if not _object_path(backup_dir, f["object"]).exists()]
            if missing:
                raise BackupError(
                    f"Thiếu {len(missing)} tệp trong {backup_dir / OBJECTS_DIR} (ví dụ {missing[0]}): chép cả thư mục "
                    "sao lưu, không chỉ tệp .tar.age."
                )
        if target.vendor == "postgresql":
            _drop_tables_not_in(target, set(manifest["row_counts"]))
            target.run_pg_tool(
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", str(work / DUMP_NAME)
            )
        else:
            shutil.copyfile(work / SQLITE_NAME, target.name)
        if files is None:
            _restore_first_format_media(work)
        else:
            _restore_media(backup_dir, files, identities)
        counts = table_row_counts(target)
        expected = manifest["row_counts"]
        return {t: (n, counts.get(t, -1)) for t, n in expected.items() if counts.get(t, -1) != n}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _drop_tables_not_in(target: DatabaseTarget, kept: set[str]) -> list[str]:
    """Tables the backup does not know: a newer release made them (a rollback restores the backup taken before the
    upgrade). `pg_restore --clean` drops only what the dump holds, and a new table's foreign key to an old one would
    stop it; so they go first, with what depends on them, and so do all foreign keys. Returns the tables dropped."""
    conn = target.connect()
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            extra = sorted(row[0] for row in cursor.fetchall() if row[0] not in kept)
            for table in extra:
                cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
            # A newer release may also have added a foreign key to a table the backup knows (a new column of an old
            # table pointing at another): `--clean` could not drop the referenced key while that constraint stands.
            # Every foreign key goes; the dump recreates each one it holds.
            cursor.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint "
                "WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
            )
            for table, constraint in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT IF EXISTS "{constraint}"')
        return extra
    finally:
        conn.close()


def _extract(tar: tarfile.TarFile, destination: Path) -> None:
    """Plain files and folders inside `destination` only (tarfile's "data" filter where this Python has it)."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(destination, filter="data")
        return
    for member in tar.getmembers():
        if not (member.isfile() or member.isdir()) or member.name.startswith("/") or ".." in Path(member.name).parts:
            raise BackupError(f"Bản sao lưu có mục không hợp lệ: {member.name}")
    tar.extractall(destination)  # noqa: S202 - every member checked above


def _empty(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for child in folder.iterdir():  # the folder itself may be a mounted volume: empty it, keep it
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _restore_media(backup_dir: Path, files: list[dict[str, Any]], identities: list[Any] | None) -> None:
    if settings.STORAGE_BACKEND == "s3":
        _restore_media_to_storages(backup_dir, files, identities)
        return
    folders = _media_dirs()
    for folder in folders.values():
        _empty(folder)
    for entry in files:
        folder = folders[entry["area"]]
        destination = (folder / entry["path"]).resolve()
        if not destination.is_relative_to(folder.resolve()):
            raise BackupError(f"Đường dẫn không hợp lệ trong bản sao lưu: {entry['path']}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.partial")
        _unseal(_object_path(backup_dir, entry["object"]), partial, identities)
        partial.rename(destination)


def _restore_media_to_storages(backup_dir: Path, files: list[dict[str, Any]], identities: list[Any] | None) -> None:
    """The buckets get exactly the backup's files, under the same names (STORAGE_BACKEND=s3)."""
    from django.core.files import File

    storages = _media_storages()
    for entry in files:
        parts = str(entry["path"]).split("/")
        if entry["area"] not in storages or str(entry["path"]).startswith("/") or ".." in parts or "" in parts:
            raise BackupError(f"Đường dẫn không hợp lệ trong bản sao lưu: {entry['path']}")
    for storage in storages.values():
        for name in list(_storage_walk(storage)):
            storage.delete(name)
    for entry in files:
        storage = storages[entry["area"]]
        partial = backup_dir / f".restore-{secrets.token_hex(8)}.partial"
        try:
            _unseal(_object_path(backup_dir, entry["object"]), partial, identities)
            with open(partial, "rb") as handle:
                saved = storage.save(entry["path"], File(handle))
        finally:
            partial.unlink(missing_ok=True)
        if saved != entry["path"]:
            raise BackupError(f"Không khôi phục được {entry['path']} đúng tên (kho trả về {saved}).")


def _restore_first_format_media(work: Path) -> None:
    """Archives made before the object store carry the media folders inside."""
    for name, folder in _media_dirs().items():
        if (work / name).is_dir():
            _empty(folder)
            shutil.copytree(work / name, folder, dirs_exist_ok=True)
