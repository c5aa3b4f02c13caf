"""Recompute the stored search columns (procedures, handbook, units) after the normaliser changes."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from common.search_columns import rebuild
from procedures.models import Faq, Procedure
from units.models import Unit


class Command(BaseCommand):
    help = "Tính lại cột tìm kiếm đã chuẩn hóa của thủ tục, cẩm nang và đơn vị."

    def handle(self, *args, **options):
        counts = rebuild(procedure_model=Procedure, faq_model=Faq, unit_model=Unit)
        self.stdout.write(
            f"Đã cập nhật {counts['procedures']} thủ tục, {counts['faqs']} câu hỏi cẩm nang, {counts['units']} đơn vị."
        )
