from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (mã hóa bằng khóa công khai trong BACKUP_AGE_RECIPIENTS) và các tệp chưa có trong bản "
        "sao lưu trước; xóa bản cũ quá hạn lưu giữ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BACKUP_DIR), help="Thư mục chứa bản sao lưu")
        parser.add_argument("--retention-days", type=int, default=settings.BACKUP_RETENTION_DAYS)

    def handle(self, *args, **options):
        try:
            result = backup_create(backup_dir=Path(options["dir"]), retention_days=options["retention_days"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = result.archive.stat().st_size // 1024
        state = "đã mã hóa" if result.encrypted else "KHÔNG mã hóa"
        self.stdout.write(
            f"Đã sao lưu: {result.archive} ({size} KB, {state}); tệp đính kèm: {result.media_files}, "
            f"mới so với lần trước: {result.new_objects}"
        )
