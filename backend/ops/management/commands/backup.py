from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp nén có ngày giờ; xoá bản cũ quá hạn lưu giữ."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--dir", default=str(settings.BACKUP_DIR), help="Thư mục chứa bản sao lưu")
        parser.add_argument("--retention-days", type=int, default=settings.BACKUP_RETENTION_DAYS)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            archive = backup_create(backup_dir=Path(options["dir"]), retention_days=options["retention_days"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu: {archive} ({archive.stat().st_size // 1024} KB)")
