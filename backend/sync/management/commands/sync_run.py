"""Run one sync source now: `manage.py sync_run mot-cua` (or `--all` for every enabled source)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sync.models import SyncSource
from sync.services import sync_source_run


class Command(BaseCommand):
    help = "Đồng bộ hồ sơ từ một nguồn ngay bây giờ."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", nargs="?", help="mã nguồn, ví dụ mot-cua")
        parser.add_argument("--all", action="store_true", help="mọi nguồn đang bật")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            sources = list(SyncSource.objects.filter(enabled=True))
        else:
            source = SyncSource.objects.filter(name=options["source"] or "").first()
            if source is None:
                names = ", ".join(SyncSource.objects.values_list("name", flat=True))
                raise CommandError(f"Không có nguồn «{options['source']}». Các nguồn: {names}")
            sources = [source]
        for source in sources:
            for run in sync_source_run(source=source, trigger="lệnh sync_run"):
                self.stdout.write(
                    f"{source.name}: {run.get_status_display()} — đọc {run.fetched}, mới {run.created}, "
                    f"thay đổi {run.updated}, không đổi {run.unchanged}, cách ly {run.quarantined}"
                    + (f" — {run.error}" if run.error else "")
                )
