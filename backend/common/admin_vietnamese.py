"""The few English words of Django and django-simple-history that a message catalog cannot reach.

- Permission names are stored in the database in English ("Can add đơn vị"): they are rewritten after every
  migrate ("Thêm đơn vị"), so a role's permission list reads in Vietnamese.
- django-simple-history names its models "historical <name>" without a translation: "lịch sử <name>".
- The admin's yes/no icons carry alt="True"/"False"/"None" (what a screen reader says): "Có"/"Không"/"Chưa rõ".

tests/accounts/test_admin_vietnamese.py reads every admin page for English.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy

VERBS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}
_ALT = {True: "Có", False: "Không", None: "Chưa rõ"}


def historical_models_in_vietnamese() -> None:
    from django.apps import apps

    for model in apps.get_models():
        history_of = getattr(model, "instance_type", None)
        if history_of is None or not str(model._meta.verbose_name).startswith("historical "):
            continue
        model._meta.verbose_name = format_lazy("lịch sử {}", history_of._meta.verbose_name)
        model._meta.verbose_name_plural = format_lazy("lịch sử {}", history_of._meta.verbose_name_plural)


def boolean_icons_in_vietnamese() -> None:
    from django.contrib.admin.templatetags import admin_list
    from django.templatetags.static import static
    from django.utils.html import format_html

    def _boolean_icon(field_val: Any) -> str:
        icon = static("admin/img/icon-{}.svg".format({True: "yes", False: "no", None: "unknown"}[field_val]))
        return format_html('<img src="{}" alt="{}">', icon, _ALT[field_val])

    admin_list._boolean_icon = _boolean_icon  # type: ignore[attr-defined]  # helpers.py and utils.py import it from there at each call


def permission_names_in_vietnamese(**kwargs: Any) -> None:
    """post_migrate: "Can <verb> <model>" → "<Động từ> <model>" for every default permission."""
    from django.conf import settings
    from django.contrib.auth.models import Permission
    from django.utils import translation

    changed = []
    for permission in Permission.objects.select_related("content_type"):
        verb = permission.codename.split("_", 1)[0]
        model = permission.content_type.model_class()
        if verb not in VERBS or model is None or not permission.name.startswith("Can "):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            permission.name = f"{VERBS[verb]} {model._meta.verbose_name}"[:255]
        changed.append(permission)
    Permission.objects.bulk_update(changed, ["name"])
