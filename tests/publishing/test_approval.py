"""Approval as Thông tư 45 asks of it (docs/guides.md): nobody approves their own work, a change to published content
goes back through review while citizens keep the approved text, content belongs to a unit, an optional second level,
and a record of who did each step. Run over every publishable model the project has."""

from __future__ import annotations

import pytest

from accounts import roles
from common.errors import ApplicationError
from news.models import Article
from publishing import services
from publishing.models import ChangeState, PublishState, ReviewAction, ReviewEvent
from tests.factories import OfficerFactory
from tests.procedures.factories import ArticleFactory, FaqFactory, ProcedureFactory
from tests.procedures.test_workflow import _form_data

FACTORIES = {"procedure": ProcedureFactory, "faq": FaqFactory, "article": ArticleFactory}
ADMIN = {"procedure": "procedures/procedure", "faq": "procedures/faq", "article": "news/article"}


@pytest.fixture
def approver(tree):
    return OfficerFactory(username="approver", unit=tree.province, roles=[roles.CONTENT_APPROVER])


@pytest.fixture
def second_approver(tree):
    return OfficerFactory(username="approver2", unit=tree.province, roles=[roles.CONTENT_APPROVER])


@pytest.fixture
def writing_approver(tree):
    """An approver who also writes: the person the rule is about."""
    return OfficerFactory(username="writer", unit=tree.province, roles=[roles.CONTENT_APPROVER, roles.CONTENT_EDITOR])


@pytest.fixture
def editor_a(tree):
    return OfficerFactory(username="editor_a", unit=tree.unit_a, roles=[roles.CONTENT_EDITOR])


@pytest.fixture
def approver_a(tree):
    return OfficerFactory(username="approver_a", unit=tree.unit_a, roles=[roles.CONTENT_APPROVER])


@pytest.fixture
def editor_b(tree):
    return OfficerFactory(username="editor_b", unit=tree.unit_b, roles=[roles.CONTENT_EDITOR])


@pytest.fixture
def approver_b(tree):
    return OfficerFactory(username="approver_b", unit=tree.unit_b, roles=[roles.CONTENT_APPROVER])


@pytest.fixture(params=sorted(FACTORIES))
def kind(request) -> str:
    return request.param


def _refused(code: str, call, **kwargs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as excinfo:
        call(**kwargs)
    assert excinfo.value.code == code, excinfo.value.message


# --- Nobody approves their own work ------------------------------------------------------------------


def test_the_submitter_cannot_approve_their_own_submission(kind, writing_approver, approver):
    item = FACTORIES[kind](state=PublishState.DRAFT)
    services.content_submit(item=item, user=writing_approver)
    _refused("content_self_approval", services.content_publish, item=item, user=writing_approver)
    item.refresh_from_db()
    assert item.state == PublishState.IN_REVIEW
    services.content_publish(item=item, user=approver)
    assert item.state == PublishState.PUBLISHED and item.approved_by == approver


def test_the_last_editor_cannot_approve_what_someone_else_submitted(writing_approver, editor, approver):
    item = ArticleFactory(state=PublishState.DRAFT)
    services.content_mark_edited(item=item, user=writing_approver)
    item.save()
    services.content_submit(item=item, user=editor)
    _refused("content_self_approval", services.content_publish, item=item, user=writing_approver)
    services.content_publish(item=item, user=approver)


def test_a_superuser_is_refused_too_unless_the_setting_allows_it(tree, settings, approver):
    boss = OfficerFactory(username="boss", unit=tree.province, is_superuser=True)
    item = ArticleFactory(state=PublishState.DRAFT)
    services.content_submit(item=item, user=boss)
    _refused("content_self_approval", services.content_publish, item=item, user=boss)
    settings.PUBLISHING_SUPERUSER_SELF_APPROVAL = True  # a one-person province
    services.content_publish(item=item, user=boss)
    assert item.state == PublishState.PUBLISHED
    # The setting is for superusers only: an ordinary approver still cannot approve their own.
    other = ArticleFactory(state=PublishState.DRAFT)
    services.content_submit(item=other, user=approver)
    _refused("content_self_approval", services.content_publish, item=other, user=approver)


def test_the_admin_says_why_in_vietnamese_when_an_approver_approves_their_own(client, kind, writing_approver):
    item = FACTORIES[kind](state=PublishState.DRAFT)
    services.content_submit(item=item, user=writing_approver)
    client.force_login(writing_approver)
    response = client.post(f"/admin/{ADMIN[kind]}/", {"action": "publish", "_selected_action": [item.pk]}, follow=True)
    assert "Bạn không thể tự duyệt nội dung do chính mình gửi duyệt" in response.content.decode()
    item.refresh_from_db()
    assert item.state == PublishState.IN_REVIEW and item.approved_by is None


# --- A change to published content goes back through review ------------------------------------------


def test_an_edit_of_a_published_article_waits_for_review_and_the_api_keeps_the_approved_text(
    client, api, editor, approver, django_capture_on_commit_callbacks
):
    article = ArticleFactory(state=PublishState.PUBLISHED, title="Cảnh báo lừa đảo qua điện thoại")
    url = f"/api/v1/articles/{article.pk}/"
    assert api.get(url).json()["title"] == "Cảnh báo lừa đảo qua điện thoại"  # now cached too
    client.force_login(editor)
    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    data = {**_form_data(page), "title": "Cảnh báo lừa đảo (bản sửa chưa duyệt)", "body": "<p>Nội dung mới</p>"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/news/article/{article.pk}/change/", data, follow=True)
    assert "Người dân vẫn thấy bản đang đăng" in response.content.decode()
    article.refresh_from_db()
    assert article.state == PublishState.PUBLISHED and article.pending_state == ChangeState.IN_REVIEW
    assert article.title == "Cảnh báo lừa đảo qua điện thoại"
    assert article.pending_changes == {"title": "Cảnh báo lừa đảo (bản sửa chưa duyệt)", "body": "<p>Nội dung mới</p>"}
    # Citizens: the list, the detail and a search see only the approved text.
    assert api.get(url).json()["title"] == "Cảnh báo lừa đảo qua điện thoại"
    listed = api.get("/api/v1/articles/").json()["results"]
    assert [a["title"] for a in listed] == ["Cảnh báo lừa đảo qua điện thoại"]
    assert "chưa duyệt" not in api.get(url).content.decode()
    # The editor reopens the form: it shows their pending text, not the published one.
    assert "bản sửa chưa duyệt" in client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    # The editor cannot approve it; another approver can, and only then do citizens see it.
    _refused("content_not_allowed", services.content_publish, item=article, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.content_publish(item=article, user=approver)
    article.refresh_from_db()
    assert (article.title, article.pending_changes, article.pending_state) == (
        "Cảnh báo lừa đảo (bản sửa chưa duyệt)",
        None,
        ChangeState.NONE,
    )
    assert api.get(url).json()["title"] == "Cảnh báo lừa đảo (bản sửa chưa duyệt)"


def test_an_approver_who_edits_published_content_cannot_approve_their_own_change(client, approver, second_approver):
    procedure = ProcedureFactory(state=PublishState.PUBLISHED, name="Đăng ký tạm trú")
    client.force_login(approver)
    page = client.get(f"/admin/procedures/procedure/{procedure.pk}/change/").content.decode()
    client.post(f"/admin/procedures/procedure/{procedure.pk}/change/", {**_form_data(page), "name": "Tạm trú (sửa)"})
    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký tạm trú" and procedure.pending_changes == {"name": "Tạm trú (sửa)"}
    _refused("content_self_approval", services.content_publish, item=procedure, user=approver)
    services.content_publish(item=procedure, user=second_approver)
    procedure.refresh_from_db()
    assert procedure.name == "Tạm trú (sửa)"


def test_a_returned_change_leaves_the_published_text_online(api, editor, approver):
    faq = FaqFactory(state=PublishState.PUBLISHED, question="Thuê trọ có phải đăng ký tạm trú?")
    services.content_propose_change(item=faq, user=editor, changes={"question": "Câu hỏi sửa sai"})
    services.content_return(item=faq, user=approver, note="Sai chính tả")
    faq.refresh_from_db()
    assert faq.state == PublishState.PUBLISHED and faq.question == "Thuê trọ có phải đăng ký tạm trú?"
    assert faq.pending_state == ChangeState.NONE and faq.pending_changes == {"question": "Câu hỏi sửa sai"}
    _refused("content_bad_transition", services.content_publish, item=faq, user=approver)  # not in review now
    services.content_submit(item=faq, user=editor)  # sent again as it is
    assert faq.pending_state == ChangeState.IN_REVIEW


def test_the_steps_of_a_published_procedure_are_not_edited_in_place(client, approver):
    from tests.procedures.factories import CaseFactory

    procedure = ProcedureFactory(state=PublishState.PUBLISHED)
    case = CaseFactory(procedure=procedure, name="Trường hợp chung")
    client.force_login(approver)
    client.post(f"/admin/procedures/procedurecase/{case.pk}/change/", {"procedure": procedure.pk, "name": "Sửa lén"})
    case.refresh_from_db()
    assert case.name == "Trường hợp chung"


# --- Content belongs to a unit --------------------------------------------------------------------------


def test_existing_and_new_content_without_a_unit_belongs_to_the_province(tree):
    assert ArticleFactory().owner_unit == tree.province


def test_an_editor_of_another_unit_cannot_see_edit_or_act_on_a_units_content(
    client, tree, editor_a, editor_b, approver_b
):
    article = ArticleFactory(state=PublishState.DRAFT, owner_unit=tree.unit_a, title="Tin của phường Đồng Tâm")
    client.force_login(editor_b)
    assert "Tin của phường Đồng Tâm" not in client.get("/admin/news/article/").content.decode()
    for path in ("change", "history", "delete"):
        assert client.get(f"/admin/news/article/{article.pk}/{path}/").status_code == 404
    response = client.post(f"/admin/news/article/{article.pk}/change/", {"title": "Chiếm quyền", "body": "x"})
    assert response.status_code == 404
    client.post("/admin/news/article/", {"action": "submit_for_review", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert (article.title, article.state) == ("Tin của phường Đồng Tâm", PublishState.DRAFT)
    _refused("content_other_unit", services.content_submit, item=article, user=editor_b)
    # The unit's own editor submits; the other unit's approver cannot approve or return it, even by id.
    services.content_submit(item=article, user=editor_a)
    client.force_login(approver_b)
    for action in ("publish", "return_to_draft", "archive"):
        client.post("/admin/news/article/", {"action": action, "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.state == PublishState.IN_REVIEW
    _refused("content_other_unit", services.content_publish, item=article, user=approver_b)


def test_a_unit_editor_writes_for_their_unit_only(client, tree, editor_a):
    client.force_login(editor_a)
    page = client.get("/admin/news/article/add/").content.decode()
    assert "Công an phường Đồng Tâm" in page and "Công an xã Đức Hạnh" not in page  # the unit choices
    data = {**_form_data(page), "title": "Lịch tiếp dân", "body": "<p>Thứ Hai</p>", "category": "thong_bao"}
    data["owner_unit"] = str(tree.unit_b.pk)  # a foreign unit id posted by hand
    client.post("/admin/news/article/add/", data)
    assert not Article.objects.filter(title="Lịch tiếp dân", owner_unit=tree.unit_b).exists()
    data["owner_unit"] = ""
    client.post("/admin/news/article/add/", data)
    article = Article.objects.get(title="Lịch tiếp dân")
    assert article.owner_unit == tree.unit_a and article.last_edited_by == editor_a


def test_the_province_editor_sees_every_units_content(client, tree, editor):
    ArticleFactory(owner_unit=tree.unit_a_child, title="Tin của đội")
    client.force_login(editor)
    assert "Tin của đội" in client.get("/admin/news/article/").content.decode()


def test_an_approver_of_a_parent_unit_approves_its_childrens_content(tree, editor_a, approver_a):
    article = ArticleFactory(state=PublishState.DRAFT, owner_unit=tree.unit_a_child)
    services.content_submit(item=article, user=editor_a)
    services.content_publish(item=article, user=approver_a)
    assert article.state == PublishState.PUBLISHED


# --- Two levels ----------------------------------------------------------------------------------------


def test_with_two_levels_the_unit_approves_then_the_province_publishes(
    settings, api, tree, editor_a, approver_a, approver, client
):
    settings.PUBLISHING_TWO_LEVEL = True
    article = ArticleFactory(state=PublishState.DRAFT, owner_unit=tree.unit_a, title="Tin hai cấp")
    services.content_submit(item=article, user=editor_a)
    _refused("content_unit_first", services.content_publish, item=article, user=approver)
    services.content_publish(item=article, user=approver_a)
    article.refresh_from_db()
    assert article.state == PublishState.UNIT_APPROVED and article.unit_approved_by == approver_a
    assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 404  # not public yet
    _refused("content_province_next", services.content_publish, item=article, user=approver_a)
    services.content_publish(item=article, user=approver)
    article.refresh_from_db()
    assert article.state == PublishState.PUBLISHED and article.approved_by == approver
    assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 200
    steps = list(ReviewEvent.objects.filter(object_id=article.pk).values_list("action", "officer__username"))
    assert steps == [
        (ReviewAction.SUBMITTED, "editor_a"),
        (ReviewAction.UNIT_APPROVED, "approver_a"),
        (ReviewAction.PUBLISHED, "approver"),
    ]
    # Who did each step is on the change page.
    client.force_login(approver)
    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "Duyệt cấp đơn vị" in page and "Công an phường Đồng Tâm" in page and "quá trình duyệt" in page.lower()


def test_with_two_levels_a_change_to_published_content_goes_through_both(
    settings, tree, editor_a, approver_a, approver
):
    settings.PUBLISHING_TWO_LEVEL = True
    faq = FaqFactory(state=PublishState.PUBLISHED, owner_unit=tree.unit_a, question="Câu cũ?")
    services.content_propose_change(item=faq, user=editor_a, changes={"question": "Câu mới?"})
    services.content_publish(item=faq, user=approver_a)
    faq.refresh_from_db()
    assert (faq.question, faq.pending_state) == ("Câu cũ?", ChangeState.UNIT_APPROVED)
    services.content_publish(item=faq, user=approver)
    faq.refresh_from_db()
    assert (faq.question, faq.pending_state) == ("Câu mới?", ChangeState.NONE)


def test_province_content_needs_one_level_even_with_two(settings, editor, approver):
    settings.PUBLISHING_TWO_LEVEL = True
    article = ArticleFactory(state=PublishState.DRAFT)  # the province's own
    services.content_submit(item=article, user=editor)
    services.content_publish(item=article, user=approver)
    assert article.state == PublishState.PUBLISHED


def test_with_two_levels_the_same_person_cannot_approve_both(settings, tree, editor_a, approver_a, provincial_admin):
    settings.PUBLISHING_TWO_LEVEL = True
    # A provincial admin posted at the province approves at the province level; make them the unit approver too
    # by posting them to the unit (their province-wide role still counts as province level).
    article = ArticleFactory(state=PublishState.DRAFT, owner_unit=tree.unit_a)
    services.content_submit(item=article, user=editor_a)
    services.content_publish(item=article, user=approver_a)
    approver_a.groups.add(*provincial_admin.groups.all())
    approver_a.refresh_from_db()
    _refused(
        "content_same_approver", services.content_publish, item=Article.objects.get(pk=article.pk), user=approver_a
    )


def test_the_approver_finds_changes_waiting_beside_published_content(client, editor, approver):
    waiting = ArticleFactory(state=PublishState.PUBLISHED, title="Bài có thay đổi chờ duyệt")
    ArticleFactory(state=PublishState.PUBLISHED, title="Bài không đổi")
    services.content_propose_change(item=waiting, user=editor, changes={"title": "Tiêu đề mới"})
    client.force_login(approver)
    page = client.get("/admin/news/article/?awaiting=change").content.decode()
    assert "Bài có thay đổi chờ duyệt" in page and "Bài không đổi" not in page
    assert "Thay đổi chờ duyệt" in page  # the state column says so
