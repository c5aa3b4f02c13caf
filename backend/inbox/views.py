"""The inbox's admin pages: "Việc cần làm", the one-step apology for a late dossier, and linking one's Zalo.

Served under /admin/viec-can-lam/ through the admin site's own login (config/urls.py); every read goes through
the scoped selectors, so an officer sees and acts on their own subtree only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.selectors import officer_of
from common.dates import citizen_date
from common.errors import ApplicationError
from dossiers.services import access_log_record
from dossiers.workdays import calendar
from inbox import services
from inbox.models import OfficerZalo
from inbox.selectors import inbox_for_officer
from inbox.zalo_link import KEYWORD, zalo_link_start, zalo_unlink


def _context(request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
    return {**admin.site.each_context(request), "title": title, **extra}


@require_http_methods(["GET", "HEAD"])
def inbox_page(request: HttpRequest) -> HttpResponse:
    officer = officer_of(request)
    only = request.GET.get("nguon") or None
    inbox = inbox_for_officer(officer=officer, only=only)
    if only and all(c.source.name != only for c in inbox.counts):
        only = None  # an unknown or hidden source: the whole page
    return TemplateResponse(
        request,
        "inbox/page.html",
        _context(
            request,
            "Việc cần làm",
            inbox=inbox,
            chosen=only,
            due_soon_days=settings.INBOX_DUE_SOON_WORKING_DAYS,
            zalo_linked=OfficerZalo.objects.filter(user=officer).exists(),
        ),
    )


class ApologyForm(forms.Form):
    new_date = forms.DateField(
        label="Ngày hẹn trả kết quả mới",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Ngày không hợp lệ (ví dụ 25/12/2026)."},
        help_text="Một ngày làm việc sau hôm nay.",
    )
    reason = forms.CharField(
        label="Lý do chậm trễ",
        required=False,
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Lý do tối đa {services.REASON_MAX} ký tự."},
        help_text="Viết cho công dân đọc, ví dụ: «Cần xác minh thêm thông tin nơi cư trú với Công an xã khác».",
    )


def _suggested_date(appointment: date | None, today: date) -> date:
    start = max(today, appointment or today)
    return calendar().add_working_days(start, 3)


@require_http_methods(["GET", "HEAD", "POST"])
def apology_page(request: HttpRequest, pk: int) -> HttpResponse:
    officer = officer_of(request)
    dossier = services.dossier_for_apology(officer=officer, dossier_id=pk)  # 404 out of scope, 403 without right
    today = timezone.localdate()
    status = 200
    if request.method == "POST":
        form = ApologyForm(request.POST)
        if form.is_valid():
            try:
                apology, created = services.dossier_apologise(
                    officer=officer,
                    dossier=dossier,
                    new_date=form.cleaned_data["new_date"],
                    reason=form.cleaned_data["reason"],
                    today=today,
                )
            except ApplicationError as exc:
                for name, errors in (exc.fields or {}).items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error)
                if not exc.fields:
                    form.add_error(None, exc.message)
            else:
                if created:
                    access_log_record(request=request, action="change", dossier=dossier, detail="Xin lỗi, hẹn lại")
                    messages.success(
                        request,
                        f"Đã gửi lời xin lỗi và hẹn lại ngày trả hồ sơ {dossier.code}: "
                        f"{citizen_date(apology.new_date)}. Công dân sẽ nhận tin trên Zalo.",
                    )
                else:
                    messages.info(request, f"Lời xin lỗi cho hồ sơ {dossier.code} đã được gửi trước đó.")
                return HttpResponseRedirect(reverse("inbox:page"))
        status = 400
    else:
        form = ApologyForm(initial={"new_date": _suggested_date(dossier.appointment_date, today)})
    preview = services.apology_text(
        dossier=dossier,
        new_date=_suggested_date(dossier.appointment_date, today),
        reason="(lý do bạn ghi)",
        today=today,
    )
    return TemplateResponse(
        request,
        "inbox/apology.html",
        _context(
            request, f"Xin lỗi và hẹn lại ngày trả hồ sơ {dossier.code}", dossier=dossier, form=form, preview=preview
        ),
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def zalo_link_page(request: HttpRequest) -> HttpResponse:
    officer = officer_of(request)
    code = ""
    if request.method == "POST":
        if "unlink" in request.POST:
            zalo_unlink(user=officer)
            messages.success(request, "Đã bỏ liên kết Zalo.")
            return HttpResponseRedirect(reverse("inbox:zalo_link"))
        code = zalo_link_start(user=officer)
    return TemplateResponse(
        request,
        "inbox/zalo_link.html",
        _context(
            request,
            "Liên kết Zalo của tôi",
            code=code,
            keyword=KEYWORD,
            minutes=settings.INBOX_ZALO_CODE_MINUTES,
            link=OfficerZalo.objects.filter(user=officer).first(),
        ),
    )
