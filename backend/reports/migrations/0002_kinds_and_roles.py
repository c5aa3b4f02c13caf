"""The four report kinds with their clocks (domain-vn.md §7; editable in the admin afterwards), and the
officers' permissions."""

from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, UNIT_LEADER, UNIT_OFFICER, grant

KINDS = [
    {
        "code": "to-giac-toi-pham",
        "name": "Tin báo, tố giác tội phạm",
        "description": (
            "Báo cho cơ quan Công an về hành vi có dấu hiệu tội phạm: trộm cắp, lừa đảo, ma tuý, cờ bạc, "
            "cố ý gây thương tích… Nêu rõ sự việc, thời gian, địa điểm, người liên quan (nếu biết)."
        ),
        "legal_basis": "Bộ luật Tố tụng hình sự 2015, Điều 144–147; TT 28/2020/TT-BCA",
        "clock_days": 20,
        "clock_unit": "calendar",
        "max_total_days": 120,
        "allows_anonymous": True,
        "asks_occurred_at": True,
        "asks_location": True,
        "requires_location": False,
        "asks_vehicle_plate": False,
        "requires_media": False,
        "order": 1,
    },
    {
        "code": "phan-anh-kien-nghi",
        "name": "Phản ánh, kiến nghị",
        "description": (
            "Phản ánh về an ninh, trật tự nơi bạn sống (tụ tập gây rối, tiếng ồn, vi phạm cư trú…) hoặc kiến "
            "nghị về thủ tục, thái độ phục vụ của cơ quan Công an."
        ),
        "legal_basis": "Nghị định 20/2008/NĐ-CP (thời hạn do Công an tỉnh quy định)",
        "clock_days": 15,
        "clock_unit": "working",
        "max_total_days": None,
        "allows_anonymous": True,
        "asks_occurred_at": True,
        "asks_location": True,
        "requires_location": False,
        "asks_vehicle_plate": False,
        "requires_media": False,
        "order": 2,
    },
    {
        "code": "vi-pham-giao-thong",
        "name": "Vi phạm trật tự, an toàn giao thông",
        "description": (
            "Gửi ảnh hoặc video phương tiện vi phạm (vượt đèn đỏ, đi ngược chiều, lấn làn, đua xe…), kèm thời "
            "gian, địa điểm và biển số nếu thấy rõ."
        ),
        "legal_basis": "Thời hạn do Công an tỉnh quy định",
        "clock_days": 15,
        "clock_unit": "working",
        "max_total_days": None,
        "allows_anonymous": True,
        "asks_occurred_at": True,
        "asks_location": True,
        "requires_location": True,
        "asks_vehicle_plate": True,
        "requires_media": True,
        "order": 3,
    },
    {
        "code": "khac",
        "name": "Nội dung khác",
        "description": "Thông tin khác cần báo cho cơ quan Công an.",
        "legal_basis": "",
        "clock_days": 15,
        "clock_unit": "working",
        "max_total_days": None,
        "allows_anonymous": True,
        "asks_occurred_at": True,
        "asks_location": True,
        "requires_location": False,
        "asks_vehicle_plate": False,
        "requires_media": False,
        "order": 4,
    },
]

WORK = [
    "reports.view_report",
    "reports.change_report",
    "reports.view_reportevent",
    "reports.print_receipt",
    "reports.view_attachment",
    "reports.forward_report",
    "reports.mark_spam",
    "reports.view_reportkind",
    "reports.view_coverage",
]
READ_LOG = ["reports.view_reportaccesslog"]
CONFIGURE = [
    "reports.change_reportkind",
    "reports.add_reportkind",
    "reports.add_coverage",
    "reports.change_coverage",
    "reports.delete_coverage",
]


def seed(apps, schema_editor):
    ReportKind = apps.get_model("reports", "ReportKind")
    for kind in KINDS:
        ReportKind.objects.update_or_create(code=kind["code"], defaults=kind)
    grant(apps, {UNIT_OFFICER: WORK, UNIT_LEADER: WORK + READ_LOG, PROVINCIAL_ADMIN: WORK + READ_LOG + CONFIGURE})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
