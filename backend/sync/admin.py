"""The sync in the admin: sources (schedule, status mapping, run now, upload an export), every run with
its counts while it runs, and the quarantine of refused records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html

from common.admin_actions import ActionDone, ObjectActionAdminMixin
from sync.models import QuarantinedRecord, RunStatus, SourceKind, StatusMapping, SyncFile, SyncRun, SyncSource
from sync.selectors import sources_lagging
from sync.services import sync_file_add, sync_source_schedule
from sync.tasks import run_source


class StatusMappingInline(admin.TabularInline):
    model = StatusMapping
    extra = 1
    fields = ["upstream_value", "status"]


@admin.register(SyncSource)
class SyncSourceAdmin(ObjectActionAdminMixin, admin.ModelAdmin):
    # Fits 1366 px with the sidebar (tests/e2e/test_admin_layout.py): the machine name and the last attempt
    # are on the source's own page.
    list_display = ["title", "kind", "enabled", "interval_minutes", "last_success_at", "health"]
    list_filter = ["kind", "enabled"]
    fields = ["title", "name", "kind", "enabled", "interval_minutes", "lag_alert_minutes", "incremental", "cursor",
              "last_success_at", "last_run_at"]  # fmt: skip
    readonly_fields = ["last_success_at", "last_run_at"]
    inlines = [StatusMappingInline]
    actions = ["run_now"]
    change_form_template = "admin/sync/syncsource/change_form.html"

    @admin.display(description="tình trạng")
    def health(self, source: SyncSource) -> str:
        lag = {item.source.pk: item for item in self._lagging}.get(source.pk)
        if lag is not None:
            return format_html('<strong style="color:#ba2121">{}</strong>', lag.text.split(": ", 1)[1])
        return "bình thường" if source.enabled else "đang tắt"

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        self._lagging = sources_lagging()
        return super().changelist_view(request, extra_context)

    def save_model(self, request: HttpRequest, obj: SyncSource, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        sync_source_schedule(source=obj)

    @admin.action(description="Đồng bộ ngay", permissions=["change"])
    def run_now(self, request: HttpRequest, queryset: QuerySet[SyncSource]) -> None:
        for source in queryset:
            run_source.apply_async(args=[source.pk], kwargs={"trigger": f"chạy tay: {request.user}"})
        self.message_user(
            request,
            f"Đã yêu cầu đồng bộ {queryset.count()} nguồn. Xem kết quả ở mục «Các lần đồng bộ».",
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:object_id>/upload/",
                self.admin_site.admin_view(self.upload_view),
                name="sync_syncsource_upload",
            ),
            *super().get_urls(),
        ]

    action_not_found = "Không tìm thấy nguồn đồng bộ."

    def action_summary(self, obj: SyncSource) -> str:
        return format_html(
            "<p>{}</p>",
            "Mỗi dòng của tệp là một hồ sơ; dòng lỗi được đưa vào mục «Bản ghi bị cách ly» kèm lý do, các dòng "
            "khác vẫn được nhập. Cùng một tệp chỉ nhập một lần; nhập lại tệp mới hơn không làm mất dữ liệu (bản cập "
            "nhật mới nhất được giữ).",
        )

    def upload_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        source = self.action_object(request, str(object_id), change=False, perm="sync.add_syncfile")
        if source.kind != SourceKind.FILE:
            raise Http404(self.action_not_found)
        form = UploadForm(request.POST or None, request.FILES or None)

        def run(data: dict[str, Any]) -> ActionDone:
            upload = data["file"]
            sync_file = sync_file_add(source=source, name=upload.name, content=upload.read(), user=request.user)
            run_source.apply_async(args=[source.pk], kwargs={"trigger": f"tải tệp: {request.user}"})
            return ActionDone(
                message=f"Đã nhận tệp «{sync_file.name}»; đang nhập.",
                redirect_to=reverse("admin:sync_syncrun_changelist") + f"?source__id__exact={source.pk}",
            )

        title = f"Tải lên tệp xuất cho «{source.title}»"
        return self.action_view(
            request, source, form=form, title=title, run=run, submit_label="Tải lên và nhập", error_field="file"
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp CSV hoặc XLSX",
        help_text="Tệp xuất từ hệ thống một cửa; dòng đầu là tiêu đề cột (xem tài liệu đồng bộ).",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Chỉ nhận tệp .csv hoặc .xlsx.")
        return upload


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "source", "status", "started_at", "seconds", "fetched", "created", "updated", "unchanged",
                    "quarantined", "notifications", "error_short"]  # fmt: skip
    list_filter = ["status", "source", ("started_at", admin.DateFieldListFilter)]
    readonly_fields = [f.name for f in SyncRun._meta.fields] + ["seconds"]
    list_select_related = ["source"]
    change_list_template = "admin/sync/syncrun/change_list.html"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.method == "GET" and super().has_view_permission(request, obj)

    @admin.display(description="thời gian (giây)")
    def seconds(self, run: SyncRun) -> str:
        value = run.duration_seconds
        return "—" if value is None else f"{value:.1f}"

    @admin.display(description="lỗi")
    def error_short(self, run: SyncRun) -> str:
        return run.error[:120]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # While a run is going, the list reloads itself: each stored chunk moves the counts.
        running = SyncRun.objects.filter(status=RunStatus.RUNNING).exists()
        return super().changelist_view(request, {**(extra_context or {}), "auto_refresh": running})


@admin.register(QuarantinedRecord)
class QuarantinedRecordAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "source", "reason", "code", "detail", "position", "resolved"]
    list_filter = ["resolved", "reason", "source", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["code", "detail"]
    readonly_fields = ["source", "run", "reason", "detail", "code", "position", "raw_pretty", "created_at"]
    fields = [*readonly_fields, "resolved"]
    actions = ["mark_resolved"]

    @admin.display(description="bản ghi gốc")
    def raw_pretty(self, record: QuarantinedRecord) -> str:
        return format_html('<pre style="white-space:pre-wrap;max-width:60em">{}</pre>', record.raw)

    @admin.action(description="Đánh dấu đã xử lý", permissions=["change"])
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[QuarantinedRecord]) -> None:
        done = queryset.update(resolved=True)
        self.message_user(request, f"Đã đánh dấu {done} bản ghi.", messages.SUCCESS)


@admin.register(SyncFile)
class SyncFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "source", "size", "state", "created_at", "uploaded_by"]
    list_filter = ["state", "source"]
    fields = ["name", "source", "size", "sha256", "state", "created_at", "uploaded_by"]
    readonly_fields = fields  # type: ignore[assignment]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.method == "GET" and super().has_view_permission(request, obj)
