"""The lockout page django-axes shows when an account is refused for too many wrong passwords.

axes calls `lockout_response` (settings.AXES_LOCKOUT_CALLABLE) on the sign-in that reaches the limit and on
every sign-in of the same account from the same address until the cool-off ends.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone


def lockout_ends_at(*, username: str, ip_address: str | None) -> datetime | None:
    """When the lock on this account and address ends: the cool-off after the last counted failure."""
    cool_off = get_cool_off()
    if cool_off is None:
        return None
    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(at=Max("attempt_time"))
    return (last["at"] or timezone.now()) + cool_off


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None):
    username = get_client_username(request, credentials) or ""
    ends_at = lockout_ends_at(username=username, ip_address=get_client_ip_address(request))
    minutes_left = None
    if ends_at is not None:
        minutes_left = max(1, math.ceil((ends_at - timezone.now()).total_seconds() / 60))
    context = {
        **admin.site.each_context(request),
        "title": "Tài khoản tạm thời bị khóa",
        "username": username,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
        "minutes_left": minutes_left,
        "ends_at": timezone.localtime(ends_at) if ends_at else None,
    }
    response = TemplateResponse(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str((minutes_left or settings.AXES_COOLOFF_MINUTES) * 60)
    return response.render()
