from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, grant

# The national 1–10 codes and their names both map to themselves; edit in the admin if the province's
# one-stop system uses other values (its list is unverified).
NATIONAL = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
SOURCES = [
    ("mot-cua", "Hệ thống một cửa của tỉnh (HTTP)", "http", False, True, 10),
    ("tep-xuat", "Tệp xuất từ hệ thống một cửa (CSV / XLSX)", "file", True, False, 5),
    ("gia-lap", "Giả lập hồ sơ (dữ liệu mẫu)", "demo", False, True, 5),
]


def load(apps, schema_editor):
    Source = apps.get_model("sync", "SyncSource")
    Mapping = apps.get_model("sync", "StatusMapping")
    for name, title, kind, enabled, incremental, interval in SOURCES:
        source, _ = Source.objects.get_or_create(
            name=name,
            defaults={"title": title, "kind": kind, "enabled": enabled, "incremental": incremental,
                      "interval_minutes": interval},
        )
        for status, label in NATIONAL.items():
            Mapping.objects.get_or_create(source=source, upstream_value=str(status), defaults={"status": status})
            Mapping.objects.get_or_create(source=source, upstream_value=label, defaults={"status": status})
    everything = ["view", "change"]
    grant(apps, {
        PROVINCIAL_ADMIN: [f"sync.{action}_{model}" for model in ("syncsource", "statusmapping", "syncrun",
                                                                  "quarantinedrecord", "syncfile")
                           for action in everything]
        + ["sync.add_statusmapping", "sync.delete_statusmapping", "sync.add_syncfile"],
    })


class Migration(migrations.Migration):
    dependencies = [("sync", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
