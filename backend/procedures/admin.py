from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from procedures import selectors
from procedures.models import (
    CaseDocument,
    Faq,
    Field,
    Procedure,
    ProcedureCase,
    ProcedureChannel,
    ProcedureFeedback,
    ProcedureStep,
)
from procedures.resources import ProcedureResource
from publishing.admin import REVIEW_FIELDS, PublishableAdminMixin, PublishableChildAdminMixin


class StepInline(admin.StackedInline):
    model = ProcedureStep
    extra = 0
    fields = ["order", "title", "content", "logic", "optional"]


class CaseInline(admin.TabularInline):
    model = ProcedureCase
    extra = 0
    fields = ["order", "name"]
    show_change_link = True  # the documents of a case are edited on the case's page


class ChannelInline(admin.StackedInline):
    """Time and fee per channel. A reduction for a period is data (percent, from, to, basis), never text in
    "phí, lệ phí": the app shows the reduced amount inside the period and the full one after it."""

    model = ProcedureChannel
    extra = 0
    fields = [
        ("channel", "processing_time", "processing_days"),
        ("fee", "fee_amount"),
        ("reduction_percent", "reduction_valid_from", "reduction_valid_to", "reduction_basis"),
        "note",
    ]


class FeeReductionEndingFilter(admin.SimpleListFilter):
    title = "mức giảm phí, lệ phí"
    parameter_name = "fee_reduction"

    def lookups(self, request, model_admin):
        return [("ending", f"Sắp hết hiệu lực (trong {settings.FEE_PERIOD_WARNING_DAYS} ngày)")]

    def queryset(self, request, queryset):
        if self.value() == "ending":
            return queryset.filter(pk__in=selectors.procedures_with_fee_reduction_ending().values("pk"))
        return queryset


class DocumentInline(admin.TabularInline):
    model = CaseDocument
    extra = 1
    fields = ["order", "name", "originals", "copies", "note", "form_name", "form_url", "form_file"]


@admin.register(Procedure)
class ProcedureAdmin(PublishableAdminMixin, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [ProcedureResource]
    # Fits 1366 px with the sidebar (tests/e2e/test_admin_layout.py); "last changed" is in the history.
    list_display = ["code", "name", "field", "level", "state_badge", "useful_yes", "useful_no"]
    list_filter = ["state", "field", "level", "online_level", FeeReductionEndingFilter]
    search_fields = ["code", "name", "name_search"]
    list_select_related = ["field"]
    filter_horizontal = ["units"]
    inlines = [StepInline, CaseInline, ChannelInline]
    fieldsets = [
        (None, {"fields": ["code", "local_suffix", "name", "field", "level", "agency", "online_level", "portal_url"]}),
        ("Nội dung", {"fields": ["summary", "target", "conditions", "result", "legal_basis", "keywords"]}),
        ("Nơi nộp và nguồn", {"fields": ["units", "source_url", "retrieved_at"]}),
        ("Duyệt", {"fields": REVIEW_FIELDS}),  # type: ignore[typeddict-item]
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes=Count("feedback", filter=Q(feedback__useful=True)),
                no=Count("feedback", filter=Q(feedback__useful=False)),
            )
        )

    def has_import_permission(self, request):
        # Import adds procedures and overwrites drafts: add and change, like the forms
        # (the resource refuses rows for published or in-review procedures).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)  # what the list shows, nothing more

    @admin.display(description="hữu ích", ordering="yes")
    def useful_yes(self, obj: Procedure) -> int:
        return obj.yes  # type: ignore[attr-defined]

    @admin.display(description="không hữu ích", ordering="no")
    def useful_no(self, obj: Procedure) -> int:
        return obj.no  # type: ignore[attr-defined]


@admin.register(ProcedureCase)
class ProcedureCaseAdmin(PublishableChildAdminMixin, SimpleHistoryAdmin):
    publishable_parent = "procedure"
    list_display = ["name", "procedure"]
    search_fields = ["name", "procedure__code", "procedure__name"]
    inlines = [DocumentInline]

    def has_module_permission(self, request):
        return False  # reached from a procedure's page, not from the menu


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]


@admin.register(Faq)
class FaqAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    list_display = ["question", "procedure", "state_badge", "order"]
    list_filter = ["state"]
    search_fields = ["question", "search_text"]
    autocomplete_fields = ["procedure"]
    fields = [  # type: ignore[assignment]
        "question",
        "answer",
        "procedure",
        "keywords",
        "order",
    ] + REVIEW_FIELDS


@admin.register(ProcedureFeedback)
class ProcedureFeedbackAdmin(admin.ModelAdmin):
    list_display = ["procedure", "useful", "reason", "created_at"]
    list_filter = ["useful"]
    search_fields = ["procedure__code", "procedure__name", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
