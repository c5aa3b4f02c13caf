"""Walk every URL the admin serves as someone who must not reach the object behind it.

The URLs are read from `admin.site.get_urls()` at run time, so a package that adds admin pages is
walked without anyone remembering to list them. Each URL that names an object is filled with one the
role may not reach (another unit's row for the ward officer, the leader and the ward's content editor: the
guides and news belong to unit B; else a record of a model the role has no right to). Each URL is requested
with GET and with POST (the form a superuser sees on that page, posted back with every unit choice
pointed at the caller's own unit and passwords filled in), every bulk action of every list is posted
with that object selected, and the autocomplete is asked for every relation. Nothing may answer 500,
change a row of the database, answer anything but 404 for an out-of-scope object, or show an
out-of-scope object in a 200.

The counts are printed (`pytest -s`) and written to the test's report section.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from django.utils.html import escape

from accounts import roles
from accounts.admin_scoping import GUARD_MARK
from tests.factories import OfficerFactory

pytestmark = pytest.mark.slow

MISSING_ID = "987654321"
NEW_PASSWORD = "Mat-khau-moi-123!"
# Rows a read may write by design: the access logs record every read of a dossier or a report.
# Logs that reading is meant to write: who opened a dossier or report, sessions, and the sign-in log (each request
# of the walk signs the role in again; django-axes records every sign-in and sign-out).
READ_LOGS = {"dossiers_dossieraccesslog", "reports_reportaccesslog", "django_session", "axes_accesslog"}


# --- the world: at least one row behind every admin page, most of them in unit B or published ------------


@pytest.fixture
def world(tree, officer_a, leader_a, officer_b, provincial_admin, settings, tmp_path):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    from dossiers.models import Holiday
    from ops.models import Heartbeat
    from procedures.models import ProcedureFeedback
    from ratings.models import FollowUp, SurveyResponse
    from reports.models import Coverage
    from sync.models import QuarantinedRecord, SyncFile, SyncRun, SyncSource
    from tests.dossiers.conftest import ID_B, PHONE_B, receive
    from tests.procedures.factories import (
        ArticleFactory,
        CaseFactory,
        ChannelFactory,
        DocumentFactory,
        FaqFactory,
        ProcedureFactory,
        StepFactory,
    )
    from tests.ratings.factories import RatingFactory
    from tests.reports.conftest import jpeg_with_gps, make_report, upload
    from zalo.models import OfficialAccount, WebhookEvent

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "public"
    from reports.demo import report_kinds_ensure

    report_kinds_ensure()
    # Content belongs to unit B: out of the ward editor's reach (publishing scopes it by `owner_unit`).
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú", owner_unit=tree.unit_b)
    ChannelFactory(procedure=procedure, channel="truc_tiep", processing_days=7)
    StepFactory(procedure=procedure)
    DocumentFactory(case=CaseFactory(procedure=procedure))
    FaqFactory(procedure=procedure, question="Đăng ký thường trú ở đâu?", owner_unit=tree.unit_b)
    ArticleFactory(title="Thông báo lịch tiếp dân", owner_unit=tree.unit_b)
    ProcedureFeedback.objects.create(procedure=procedure, useful=False, reason="Thiếu mẫu tờ khai")
    dossier = receive(officer_b, tree.unit_b, procedure, code="B-0001", id_number=ID_B, phone=PHONE_B)
    Coverage.objects.create(unit=tree.unit_b, radius_km=Decimal("5"), area_names="Xã Đức Hạnh")
    report = make_report(tree.unit_b, files=[upload(jpeg_with_gps())], description="Tin báo riêng của xã Đức Hạnh")
    rating = RatingFactory(
        unit=tree.unit_b, procedure=procedure, officer=officer_b, level=1, reason="Lý do riêng của xã Đức Hạnh"
    )
    if not FollowUp.objects.filter(rating=rating).exists():
        FollowUp.objects.create(rating=rating, unit=tree.unit_b, deadline=timezone.localdate() + timedelta(days=5))
    SurveyResponse.objects.create(unit=tree.unit_b, level=1, comment="Góp ý riêng của xã Đức Hạnh")
    Holiday.objects.get_or_create(date=timezone.localdate().replace(month=9, day=2), defaults={"name": "Quốc khánh"})
    source = SyncSource.objects.order_by("pk").first() or SyncSource.objects.create(
        name="tep-xuat", title="Tệp xuất", kind="file"
    )
    run = SyncRun.objects.create(source=source, trigger="thử")
    QuarantinedRecord.objects.create(source=source, run=run, reason="invalid", detail="thiếu mã", raw="{}")
    SyncFile.objects.create(source=source, name="xuat.csv", sha256="0" * 64, content=b"MaHoSo\n", size=7)
    OfficialAccount.objects.get_or_create(is_province=True)
    WebhookEvent.objects.create(dedup_key="walk-1", event_name="follow", payload={})
    from citizens.models import Citizen
    from questions.services import question_answer, question_ask

    asker = Citizen.objects.create(zalo_user_id="walk-citizen", display_name="Người hỏi")
    asked = question_ask(citizen=asker, text="Câu hỏi riêng của xã Đức Hạnh", unit=tree.unit_b)
    question_answer(question=asked, officer=officer_b, text="Trả lời riêng của xã Đức Hạnh")
    Heartbeat.objects.create(name="worker", last_seen=timezone.now())
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    CrontabSchedule.objects.create(minute="0", hour="2")
    SolarSchedule.objects.create(event="sunrise", latitude=Decimal("21.0"), longitude=Decimal("105.8"))
    ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(days=1))
    PeriodicTask.objects.create(name="walk-task", task="ops.heartbeat", interval=every_minute)
    # Reads by unit B's officer leave rows in the access logs for the leaders' log pages.
    reader = Client()
    reader.force_login(officer_b)
    reader.get(f"/admin/dossiers/dossier/{dossier.pk}/change/")
    reader.get("/admin/reports/report/")
    superuser = OfficerFactory(username="root", unit=tree.province, is_superuser=True)
    # The roles come from data migrations; a transactional test elsewhere may have flushed them.
    # The content editor of unit A (a province editor reaches every unit's content, and may propose changes
    # to published items: nothing left out of reach to walk).
    editor = OfficerFactory(username="editor_a", unit=tree.unit_a, roles=[roles.CONTENT_EDITOR])
    assert leader_a.has_perm("units.change_unit") and editor.has_perm("news.change_article"), "role groups missing"
    # What unit B's rows say, planted where no one outside unit B (and no editor) may read it.
    private = [dossier.code, report.report.code, "Tin báo riêng của xã Đức Hạnh", "Góp ý riêng của xã Đức Hạnh",
               "Lý do riêng của xã Đức Hạnh", "Câu hỏi riêng của xã Đức Hạnh", officer_b.username]  # fmt: skip
    ward = [tree.unit_b.name, *private]
    # Unit B's name is a choice of a procedure's "nơi nộp" (where citizens file: any unit), so not a secret there.
    return {
        "superuser": superuser,
        "officer_a": officer_a,
        "leader_a": leader_a,
        "editor": editor,
        "secrets": {"officer_a": ward, "leader_a": ward, "editor": private},
    }


# --- reading the URL tree -----------------------------------------------------------------------------------


@dataclass
class Route:
    regex: str  # the full regex, prefix included
    view: str
    model_admin: Any  # None for the site's own pages
    captures: list[str | None] = field(default_factory=list)  # names, None for a positional group


def _captures(regex: str) -> list[str | None]:
    names = []
    for match in re.finditer(r"(?<!\\)\((\?P<(\w+)>|(?!\?))", regex):
        names.append(match.group(2))
    return names


def _routes() -> list[Route]:
    by_prefix = {f"^{m._meta.app_label}/{m._meta.model_name}/": ma for m, ma in admin.site._registry.items()}
    routes: list[Route] = []

    def walk(patterns: list[Any], prefix: str, model_admin: Any) -> None:
        for pattern in patterns:
            regex = pattern.pattern.regex.pattern
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + regex.lstrip("^"), by_prefix.get(regex, model_admin))
            else:
                assert isinstance(pattern, URLPattern)
                full = "^" + prefix + regex.lstrip("^")
                routes.append(Route(full, getattr(pattern.callback, "__name__", "?"), model_admin, _captures(full)))

    walk(admin.site.get_urls(), "", None)
    return routes


def _fill(regex: str, values: list[str]) -> str:
    """Turn a URL regex into a path, each capture group replaced by the next value."""
    out, i, values = [], 0, list(values)
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            if regex[i + 1] not in "AZ":
                out.append(regex[i + 1])
            i += 2
        elif char == "(":
            depth, j = 1, i + 1
            while depth:
                if regex[j] == "\\":
                    j += 1
                elif regex[j] == "[":
                    j = regex.index("]", j + 2)
                elif regex[j] == "(":
                    depth += 1
                elif regex[j] == ")":
                    depth -= 1
                j += 1
            out.append(values.pop(0))
            i = j
        elif char in "^$":
            i += 1
        else:
            out.append(char)
            i += 1
    return "/admin/" + "".join(out)


# --- forms as a browser would post them ------------------------------------------------------------------------


class FormReader(HTMLParser):
    """The POST forms of a page, each field with the value a browser would send unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "").lower() == "post" and a.get("id") != "logout-form":
                self._form = {"fields": [], "selects": set()}
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self._select_chosen = True
                self._form["fields"].append((self._select, a.get("value", "")))
            return
        name = a.get("name")
        if not name:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file" or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            value = NEW_PASSWORD if kind == "password" else a.get("value", "on" if kind == "checkbox" else "")
            self._form["fields"].append((name, value))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = name, None, False
            self._form["selects"].add(name)
        elif tag == "textarea":
            self._textarea = name
            self._form["fields"].append((name, ""))

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            name, value = self._form["fields"].pop()
            self._form["fields"].append((name, value + data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form["fields"].append((self._select, self._select_first))
            self._select = None
        elif tag == "form":
            self._form = None


def browser_body(html: str, *, own_unit_id: int) -> dict[str, Any]:
    """The first POST form of the page (not the logout form), with unit choices pointed at own_unit_id."""
    reader = FormReader()
    reader.feed(html)
    if not reader.forms:
        return {}
    body: dict[str, list[str]] = {}
    form = reader.forms[0]
    for name, value in form["fields"]:
        if name in form["selects"] and name in ("parent", "unit", "to_unit", "units"):
            value = str(own_unit_id)
        body.setdefault(name, []).append(value)
    return body


# --- what must never happen ----------------------------------------------------------------------------------


def database_digest() -> dict[str, str]:
    """One md5 per table (rows as JSON, sorted), in one query; the access logs and sessions left out."""
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed} - READ_LOGS
    )
    existing = set(connection.introspection.table_names())
    parts = [
        f"SELECT '{t}', md5(coalesce(string_agg((to_jsonb(x) - 'last_login')::text, '|' "
        f"ORDER BY (to_jsonb(x) - 'last_login')::text), '')) FROM \"{t}\" x"
        for t in tables
        if t in existing
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


def role_request(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def target_for(model_admin: Any, user: Any) -> tuple[Any, str]:
    """An object of the admin's model the user may not reach: out of scope, else not changeable."""
    request = role_request(user)
    rows = list(model_admin.model._default_manager.order_by("pk"))
    visible = set(model_admin.get_queryset(request).values_list("pk", flat=True))
    for obj in rows:
        if obj.pk not in visible:
            return obj, "out_of_scope"
    for obj in rows:
        if not model_admin.has_change_permission(request, obj):
            return obj, "not_changeable"
    return (rows[0], "reachable") if rows else (None, "missing")


def shows_any(content: str, markers: list[str]) -> list[str]:
    return [m for m in markers if m in content or escape(m) in content or json.dumps(m)[1:-1] in content]


# --- the walk -------------------------------------------------------------------------------------------------


@dataclass
class Walk:
    role: str
    urls: int = 0
    requests: int = 0
    problems: list[str] = field(default_factory=list)
    by_status: dict[int, int] = field(default_factory=dict)
    pages_opened: int = 0  # model pages the role did open (200): proof the walk is not vacuous


def _values(route: Route, obj: Any, content_type_id: int | None) -> list[str]:
    values = []
    for index, name in enumerate(route.captures):
        if name == "app_label":
            values.append("units")
        elif name == "url":
            values.append("khong-co-trang-nay/")
        elif name == "content_type_id":
            values.append(str(content_type_id or MISSING_ID))
        elif index == 1 and route.view == "history_form_view" and obj is not None:
            values.append(str(obj.history.latest("history_date").history_id))
        elif name == "attachment_id" and obj is not None:
            values.append(str(obj.attachments.order_by("pk").first().pk))
        else:
            values.append(str(obj.pk) if obj is not None else MISSING_ID)
    return values


def walk_as(role: str, world: dict[str, Any]) -> Walk:
    from django.contrib.contenttypes.models import ContentType

    user, superuser = world[role], world["superuser"]
    result = Walk(role)
    attacker, root = Client(raise_request_exception=False), Client(raise_request_exception=False)
    root.force_login(superuser)
    markers = world["secrets"][role]
    before = database_digest()

    def attempt(
        method: str,
        path: str,
        data: Any = None,
        *,
        expect_404: bool = False,
        query: Any = None,
        model_page: bool = False,
    ) -> None:
        nonlocal before
        attacker.force_login(user)
        if method == "get":
            response = attacker.get(path, query or {})
        else:
            response = attacker.post(path, data or {})
        result.requests += 1
        result.by_status[response.status_code] = result.by_status.get(response.status_code, 0) + 1
        label = f"{role} {method.upper()} {path}{'?' + str(query) if query else ''}"
        if response.status_code >= 500:
            result.problems.append(f"{label}: {response.status_code}")
        if expect_404 and response.status_code != 404:
            result.problems.append(f"{label}: {response.status_code} for an out-of-scope object, not 404")
        if response.status_code == 200:
            result.pages_opened += method == "get" and model_page
            content = b"".join(response) if response.streaming else response.content
            shown = shows_any(content.decode("utf-8", "replace"), markers)
            if shown:
                result.problems.append(f"{label}: 200 shows {shown[:3]}")
        after = database_digest()
        changed = sorted(t for t in after if after[t] != before.get(t))
        if changed:
            result.problems.append(f"{label}: changed {changed}")
            before = after

    routes = _routes()
    result.urls = len(routes)
    for route in routes:
        model_admin = route.model_admin
        if route.view == "shortcut":  # r/<content_type_id>/<object_id>/: every model's target
            for model, each_admin in admin.site._registry.items():
                obj, kind = target_for(each_admin, user)
                ct = ContentType.objects.get_for_model(model).pk
                path = _fill(route.regex, _values(route, obj, ct))
                attempt("get", path, expect_404=kind == "out_of_scope")
            continue
        if route.view == "autocomplete_view":  # every relation to a model whose admin can search
            attempt("get", _fill(route.regex, []))
            for model in admin.site._registry:
                for f in model._meta.get_fields():
                    remote = admin.site._registry.get(getattr(f, "related_model", None))
                    if f.is_relation and not f.auto_created and remote and remote.get_search_fields(None):
                        query = {"app_label": model._meta.app_label, "model_name": model._meta.model_name,
                                 "field_name": f.name, "term": ""}  # fmt: skip
                        attempt("get", _fill(route.regex, []), query=query)
            continue
        if route.view == "app_index":
            for label in sorted({m._meta.app_label for m in admin.site._registry}):
                attempt("get", _fill(route.regex, [label]))
            continue
        obj, kind = target_for(model_admin, user) if model_admin is not None else (None, "site")
        names_object = model_admin is not None and bool(route.captures)
        path = _fill(route.regex, _values(route, obj, None))
        seen = root.get(path)
        html = seen.content.decode("utf-8", "replace") if not seen.streaming and seen.status_code == 200 else ""
        body = browser_body(html, own_unit_id=user.unit_id) if html else {}
        body.setdefault("_save", ["Lưu"])
        body.setdefault("post", ["yes"])
        expect_404 = names_object and kind in ("out_of_scope", "missing")
        attempt("get", path, expect_404=expect_404, model_page=model_admin is not None)
        attempt("post", path, body, expect_404=expect_404)
        if route.view == "changelist_view" and obj is not None:
            for action in model_admin.get_actions(role_request(superuser)):
                attempt("post", path, {"action": action, "_selected_action": [obj.pk], "index": 0, "post": "yes"})
    return result


@pytest.mark.parametrize("role", ["officer_a", "leader_a", "editor"])
def test_no_admin_url_lets_an_out_of_scope_role_see_or_change_anything(role, world, record_property):
    walk = walk_as(role, world)
    line = (
        f"admin URL walk as {role}: {walk.urls} URL patterns, {walk.requests} requests, "
        f"{walk.pages_opened} pages opened, statuses {dict(sorted(walk.by_status.items()))}"
    )
    print(line)
    record_property("admin_url_walk", line)
    assert walk.urls > 200 and walk.requests > 2 * walk.urls
    assert walk.pages_opened > 0, "the role opened no page at all: are the role groups and their rights there?"
    assert not walk.problems, "\n".join(walk.problems)


def test_the_walk_reads_the_urls_from_the_site_itself(db):
    """A URL added to any ModelAdmin appears in the walk and is guarded, without editing this file."""
    from django.urls import path as make_path

    from procedures.admin import FieldAdmin

    extra = make_path("<path:object_id>/side-door/", lambda request, object_id: None, name="side_door")
    original = FieldAdmin.get_urls
    FieldAdmin.get_urls = lambda self: [extra, *original(self)]  # type: ignore[method-assign]
    try:
        routes = [r for r in _routes() if "side" in r.regex and "door" in r.regex]
        assert len(routes) == 1 and routes[0].captures == ["object_id"]
        assert _fill(routes[0].regex, ["7"]) == "/admin/procedures/field/7/side-door/"
        guarded = [p for p in admin.site.get_urls() if isinstance(p, URLResolver) and "field" in str(p.pattern)]
        callbacks = [p.callback for r in guarded for p in r.url_patterns if p.name == "side_door"]
        assert callbacks and getattr(callbacks[0], GUARD_MARK, False)
    finally:
        FieldAdmin.get_urls = original  # type: ignore[method-assign]
