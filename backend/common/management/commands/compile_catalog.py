"""Compile backend/locale/vi/LC_MESSAGES/django.po into django.mo (common/catalog.py; no msgfmt needed)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from common.catalog import catalog_compile


class Command(BaseCommand):
    help = "Biên dịch bản dịch tiếng Việt (backend/locale/vi/LC_MESSAGES/django.po → django.mo)."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã ghi {catalog_compile()}")
