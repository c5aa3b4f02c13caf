from __future__ import annotations

from django.core.management.base import BaseCommand

from ops.backup import backup_keygen


class Command(BaseCommand):
    help = (
        "Tạo cặp khóa mã hóa bản sao lưu (age). Khóa bí mật in ra đầu ra chuẩn: lưu vào tệp, cất ngoài máy chủ. "
        "Khóa công khai điền vào BACKUP_AGE_RECIPIENTS."
    )

    def handle(self, *args, **options):
        identity, public = backup_keygen()
        self.stdout.write(identity, ending="")
        self.stderr.write(
            f"Khóa công khai (điền vào .env: BACKUP_AGE_RECIPIENTS={public}).\n"
            "Các dòng in ở trên là KHÓA BÍ MẬT: lưu thành tệp, cất ngoài máy chủ; mất nó thì không khôi phục được."
        )
