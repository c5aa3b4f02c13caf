from django.db import migrations

from accounts.roles import PROVINCIAL_ADMIN, UNIT_LEADER, UNIT_OFFICER, grant

# The texts as shipped; later edits in the admin are kept (get_or_create).
TEMPLATES = {
    "submitted": ("Đã nhận hồ sơ {code}", "Hồ sơ {procedure} của bạn đã được gửi tới {unit} và đang chờ kiểm tra.", "Xem hồ sơ"),
    "received": ("Hồ sơ {code} đã được tiếp nhận", "{unit} đã tiếp nhận hồ sơ {procedure} của bạn. Ngày hẹn trả kết quả: {appointment_date}.", "Xem hồ sơ"),
    "rejected": ("Hồ sơ {code} không được tiếp nhận", "Hồ sơ {procedure} không được tiếp nhận. Lý do: {reason}. Liên hệ {unit} để được hướng dẫn.", "Xem chi tiết"),
    "processing": ("Hồ sơ {code} đang được giải quyết", "Hồ sơ {procedure} đang được giải quyết. {note}", "Xem hồ sơ"),
    "supplement": ("Hồ sơ {code} cần bổ sung giấy tờ", "Bạn cần bổ sung: {reason}. Hạn bổ sung: {supplement_deadline}. Mang đến {unit} hoặc bổ sung trực tuyến.", "Xem cần bổ sung gì"),
    "payment": ("Hồ sơ {code} chờ nộp phí, lệ phí", "Hồ sơ {procedure} cần nộp phí, lệ phí {fee} để được giải quyết tiếp.", "Xem hồ sơ"),
    "withdrawn": ("Hồ sơ {code} đã được rút", "Hồ sơ {procedure} đã được rút theo yêu cầu của bạn.", "Xem hồ sơ"),
    "stopped": ("Hồ sơ {code} dừng giải quyết", "Hồ sơ {procedure} dừng giải quyết. Lý do: {reason}. Liên hệ {unit} nếu cần hướng dẫn.", "Xem chi tiết"),
    "done": ("Hồ sơ {code} đã có kết quả", "Mời bạn đến nhận kết quả tại {collect_location} ({collect_note}). Mang theo giấy hẹn và giấy tờ tuỳ thân.", "Xem nơi nhận"),
    "returned": ("Hồ sơ {code} đã hoàn tất", "Bạn đã nhận kết quả hồ sơ {procedure}. Cảm ơn bạn đã sử dụng dịch vụ.", "Xem hồ sơ"),
    "rescheduled": ("Xin lỗi: hồ sơ {code} hẹn lại ngày trả", "Ngày hẹn trả kết quả mới: {appointment_date}. {note}", "Xem hồ sơ"),
}


def load(apps, schema_editor):
    Template = apps.get_model("notifications", "NotificationTemplate")
    for kind, (title, body, button) in TEMPLATES.items():
        Template.objects.get_or_create(kind=kind, defaults={"title": title, "body": body, "button_label": button})
    watch = ["notifications.view_notification", "notifications.view_notificationattempt"]
    grant(apps, {
        UNIT_OFFICER: watch,
        UNIT_LEADER: watch + ["notifications.change_notification"],
        PROVINCIAL_ADMIN: watch + [
            "notifications.change_notification",
            "notifications.view_notificationtemplate",
            "notifications.change_notificationtemplate",
        ],
    })


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial"), ("accounts", "0003_role_groups")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
