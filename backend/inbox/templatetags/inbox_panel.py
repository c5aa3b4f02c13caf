"""The admin index's small "Việc cần làm" panel: one count per source, cached a minute per officer."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.core.cache import cache

from accounts.models import User
from inbox.selectors import inbox_counts

register = template.Library()


@register.inclusion_tag("inbox/panel.html", takes_context=True)
def inbox_panel(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not isinstance(user, User):
        return {"rows": []}
    key = f"pz:inbox:counts:{user.pk}"
    rows = cache.get(key)
    if rows is None:
        rows = [{"name": c.source.name, "label": c.source.label, "count": c.text} for c in inbox_counts(officer=user)]
        cache.set(key, rows, settings.INBOX_COUNTS_CACHE_SECONDS)
    return {"rows": rows}
