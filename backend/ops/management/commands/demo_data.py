"""Load the demo data of every package (idempotent). Refused outside demo mode."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_officers_load
from dossiers.demo import demo_dossiers_load, demo_holidays_load
from procedures.demo import demo_guides_load
from ratings.demo import demo_ratings_load
from ratings.models import Rating
from reports.demo import DEMO_SECRET, demo_reports_load
from sync.demo import demo_sync_load
from units.demo import demo_units_load


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (đơn vị, cán bộ demo). Chạy lại nhiều lần không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Cho phép chạy khi IS_DEMO=false")

    def handle(self, *args, **options):
        if not settings.IS_DEMO and not options["force"]:
            raise CommandError("Đây không phải môi trường demo (IS_DEMO=false); dùng --force nếu thật sự muốn.")
        units = demo_units_load()
        self.stdout.write(f"Đơn vị demo: {units['units']} (mới tạo {units['created']})")
        guides = demo_guides_load()
        self.stdout.write(
            f"Hướng dẫn demo: {guides['procedures']} thủ tục, {guides['faqs']} câu hỏi cẩm nang, "
            f"{guides['articles']} bài viết"
        )
        holidays = demo_holidays_load()
        dossiers = demo_dossiers_load()
        self.stdout.write(
            f"Hồ sơ demo: {dossiers} (tra cứu bằng mã HS-DEMO-0001… và 4 số cuối 6789); {holidays} ngày nghỉ lễ"
        )
        synced = demo_sync_load()
        self.stdout.write(f"Đồng bộ giả lập: {synced} hồ sơ mới (mã HS-SIM-…); chạy thêm: manage.py sync_run gia-lap")
        reports = demo_reports_load()
        self.stdout.write(f"Tin báo demo: {reports} (theo dõi bằng mã PA-DEM23456 và mã bí mật {DEMO_SECRET})")
        logins = demo_officers_load()
        ratings = demo_ratings_load()  # after the officers: ratings name the officer who received the dossier
        rated = Rating.objects.filter(dossier__code="HS-DEMO-0003").exists()  # counted now, not remembered
        self.stdout.write(
            f"Đánh giá demo: {ratings['ratings']} "
            + ("(HS-DEMO-0003 đã được đánh giá)" if rated else "(HS-DEMO-0003 chưa đánh giá, để thử trong Mini App)")
        )
        self.stdout.write("Tài khoản demo cho trang quản trị /admin/:")
        for username, password, description in logins:
            self.stdout.write(f"  {username:<18} mật khẩu: {password:<12} {description}")
