from __future__ import annotations

from django.core.management.base import BaseCommand

from ops.alerts import alerts_check


class Command(BaseCommand):
    help = (
        "Kiểm tra trạng thái hệ thống và gửi thư cảnh báo tới ALERT_EMAILS khi có vấn đề mới, còn kéo dài hoặc đã "
        "hết. Chạy bằng cron của máy chủ để vẫn báo được khi beat dừng."
    )

    def handle(self, *args, **options):
        result = alerts_check()
        if not result.problems:
            self.stdout.write(
                "Không có vấn đề." + (f" Đã hết: {', '.join(result.resolved)}." if result.resolved else "")
            )
            return
        for line in result.problems:
            self.stdout.write(f"- {line.name}: {line.detail}")
        sent = "đã gửi thư" if result.mailed else "không gửi thư (chưa có gì mới, hoặc chưa đặt ALERT_EMAILS)"
        self.stdout.write(f"{len(result.problems)} vấn đề; {sent}.")
