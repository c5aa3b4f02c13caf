from __future__ import annotations

from pathlib import Path

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops.backup import BackupError, DatabaseTarget, backup_restore


class Command(BaseCommand):
    help = "Khôi phục từ một bản sao lưu (GHI ĐÈ dữ liệu hiện có) rồi so sánh số dòng từng bảng."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Đường dẫn tệp policezalo-backup-*.tar.age (hoặc .tar.gz)")
        parser.add_argument(
            "--identity",
            default=settings.BACKUP_AGE_IDENTITY_FILE or None,
            help="Tệp khóa bí mật age (AGE-SECRET-KEY-…) để giải mã; không để trong thư mục sao lưu",
        )
        parser.add_argument("--database-url", help="Khôi phục vào cơ sở dữ liệu khác (mặc định: DATABASE_URL)")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Không tìm thấy tệp {archive}")
        if options["database_url"]:
            config = environ.Env.db_url_config(options["database_url"])
        else:
            config = connection.settings_dict
        target = DatabaseTarget.from_settings(config)
        if not options["yes"]:
            answer = input(f"Ghi đè cơ sở dữ liệu {target.name}? Gõ 'dong y' để tiếp tục: ")
            if answer.strip() != "dong y":
                raise CommandError("Đã hủy.")
        connection.close()
        identity = Path(options["identity"]) if options["identity"] else None
        try:
            mismatches = backup_restore(archive=archive, target=target, identity_file=identity)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if mismatches:
            lines = "\n".join(f"  {t}: sao lưu {a}, sau khôi phục {b}" for t, (a, b) in mismatches.items())
            raise CommandError(f"Số dòng không khớp:\n{lines}")
        self.stdout.write("Khôi phục xong; số dòng mọi bảng khớp với bản sao lưu.")
