"""Role groups and the permissions each one carries.

Roles are identified by these names (the group names officers see in the admin). Packages that
add models grant their permissions to roles from their own data migration with `grant()`.
"""

from __future__ import annotations

from typing import Any

PROVINCIAL_ADMIN = "Quản trị cấp tỉnh"
UNIT_OFFICER = "Cán bộ đơn vị"
CONTENT_EDITOR = "Biên tập viên"
CONTENT_APPROVER = "Người duyệt nội dung"
UNIT_LEADER = "Lãnh đạo đơn vị"

ALL_ROLES = [PROVINCIAL_ADMIN, UNIT_OFFICER, CONTENT_EDITOR, CONTENT_APPROVER, UNIT_LEADER]

# Roles whose holders see every unit, not only their own subtree.
PROVINCE_WIDE_ROLES = {PROVINCIAL_ADMIN}

FOUNDATION_PERMISSIONS: dict[str, list[str]] = {
    PROVINCIAL_ADMIN: [
        "units.add_unit",
        "units.change_unit",
        "units.view_unit",
        "units.delete_unit",
        "units.add_unitkind",
        "units.change_unitkind",
        "units.view_unitkind",
        "units.add_unitphone",
        "units.change_unitphone",
        "units.view_unitphone",
        "units.delete_unitphone",
        "units.add_unitalias",
        "units.change_unitalias",
        "units.view_unitalias",
        "units.delete_unitalias",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "auth.view_group",
    ],
    UNIT_LEADER: [
        "units.change_unit",
        "units.view_unit",
        "units.view_unitkind",
        "units.add_unitphone",
        "units.change_unitphone",
        "units.view_unitphone",
        "units.delete_unitphone",
        "accounts.view_user",
    ],
    UNIT_OFFICER: ["units.view_unit", "units.view_unitkind", "units.view_unitphone"],
    CONTENT_EDITOR: ["units.view_unit", "units.view_unitkind"],
    CONTENT_APPROVER: ["units.view_unit", "units.view_unitkind"],
}

# Failed sign-ins, lockouts and the sign-in log (backend/accounts/admin_login.py): province-wide roles only;
# deleting a failed-sign-in row unlocks the account.
SIGN_IN_PERMISSIONS: dict[str, list[str]] = {
    PROVINCIAL_ADMIN: ["accounts.view_loginattempt", "accounts.delete_loginattempt", "accounts.view_loginrecord"],
}


def grant(apps: Any, permissions: dict[str, list[str]]) -> None:
    """Create the role groups if needed and add the given permissions (for data migrations)."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    for role, perms in permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
