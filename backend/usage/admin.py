"""The "Số liệu sử dụng" dashboard in the admin: cards, a chart per month and per unit, the editors'
to-do list of searches that found nothing, and the export for the monthly report. Scoped (selectors.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from accounts.selectors import officer_of, unit_list_for_officer
from usage import exports, selectors
from usage.charts import columns_svg, rows_svg
from usage.models import Kind, UsageDaily

PERMISSION = "usage.view_usage_dashboard"


class UsageFilterForm(forms.Form):
    date_from = forms.DateField(label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label="Đơn vị (gồm cấp dưới)", required=False, queryset=None)  # type: ignore[var-annotated]

    def __init__(self, *args: Any, officer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_list_for_officer(officer=officer).order_by("path")  # type: ignore[attr-defined]
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"  # type: ignore[attr-defined]

    def filter(self) -> selectors.UsageFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.UsageFilter(
            date_from=data.get("date_from"), date_to=data.get("date_to"), unit=data.get("unit")
        )


@admin.register(UsageDaily)
class UsageDailyAdmin(admin.ModelAdmin):
    """Only the dashboard: the daily rows themselves are not browsed or edited."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="usage_usagedaily_dashboard"),
            path("export/", wrap(self.export_view), name="usage_usagedaily_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:usage_usagedaily_dashboard"))

    def _dashboard(self, request: HttpRequest) -> tuple[UsageFilterForm, selectors.UsageDashboard]:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        form = UsageFilterForm(request.GET or None, officer=request.user)
        return form, selectors.usage_dashboard(officer=officer_of(request), flt=form.filter())

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        form, d = self._dashboard(request)
        months = [f"{row['month']:%m/%y}" for row in d.by_month]
        return TemplateResponse(
            request,
            "admin/usage/dashboard.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Số liệu sử dụng",
                "form": form,
                "d": d,
                "cards": [(selectors.KIND_LABELS[k], d.totals[k], k) for k in selectors.MONTH_KINDS],
                "month_chart": columns_svg(
                    title="Lượt mở Mini App (cột xanh nhạt) và người dùng khác nhau cộng theo ngày (cột xanh lá) theo tháng",
                    labels=months,
                    series=[
                        ("lượt mở", [row[Kind.VISIT] for row in d.by_month]),
                        ("người dùng", [row[Kind.VISITORS] for row in d.by_month]),
                    ],
                ),
                "unit_chart": rows_svg(
                    title="Hoạt động theo đơn vị (xem trang, tra cứu, phản ánh, tin quảng bá)",
                    rows=[(row["name"], row["total"]) for row in sorted(d.by_unit, key=lambda r: -r["total"])[:15]],
                ),
                "unit_rows": exports.unit_rows(d),
                "unit_header": exports.UNIT_HEADER,
                "month_rows": exports.month_rows(d),
                "month_header": exports.MONTH_HEADER,
                "query": request.GET.urlencode(),
            },
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        _, d = self._dashboard(request)
        filename = f"so-lieu-su-dung-{timezone.localdate():%Y%m%d}"
        if request.GET.get("format") == "csv":
            return exports.export_csv(d, filename)
        return exports.export_xlsx(d, filename)
