"""The sync in the admin: the provincial admin runs a source, uploads an export, reads runs and the
quarantine; unit officers do not see any of it."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.models import Dossier
from sync.models import QuarantinedRecord, RunStatus, SyncRun
from tests.sync.conftest import make_source, record
from tests.sync.test_runs import CSV_HEAD, csv_row

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_client(client, provincial_admin):  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission

    # What migration sync 0002 grants the role (transactional tests flush migration data).
    provincial_admin.user_permissions.add(*Permission.objects.filter(content_type__app_label="sync"))
    client.force_login(provincial_admin)
    return client


def test_run_now_syncs_the_source_and_the_run_is_listed(admin_client, upstream, tree, procedure):
    source = make_source()
    upstream.add([record("ADM-1"), record("ADM-2", TrangThaiHoSo="x")])
    response = admin_client.post(
        reverse("admin:sync_syncsource_changelist"), {"action": "run_now", "_selected_action": [source.pk]}
    )
    assert response.status_code == 302
    run = SyncRun.objects.get()
    assert (run.status, run.created, run.quarantined) == (RunStatus.SUCCEEDED, 1, 1)
    page = admin_client.get(reverse("admin:sync_syncrun_changelist")).content.decode()
    assert "Thành công" in page
    quarantine = admin_client.get(reverse("admin:sync_quarantinedrecord_changelist")).content.decode()
    assert "ADM-2" in quarantine and "ánh xạ" in quarantine
    bad = QuarantinedRecord.objects.get()
    detail = admin_client.get(reverse("admin:sync_quarantinedrecord_change", args=[bad.pk])).content.decode()
    # The reason names the field as the source calls it; the record is shown in our field names.
    assert "«TrangThaiHoSo»" in detail and "&quot;status&quot;: &quot;x&quot;" in detail


def test_an_officer_uploads_an_export_and_it_is_imported(admin_client, tree, procedure):
    source = make_source("tep-xuat", "file", incremental=False)
    upload = SimpleUploadedFile("xuat.csv", (CSV_HEAD + csv_row("UP-1")).encode(), content_type="text/csv")
    response = admin_client.post(reverse("admin:sync_syncsource_upload", args=[source.pk]), {"file": upload})
    assert response.status_code == 302
    assert Dossier.objects.filter(code="UP-1").exists()
    again = SimpleUploadedFile("lai.csv", (CSV_HEAD + csv_row("UP-1")).encode(), content_type="text/csv")
    page = admin_client.post(reverse("admin:sync_syncsource_upload", args=[source.pk]), {"file": again})
    assert page.status_code == 200 and "đã được tải lên" in page.content.decode()
    wrong = SimpleUploadedFile("anh.png", b"\x89PNG", content_type="image/png")
    page = admin_client.post(reverse("admin:sync_syncsource_upload", args=[source.pk]), {"file": wrong})
    assert "Chỉ nhận tệp .csv hoặc .xlsx" in page.content.decode()


def test_the_upload_page_explains_the_file_and_only_a_file_source_has_one(admin_client, db):
    page = admin_client.get(reverse("admin:sync_syncsource_upload", args=[make_source("tep", "file").pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Mỗi dòng của tệp là một hồ sơ" in text and 'enctype="multipart/form-data"' in text
    assert 'value="Tải lên và nhập"' in text
    feed = make_source()  # an HTTP feed is read from its address, not uploaded
    assert admin_client.get(reverse("admin:sync_syncsource_upload", args=[feed.pk])).status_code == 404


def test_changing_the_interval_in_the_admin_moves_the_beat_schedule(admin_client, db):
    from django_celery_beat.models import PeriodicTask

    source = make_source(interval_minutes=10)
    data = {
        "title": source.title, "name": source.name, "kind": "http", "enabled": "on", "interval_minutes": 3,
        "lag_alert_minutes": 60, "incremental": "on", "cursor": "",
        "url": source.url, "http_method": "GET", "data_format": "json", "extra_params": "{}", "auth_kind": "api_key",
        "auth_header": "Authorization", "paging": "cursor", "page_size": 1000, "first_page": 1,
        "window_overlap_minutes": 10, "window_max_hours": 24, "records_path": "data",
        "field_map": json.dumps(source.field_map), "version_rule": "updated_at",
        "status_mappings-TOTAL_FORMS": 0, "status_mappings-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = admin_client.post(reverse("admin:sync_syncsource_change", args=[source.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PeriodicTask.objects.get(name="Đồng bộ hồ sơ: mot-cua").interval.every == 3
    source.refresh_from_db()
    assert source.auth_secret_encrypted  # an empty «new secret» keeps the stored one


def test_a_field_map_that_cannot_be_read_is_refused_with_the_reason(admin_client, db):
    source = make_source()
    page = admin_client.get(reverse("admin:sync_syncsource_change", args=[source.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in data.items()}
    data.update({"field_map": '{"code": "A[x"}', "status_mappings-TOTAL_FORMS": 0, "status_mappings-INITIAL_FORMS": 0,
                 "enabled": "on", "incremental": "on", "create_placeholders": "on"})  # fmt: skip
    data.pop("default_unit", None)
    data.pop("window_start", None)
    response = admin_client.post(reverse("admin:sync_syncsource_change", args=[source.pk]), data)
    assert response.status_code == 200 and "không hợp lệ" in response.content.decode()


def test_a_lookup_address_without_the_code_placeholder_is_refused(admin_client, db):
    source = make_source()
    page = admin_client.get(reverse("admin:sync_syncsource_change", args=[source.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in data.items()}
    data.update({"lookup_url": "https://lgsp.example/hoso?MaHoSo=", "status_mappings-TOTAL_FORMS": 0,
                 "status_mappings-INITIAL_FORMS": 0, "enabled": "on", "incremental": "on",
                 "create_placeholders": "on"})  # fmt: skip
    data.pop("default_unit", None)
    data.pop("window_start", None)
    url = reverse("admin:sync_syncsource_change", args=[source.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "{code}" in response.content.decode()
    data["lookup_url"] = "https://lgsp.example/hoso?MaHoSo={code}"
    assert admin_client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.lookup_url == "https://lgsp.example/hoso?MaHoSo={code}"


def test_unit_officers_and_leaders_cannot_see_the_sync(client, officer_a, leader_a, db):
    make_source()
    for user in (officer_a, leader_a):
        client.force_login(user)
        for name in ("sync_syncsource_changelist", "sync_syncrun_changelist", "sync_quarantinedrecord_changelist"):
            assert client.get(reverse(f"admin:{name}")).status_code == 403


@pytest.mark.django_db
def test_the_provincial_admin_role_may_run_sources_and_upload_files():
    from django.contrib.auth.models import Group

    from accounts.roles import PROVINCIAL_ADMIN

    group = Group.objects.get(name=PROVINCIAL_ADMIN)
    codes = set(group.permissions.filter(content_type__app_label="sync").values_list("codename", flat=True))
    assert {"change_syncsource", "add_syncfile", "view_syncrun", "change_quarantinedrecord"} <= codes


def test_a_file_source_created_with_the_feed_map_the_form_starts_with_uses_the_column_headings(admin_client, db):
    from django.conf import settings

    from sync.admin import SourceForm
    from sync.models import SyncSource

    feed_map = "\n".join(f"{ours}={path}" for ours, path in settings.SYNC_FIELD_MAP.items())
    data = {"title": "Tệp xuất", "name": "tep-moi", "kind": "file", "field_map": feed_map}
    form = SourceForm(data=data)
    form.is_valid()
    assert form.cleaned_data.get("field_map") == {}
    headings = dict(data, field_map="code=Số biên nhận")
    form = SourceForm(data=headings)
    form.is_valid()
    assert form.cleaned_data.get("field_map") == {"code": "Số biên nhận"}  # headings with spaces are fine
    assert SyncSource.objects.count() == 0
