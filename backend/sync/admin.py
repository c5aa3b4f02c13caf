"""The sync in the admin: sources (schedule, status mapping, run now, upload an export), every run with
its counts while it runs, and the quarantine of refused records."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from common.admin_actions import ActionDone, ObjectActionAdminMixin
from sync.mapping import Mapper, MappingError
from sync.models import QuarantinedRecord, RunStatus, SourceKind, StatusMapping, SyncFile, SyncRun, SyncSource
from sync.records import date_format_parsers
from sync.selectors import sources_lagging
from sync.services import sync_file_add, sync_source_schedule, sync_source_try
from sync.tasks import run_source


class KeyValueField(forms.CharField):
    """A JSON object edited as lines `name=value` (what officers type; JSON is accepted too)."""

    widget = forms.Textarea(attrs={"rows": 12, "cols": 80})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return "\n".join(f"{key}={item}" for key, item in value.items())
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, dict):
            return value
        text = super().to_python(value) or ""
        if text.lstrip().startswith("{"):
            try:
                return json.loads(text)
            except ValueError:
                raise forms.ValidationError("Không đọc được nội dung dạng JSON") from None
        out = {}
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, item = line.partition("=")
            if not sep or not name.strip():
                raise forms.ValidationError(f"Dòng {number}: cần dạng tên=giá trị")
            out[name.strip()] = item.strip()
        return out


class SourceForm(forms.ModelForm):
    """The source's own page: secrets are typed in, stored encrypted and never shown again; the field map and
    date formats are checked before they are saved."""

    new_secret = forms.CharField(
        label="Khóa bí mật mới",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Khóa API (đúng như nguồn yêu cầu trong tiêu đề), mật khẩu, hoặc khóa bí mật của ứng dụng với "
        "OAuth2. Để trống: giữ khóa đang lưu (được mã hóa, không hiện lại).",
    )
    clear_secret = forms.BooleanField(label="Xóa khóa bí mật đang lưu", required=False)
    new_push_key = forms.CharField(
        label="Khóa ký mới cho dữ liệu gửi sang",
        required=False,
        strip=True,
        min_length=32,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Ít nhất 32 ký tự ngẫu nhiên, trao cho đơn vị quản lý hệ thống gửi sang. Để trống: giữ khóa cũ.",
    )

    field_map = KeyValueField(
        label="Ánh xạ trường", required=False, help_text=SyncSource._meta.get_field("field_map").help_text
    )
    extra_params = KeyValueField(
        label="Tham số cố định", required=False, help_text=SyncSource._meta.get_field("extra_params").help_text
    )

    class Meta:
        model = SyncSource
        fields = [
            "title", "name", "kind", "enabled", "interval_minutes", "lag_alert_minutes", "incremental", "cursor",
            "url", "lookup_url", "http_method", "data_format", "extra_params", "auth_kind", "auth_header", "auth_username",
            "token_url", "token_scope", "paging", "page_size", "page_size_param", "cursor_param", "next_cursor_path",
            "page_param", "first_page", "window_from_param", "window_to_param", "window_format",
            "window_overlap_minutes", "window_max_hours", "window_start", "records_path", "field_map", "date_formats",
            "default_unit", "version_rule", "create_placeholders",
        ]  # fmt: skip

    def clean_lookup_url(self) -> str:
        value = (self.cleaned_data.get("lookup_url") or "").strip()
        if value and (not value.lower().startswith(("http://", "https://")) or "{code}" not in value):
            raise forms.ValidationError(
                "Địa chỉ tra cứu một hồ sơ phải bắt đầu bằng http:// hoặc https:// và có {code} ở chỗ mã hồ sơ, "
                "ví dụ https://lgsp.example.gov.vn/hoso?MaHoSo={code}"
            )
        return value

    def clean_field_map(self) -> Any:
        value = self.cleaned_data.get("field_map") or {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise forms.ValidationError("Ánh xạ trường: mỗi dòng dạng trường=đường dẫn, ví dụ code=MaHoSo")
        if self.cleaned_data.get("kind") == SourceKind.FILE:
            # A file's map is our field = the export's column heading (sync/sources/files.py); the feed map the
            # form starts with means "not set": the headings of SYNC_COLUMN_MAP apply.
            return {} if value == dict(settings.SYNC_FIELD_MAP) else value
        try:
            Mapper(value)
        except MappingError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value

    def clean_extra_params(self) -> Any:
        value = self.cleaned_data.get("extra_params") or {}
        if not isinstance(value, dict):
            raise forms.ValidationError("Tham số cố định: mỗi dòng dạng tên=giá trị")
        return value

    def clean_date_formats(self) -> str:
        value = self.cleaned_data.get("date_formats") or ""
        try:
            date_format_parsers(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value

    def save(self, commit: bool = True) -> SyncSource:
        source = super().save(commit=False)
        if self.cleaned_data.get("clear_secret"):
            source.auth_secret = ""
        elif self.cleaned_data.get("new_secret"):
            source.auth_secret = self.cleaned_data["new_secret"]
        if self.cleaned_data.get("new_push_key"):
            source.push_key = self.cleaned_data["new_push_key"]
        if commit:
            source.save()
        return source


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
    form = SourceForm
    fieldsets = [
        (None, {"fields": ["title", "name", "kind", "enabled", "interval_minutes", "lag_alert_minutes", "incremental",
                           "cursor", "last_success_at", "last_run_at", "lag", "recent_runs"]}),
        ("Kết nối (nguồn lấy dữ liệu qua HTTP)", {"fields": [
            "url", "lookup_url", "http_method", "data_format", "extra_params", "auth_kind", "auth_header", "auth_username",
            "secret_state", "new_secret", "clear_secret", "token_url", "token_scope"]}),
        ("Phân trang", {"classes": ["collapse"], "fields": [
            "paging", "page_size", "page_size_param", "cursor_param", "next_cursor_path", "page_param", "first_page",
            "window_from_param", "window_to_param", "window_format", "window_overlap_minutes", "window_max_hours",
            "window_start"]}),
        ("Dữ liệu", {"fields": ["records_path", "field_map", "date_formats", "default_unit", "version_rule",
                                "create_placeholders"]}),
        ("Nhận dữ liệu gửi sang", {"classes": ["collapse"], "fields": ["push_address", "push_key_state",
                                                                        "new_push_key"]}),
    ]  # fmt: skip
    readonly_fields = ["last_success_at", "last_run_at", "lag", "recent_runs", "secret_state", "push_key_state",
                       "push_address"]  # fmt: skip
    autocomplete_fields = ["default_unit"]
    inlines = [StatusMappingInline]
    actions = ["run_now", "try_source"]
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

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # A new source starts from the national payload's field names (docs/sync.md).
        return {"field_map": dict(settings.SYNC_FIELD_MAP), **super().get_changeform_initial_data(request)}

    @admin.display(description="độ trễ")
    def lag(self, source: SyncSource) -> str:
        if source.last_success_at is None:
            return "chưa đồng bộ thành công lần nào"
        minutes = int((timezone.now() - source.last_success_at).total_seconds() // 60)
        late = source.enabled and source.interval_minutes and minutes > source.lag_alert_minutes
        text = f"{minutes} phút kể từ lần đồng bộ thành công gần nhất"
        return format_html('<strong style="color:#ba2121">{}</strong>', text) if late else text

    @admin.display(description="10 lần chạy gần nhất")
    def recent_runs(self, source: SyncSource) -> str:
        runs = list(SyncRun.objects.filter(source=source).order_by("-started_at", "-id")[:10])
        if not runs:
            return "chưa chạy lần nào"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(run.started_at).strftime("%d/%m/%Y %H:%M"),
                    run.get_status_display(),
                    run.fetched,
                    run.created,
                    run.updated,
                    run.quarantined,
                    run.error[:120],
                )
                for run in runs
            ),
        )
        return format_html(
            "<table><tr><th>bắt đầu</th><th>kết quả</th><th>đọc</th><th>mới</th><th>thay đổi</th><th>cách ly</th>"
            "<th>lỗi</th></tr>{}</table>",
            rows,
        )

    @admin.display(description="khóa bí mật đang lưu")
    def secret_state(self, source: SyncSource) -> str:
        return "có (đã mã hóa)" if source.auth_secret_encrypted else "chưa có"

    @admin.display(description="khóa ký đang lưu")
    def push_key_state(self, source: SyncSource) -> str:
        return "có (đã mã hóa)" if source.push_key_encrypted else "chưa có"

    @admin.display(description="địa chỉ nhận dữ liệu")
    def push_address(self, source: SyncSource) -> str:
        if not source.pk:
            return "—"
        return f"/api/v1/sync/push/{source.name} (cách ký: tài liệu đồng bộ, mục «Nhận dữ liệu gửi sang»)"

    def save_model(self, request: HttpRequest, obj: SyncSource, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        sync_source_schedule(source=obj)

    @admin.action(description="Thử nguồn (đọc một trang, không ghi gì)", permissions=["change"])
    def try_source(self, request: HttpRequest, queryset: QuerySet[SyncSource]) -> HttpResponse | None:
        source = queryset.first()
        if source is None:
            return None
        return HttpResponseRedirect(reverse("admin:sync_syncsource_try", args=[source.pk]))

    def try_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        source = self.action_object(request, str(object_id))  # scoped and permission-checked like every action
        trial = sync_source_try(source=source)
        return TemplateResponse(
            request,
            "admin/sync/syncsource/try.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": source,
                "title": f"Thử nguồn «{source.title}»",
                "trial": trial,
            },
        )

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
                "<int:object_id>/try/",
                self.admin_site.admin_view(self.try_view),
                name="sync_syncsource_try",
            ),
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
