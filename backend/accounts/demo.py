"""Demo officer accounts for the embedded mode (printed by `make run`)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts.models import User
from common.demo import save_if_changed
from units.models import Unit

DEMO_PASSWORD = "demo-2026"

# username, full name (first, last), unit code, roles, description
DEMO_OFFICERS = [
    ("quantri", ("Quản trị", "Demo"), "DEMO-CAT", [roles.PROVINCIAL_ADMIN], "Quản trị cấp tỉnh"),
    (
        "canbo.dongtam",
        ("Cán bộ Đồng Tâm", "Demo"),
        "DEMO-P-DONGTAM",
        [roles.UNIT_OFFICER],
        "Cán bộ Công an phường Đồng Tâm",
    ),
    (
        "lanhdao.dongtam",
        ("Lãnh đạo Đồng Tâm", "Demo"),
        "DEMO-P-DONGTAM",
        [roles.UNIT_LEADER],
        "Lãnh đạo Công an phường Đồng Tâm",
    ),
    ("bientap", ("Biên tập", "Demo"), "DEMO-CAT", [roles.CONTENT_EDITOR], "Biên tập viên nội dung"),
    ("duyet", ("Duyệt", "Demo"), "DEMO-CAT", [roles.CONTENT_APPROVER], "Người duyệt nội dung"),
]


@transaction.atomic
def demo_officers_load() -> list[tuple[str, str, str]]:
    logins = []
    for username, (first, last), unit_code, role_names, description in DEMO_OFFICERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        values = {"first_name": first, "last_name": last, "unit": Unit.objects.get(code=unit_code)}
        save_if_changed(user, {**values, "is_staff": True, "is_active": True})
        if not user.check_password(DEMO_PASSWORD):  # a new hash only when needed (each has a new salt)
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.set(Group.objects.filter(name__in=role_names))
        logins.append((username, DEMO_PASSWORD, description))
    return logins
