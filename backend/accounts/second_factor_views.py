"""The sign-in steps after the password: give the second factor, enrol an app, keep the recovery codes.

Served under the admin's prefix (config/urls.py) with the admin's look; AdminSecondFactorMiddleware sends an
officer here before any other admin page.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import second_factor as sf


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _to(name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


def _page(request: HttpRequest, template: str, title: str, **context: object) -> TemplateResponse:
    return TemplateResponse(
        request,
        template,
        {**admin.site.each_context(request), "title": title, "next": _next_url(request), **context},
    )


def _admin_login_required(view):
    return login_required(view, login_url="admin:login")


@never_cache
@_admin_login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Six digits from the app, or one recovery code."""
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(_next_url(request))
    if not sf.officer_has_second_factor(officer=user):  # type: ignore[arg-type]
        request.session[sf.ENROLLED_SESSION_KEY] = False
        if settings.ADMIN_OTP_REQUIRED:
            return _to("second-factor-enrol", _next_url(request))
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = sf.second_factor_verify(officer=user, token=form.cleaned_data["code"])  # type: ignore[arg-type]
        except sf.SecondFactorError as exc:
            form.add_error("code", str(exc))
        else:
            sf.session_mark_verified(request, device)
            if device.__class__.__name__ == "StaticDevice":
                left = sf.recovery_codes_left(officer=user)  # type: ignore[arg-type]
                messages.warning(
                    request,
                    f"Bạn vừa dùng một mã khôi phục; còn {left} mã. "
                    "Nếu mất điện thoại, hãy đề nghị Quản trị cấp tỉnh đặt lại xác thực hai lớp.",
                )
            return HttpResponseRedirect(_next_url(request))
    return _page(request, "accounts/second_factor_verify.html", "Xác thực hai lớp", form=form)


@never_cache
@_admin_login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR (or type the key) into an authenticator app, then confirm with the code it shows."""
    user = request.user
    if sf.officer_has_totp_app(officer=user):  # type: ignore[arg-type]
        return _to("second-factor-verify", _next_url(request))
    if sf.officer_has_second_factor(officer=user) and not user.is_verified():  # type: ignore[arg-type, union-attr]
        # Recovery codes left from a removed app: prove them first, so a password alone cannot swap the factor.
        return _to("second-factor-verify", reverse("second-factor-enrol"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = sf.totp_device_confirm(officer=user, token=form.cleaned_data["code"])  # type: ignore[arg-type]
        except sf.SecondFactorError as exc:
            form.add_error("code", str(exc))
        else:
            sf.session_mark_verified(request, device)
            request.session[sf.NEW_CODES_SESSION_KEY] = codes
            return _to("second-factor-recovery-codes", _next_url(request))
    device = sf.totp_device_start(officer=user)  # type: ignore[arg-type]
    # Drawn here as inline SVG: the secret never leaves the server, no outside QR service is asked.
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return _page(
        request,
        "accounts/second_factor_enrol.html",
        "Bật xác thực hai lớp",
        form=form,
        qr=mark_safe(qr),  # noqa: S308 - segno's own markup; the URI inside it is escaped by segno
        secret=sf.totp_secret(device),
        required=settings.ADMIN_OTP_REQUIRED,
    )


@never_cache
@_admin_login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The codes just made, once; or a new set on request (the old set stops working)."""
    user = request.user
    if request.method == "POST":
        if not sf.officer_has_totp_app(officer=user):  # type: ignore[arg-type]
            return redirect("second-factor-enrol")
        request.session[sf.NEW_CODES_SESSION_KEY] = sf.recovery_codes_create(officer=user)  # type: ignore[arg-type]
        return _to("second-factor-recovery-codes", _next_url(request))
    codes = request.session.pop(sf.NEW_CODES_SESSION_KEY, None)
    return _page(
        request,
        "accounts/second_factor_recovery_codes.html",
        "Mã khôi phục",
        codes=codes,
        left=sf.recovery_codes_left(officer=user),  # type: ignore[arg-type]
        has_app=sf.officer_has_totp_app(officer=user),  # type: ignore[arg-type]
    )
