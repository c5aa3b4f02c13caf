"""Unit leaders' side of ratings: the dashboard (with exports), the follow-ups they must answer, and
read-only lists of ratings and survey answers. Everything is scoped to the leader's unit subtree."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from accounts.admin_scoping import ScopedUnitListFilter, UnitScopedAdminMixin
from accounts.selectors import officer_of, unit_list_for_officer
from common.admin_actions import DEADLINE_COLOURS, TEXT_COLOUR, coloured
from common.errors import ApplicationError
from ratings import exports, selectors, services
from ratings.charts import trend_svg
from ratings.models import Driver, FollowUp, FollowUpState, Rating, SurveyResponse

DRIVERS = dict(Driver.choices)


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label="Đơn vị (gồm cấp dưới)", required=False, queryset=None)  # type: ignore[var-annotated]

    def __init__(self, *args: Any, officer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = unit_list_for_officer(officer=officer).order_by("path")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"  # type: ignore[attr-defined]

    def filter(self) -> selectors.DashboardFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.DashboardFilter(
            date_from=data.get("date_from"), date_to=data.get("date_to"), unit=data.get("unit")
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rating)
class RatingAdmin(UnitScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["created_at", "dossier", "unit", "procedure", "officer", "level", "driver_list", "reason"]
    list_filter = ["level", ScopedUnitListFilter, ("created_at", admin.DateFieldListFilter)]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier", "unit", "procedure", "officer"]
    date_hierarchy = "created_at"
    change_list_template = "admin/ratings/rating/change_list.html"
    exclude = ["citizen"]  # who rated is not shown to officers

    @admin.display(description="yếu tố")
    def driver_list(self, obj: Rating) -> str:
        return ", ".join(DRIVERS.get(d, d) for d in obj.drivers)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="ratings_rating_dashboard"),
            path("export/", wrap(self.export_view), name="ratings_rating_export"),
            *super().get_urls(),
        ]

    def _filter(self, request: HttpRequest) -> tuple[DashboardFilterForm, selectors.DashboardFilter]:
        if not request.user.has_perm("ratings.view_dashboard"):
            raise PermissionDenied
        form = DashboardFilterForm(request.GET or None, officer=request.user)
        return form, form.filter()

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        form, flt = self._filter(request)
        dashboard = selectors.rating_dashboard(officer=officer_of(request), flt=flt)
        exports.label_rows(dashboard)
        return TemplateResponse(
            request,
            "admin/ratings/rating/dashboard.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Bảng theo dõi sự hài lòng",
                "form": form,
                "d": dashboard,
                "chart": trend_svg(dashboard.by_month),
                "today": timezone.localdate(),
                "query": request.GET.urlencode(),
            },
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        form, flt = self._filter(request)
        rows = selectors.rating_export_rows(officer=officer_of(request), flt=flt)
        filename = f"danh-gia-hai-long-{timezone.localdate():%Y%m%d}"
        if request.GET.get("format") == "xlsx":
            dashboard = selectors.rating_dashboard(officer=officer_of(request), flt=flt)
            return exports.export_xlsx(rows, dashboard, filename)
        return exports.export_csv(rows, filename)  # type: ignore[return-value]


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["reply"]
        widgets = {"reply": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"reply": "Công dân nhận nội dung này qua thông báo Zalo. Viết dễ hiểu, lịch sự."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "reply" in self.fields:  # absent once answered (read-only)
            self.fields["reply"].required = True


@admin.register(FollowUp)
class FollowUpAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    form = FollowUpForm
    list_display = ["rating_dossier", "unit", "deadline_badge", "state", "reason", "answered_at"]
    list_filter = ["state", ScopedUnitListFilter, "deadline"]
    search_fields = ["rating__dossier__code"]
    list_select_related = ["rating__dossier", "unit"]
    fields = [
        "rating_dossier",
        "unit",
        "deadline_badge",
        "reason",
        "comment",
        "state",
        "reply",
        "answered_by",
        "answered_at",
    ]
    readonly_fields = [name for name in fields if name != "reply"]  # type: ignore[misc]

    @admin.display(description="hồ sơ", ordering="rating__dossier__code")
    def rating_dossier(self, obj: FollowUp) -> str:
        return obj.rating.dossier.code

    @admin.display(description="lý do không hài lòng")
    def reason(self, obj: FollowUp) -> str:
        return obj.rating.reason

    @admin.display(description="góp ý")
    def comment(self, obj: FollowUp) -> str:
        return obj.rating.comment

    @admin.display(description="hạn trả lời", ordering="deadline")
    def deadline_badge(self, obj: FollowUp) -> str:
        overdue = obj.state == FollowUpState.OPEN and obj.deadline < timezone.localdate()
        colour = DEADLINE_COLOURS["overdue"] if overdue else TEXT_COLOUR
        return coloured(colour, "{}{}", f"{obj.deadline:%d/%m/%Y}", " (quá hạn)" if overdue else "")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # opened by a "Không hài lòng", never by hand

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: FollowUp | None = None) -> bool:
        if obj is not None and obj.state != FollowUpState.OPEN:
            return False  # answered once; the citizen already has the reply
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: FollowUp, form: forms.ModelForm, change: bool) -> None:
        try:
            services.follow_up_answer(
                follow_up=FollowUp.objects.get(pk=obj.pk),
                officer=officer_of(request),
                reply=form.cleaned_data["reply"],
            )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, "Đã gửi trả lời tới công dân.", messages.SUCCESS)

    def response_change(self, request: HttpRequest, obj: FollowUp) -> HttpResponse:
        # save_model said what happened (sent, or why not); Django's generic "changed" message would not.
        return HttpResponseRedirect(reverse("admin:ratings_followup_changelist"))


@admin.register(SurveyResponse)
class SurveyResponseAdmin(UnitScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["created_at", "unit", "level", "driver_list", "comment"]
    list_filter = ["level", ScopedUnitListFilter, ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["unit"]
    date_hierarchy = "created_at"

    @admin.display(description="yếu tố")
    def driver_list(self, obj: SurveyResponse) -> str:
        return ", ".join(DRIVERS.get(d, d) for d in obj.drivers)
