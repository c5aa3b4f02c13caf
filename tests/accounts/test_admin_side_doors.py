"""The doors packages add to the admin (simple-history's history and revert, import/export, the password
page) keep the change form's unit scope and publishing rules (issue 18)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts import roles
from news.models import Article
from procedures.models import Procedure
from publishing.models import PublishState
from tests.factories import OfficerFactory
from tests.procedures.factories import ArticleFactory, FaqFactory, FieldFactory, ProcedureFactory
from units.models import Unit


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def history_url(obj, record_id: int | None = None) -> str:  # type: ignore[no-untyped-def]
    meta = obj._meta
    if record_id is None:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[obj.pk, record_id])


def latest_record(obj) -> int:  # type: ignore[no-untyped-def]
    return obj.history.latest("history_date").history_id


def revert_body(unit: Unit, **changes: object) -> dict[str, object]:
    """What the revert form of a unit posts back, as a browser would send it, plus the attacker's edit."""
    body = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind_id,
        "parent": unit.parent_id or "",
        "is_active": "on",
        "display_order": unit.display_order,
        "_save": "Revert",
    }
    body.update(changes)
    return body


@pytest.fixture(params=["officer_a", "leader_a"])
def ward_staff(request, officer_a, leader_a):  # type: ignore[no-untyped-def]
    return {"officer_a": officer_a, "leader_a": leader_a}[request.param]


# --- Critical: history and revert of another ward's unit ---------------------------------------------


def test_the_history_of_another_wards_unit_is_not_found(ward_staff, tree):
    client = logged_in(ward_staff)
    assert client.get(history_url(tree.unit_b)).status_code == 404
    assert client.get(history_url(tree.unit_b, latest_record(tree.unit_b))).status_code == 404


def test_a_history_record_of_another_unit_is_not_found_under_the_officers_own_unit(leader_a, tree):
    forged = history_url(tree.unit_a, latest_record(tree.unit_b))
    assert logged_in(leader_a).get(forged).status_code == 404
    assert logged_in(leader_a).post(forged, revert_body(tree.unit_b, parent=tree.unit_a.pk)).status_code == 404
    tree.unit_b.refresh_from_db()
    assert tree.unit_b.parent_id == tree.province.pk


def test_an_officer_or_leader_cannot_revert_another_ward_under_their_own_unit(ward_staff, tree):
    records = tree.unit_b.history.count()
    target = history_url(tree.unit_b, latest_record(tree.unit_b))
    response = logged_in(ward_staff).post(target, revert_body(tree.unit_b, parent=tree.unit_a.pk))
    assert response.status_code == 404
    tree.unit_b.refresh_from_db()
    assert tree.unit_b.parent_id == tree.province.pk
    assert tree.unit_b.path.startswith(tree.province.path) and not tree.unit_b.path.startswith(tree.unit_a.path)
    assert tree.unit_b.history.count() == records


def test_a_view_only_officer_cannot_revert_even_a_unit_of_their_own_subtree(officer_a, tree):
    target = history_url(tree.unit_a_child, latest_record(tree.unit_a_child))
    assert logged_in(officer_a).get(target).status_code == 200  # reading the old version is allowed
    response = logged_in(officer_a).post(target, revert_body(tree.unit_a_child, name="Đổi tên trái phép"))
    assert response.status_code == 403
    tree.unit_a_child.refresh_from_db()
    assert tree.unit_a_child.name == "Đội Cảnh sát khu vực Đồng Tâm"


def test_a_leaders_revert_offers_only_their_subtree_as_parent(leader_a, tree):
    target = history_url(tree.unit_a_child, latest_record(tree.unit_a_child))
    page = logged_in(leader_a).get(target).content.decode()
    select = page[page.index('name="parent"') : page.index("</select>", page.index('name="parent"'))]
    assert f'value="{tree.unit_a.pk}"' in select and f'value="{tree.unit_b.pk}"' not in select
    logged_in(leader_a).post(target, revert_body(tree.unit_a_child, parent=tree.unit_b.pk))
    tree.unit_a_child.refresh_from_db()
    assert tree.unit_a_child.parent_id == tree.unit_a.pk


def test_a_leaders_revert_within_the_subtree_saves_like_the_change_form(leader_a, tree):
    tree.unit_a_child.name = "Tên mới nhầm"
    tree.unit_a_child.save()
    old = tree.unit_a_child.history.earliest("history_date").history_id
    response = logged_in(leader_a).post(
        history_url(tree.unit_a_child, old), revert_body(tree.unit_a_child, name="Đội Cảnh sát khu vực Đồng Tâm")
    )
    assert response.status_code == 302
    tree.unit_a_child.refresh_from_db()
    assert tree.unit_a_child.name == "Đội Cảnh sát khu vực Đồng Tâm" and tree.unit_a_child.parent_id == tree.unit_a.pk


# --- High: an editor's revert of published content ---------------------------------------------------


def test_an_editor_cannot_revert_a_published_article(editor, api):
    article = ArticleFactory(title="Thông báo đã duyệt", summary="Bản đã duyệt", state=PublishState.PUBLISHED)
    before = api.get(f"/api/v1/articles/{article.pk}/").json()
    response = logged_in(editor).post(
        history_url(article, latest_record(article)),
        {
            "title": "Tin giả chưa duyệt",
            "summary": "x",
            "body": "<p>x</p>",
            "category": article.category_id,
            "_save": "1",
        },
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Thông báo đã duyệt" and article.state == PublishState.PUBLISHED
    assert api.get(f"/api/v1/articles/{article.pk}/").json() == before


def test_an_editor_cannot_revert_a_published_faq(editor, api):
    faq = FaqFactory(question="Làm căn cước ở đâu?", answer="Tại công an xã.", state=PublishState.PUBLISHED)
    before = api.get("/api/v1/faqs/", {"page_size": 100}).json()
    response = logged_in(editor).post(
        history_url(faq, latest_record(faq)),
        {"question": "Làm căn cước ở đâu?", "answer": "Chuyển khoản cho số 0999.", "order": 0, "_save": "1"},
    )
    assert response.status_code == 403
    faq.refresh_from_db()
    assert faq.answer == "Tại công an xã." and faq.state == PublishState.PUBLISHED
    assert api.get("/api/v1/faqs/", {"page_size": 100}).json() == before


def test_the_revert_page_of_published_content_offers_no_revert_button_to_an_editor(editor):
    article = ArticleFactory(state=PublishState.PUBLISHED)
    page = logged_in(editor).get(history_url(article, latest_record(article))).content.decode()
    assert 'name="_save"' not in page


def test_reverting_a_draft_to_a_once_published_version_keeps_it_a_draft(editor):
    ArticleFactory().save()  # two history rows first, so no history id equals the article's id by chance
    article = ArticleFactory(title="Bản đã từng đăng", state=PublishState.PUBLISHED)
    assert latest_record(article) != article.pk
    published_version = latest_record(article)
    Article.objects.filter(pk=article.pk).update(state=PublishState.DRAFT)  # reopened by an approver
    article.refresh_from_db()
    article.title = "Bản nháp mới"
    article.save()
    response = logged_in(editor).post(
        history_url(article, published_version),
        {
            "title": "Bản đã từng đăng",
            "summary": "",
            "body": article.body,
            "category": article.category_id,
            "_save": "1",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Bản đã từng đăng"
    assert article.state == PublishState.DRAFT  # the old version's "published" did not come back with it
    assert not Article.objects.published().filter(pk=article.pk).exists()


# --- import / export of procedures ----------------------------------------------------------------------

CSV_HEADER = "code,local_suffix,name,field,level,online_level,legal_basis,keywords,steps,cases,channels,state\n"


def csv_upload(*rows: str) -> io.BytesIO:
    upload = io.BytesIO((CSV_HEADER + "".join(rows)).encode())
    upload.name = "thu-tuc.csv"
    return upload


def import_csv(client: Client, upload: io.BytesIO):  # type: ignore[no-untyped-def]
    """The two steps of the admin import: upload (dry run), then confirm."""
    url = reverse("admin:procedures_procedure_import")
    first = client.post(url, {"format": 0, "resource": 0, "import_file": upload})
    if first.status_code != 200 or "confirm_form" not in (first.context or {}):
        return first
    confirm = first.context["confirm_form"]
    if confirm is None:
        return first
    return client.post(reverse("admin:procedures_procedure_process_import"), confirm.initial)


def test_an_editors_import_cannot_change_or_unpublish_a_published_procedure(editor, api):
    FieldFactory(name="Đăng ký, quản lý cư trú")
    live = ProcedureFactory(code="1.000001", name="Thủ tục đang đăng", state=PublishState.PUBLISHED)
    response = import_csv(
        logged_in(editor),
        csv_upload(
            '1.000001,,Tên đổi qua tệp,"Đăng ký, quản lý cư trú",cap_xa,toan_trinh,,,[],[],[],published\n',
            '7.000100,,Thủ tục mới,"Đăng ký, quản lý cư trú",cap_xa,toan_trinh,,,[],[],[],published\n',
        ),
    )
    assert response.status_code == 200  # the form comes back with the refused row named
    assert "1.000001" in response.content.decode()
    live.refresh_from_db()
    assert live.name == "Thủ tục đang đăng" and live.state == PublishState.PUBLISHED
    assert api.get("/api/v1/procedures/by-code/1.000001/").status_code == 200
    assert not Procedure.objects.filter(code="7.000100").exists()  # a bad row imports nothing


def test_an_import_adds_only_drafts_however_the_file_names_the_state(editor):
    FieldFactory(name="Đăng ký, quản lý cư trú")
    response = import_csv(
        logged_in(editor),
        csv_upload('7.000101,,Thủ tục mới,"Đăng ký, quản lý cư trú",cap_xa,toan_trinh,,,[],[],[],published\n'),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Procedure.objects.get(code="7.000101").state == PublishState.DRAFT


def test_an_officer_without_procedure_rights_can_neither_import_nor_export(officer_a):
    ProcedureFactory(code="1.000002", name="Thủ tục đang đăng")
    client = logged_in(officer_a)
    assert client.get(reverse("admin:procedures_procedure_import")).status_code == 403
    assert import_csv(client, csv_upload("7.000102,,X,,cap_xa,toan_trinh,,,[],[],[],\n")).status_code == 403
    assert client.post(reverse("admin:procedures_procedure_export"), {"format": 0}).status_code == 403
    assert not Procedure.objects.filter(code="7.000102").exists()


def test_an_export_holds_only_what_the_list_shows(editor):
    ProcedureFactory(code="1.000003", name="Thủ tục đang đăng", state=PublishState.PUBLISHED)
    ProcedureFactory(code="1.000004", name="Thủ tục nháp", state=PublishState.DRAFT)
    url = reverse("admin:procedures_procedure_export") + "?state__exact=draft"
    response = logged_in(editor).post(
        url,
        {
            "format": 0,
            "resource": 0,
            "export_items": [],
            "procedureresource_code": "on",
            "procedureresource_name": "on",
        },
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "1.000004" in body and "1.000003" not in body


# --- the password page and superusers -----------------------------------------------------------------


def test_the_password_page_of_another_units_officer_is_not_found(leader_a, officer_b):
    url = reverse("admin:auth_user_password_change", args=[officer_b.pk])
    body = {"password1": "Mat-khau-moi-123!", "password2": "Mat-khau-moi-123!", "usable_password": "true"}
    assert logged_in(leader_a).get(url).status_code == 404
    assert logged_in(leader_a).post(url, body).status_code == 404
    officer_b.refresh_from_db()
    assert officer_b.check_password("mat-khau-thu-nghiem")


def test_a_provincial_admin_cannot_take_over_a_superuser_through_the_password_page(provincial_admin, tree):
    root = OfficerFactory(username="root", unit=tree.province, is_superuser=True)
    url = reverse("admin:auth_user_password_change", args=[root.pk])
    body = {"password1": "Mat-khau-moi-123!", "password2": "Mat-khau-moi-123!", "usable_password": "true"}
    assert logged_in(provincial_admin).post(url, body).status_code == 403
    root.refresh_from_db()
    assert root.check_password("mat-khau-thu-nghiem")


def test_every_url_of_the_admin_is_served_through_the_guard(db):
    from django.contrib import admin
    from django.urls import URLResolver

    from accounts.admin_scoping import GUARD_MARK

    def patterns(items):  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, URLResolver):
                yield from patterns(item.url_patterns)
            else:
                yield item

    model_urls = [p for r in admin.site.urls[0] if isinstance(r, URLResolver) for p in patterns([r])]
    assert model_urls and all(getattr(p.callback, GUARD_MARK, False) for p in model_urls)
    assert Group.objects.filter(name=roles.UNIT_OFFICER).exists()


def test_an_editor_cannot_change_the_cases_of_a_published_procedure_on_their_own_page(editor):
    from tests.procedures.factories import CaseFactory

    case = CaseFactory(procedure=ProcedureFactory(state=PublishState.PUBLISHED), name="Trường hợp đã duyệt")
    url = reverse("admin:procedures_procedurecase_change", args=[case.pk])
    body = {"name": "Trường hợp sửa lén", "procedure": case.procedure_id, "_save": "1"}
    body |= {"documents-TOTAL_FORMS": 0, "documents-INITIAL_FORMS": 0}
    assert logged_in(editor).post(url, body).status_code == 403
    case.refresh_from_db()
    assert case.name == "Trường hợp đã duyệt"
