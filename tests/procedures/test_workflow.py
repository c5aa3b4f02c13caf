"""Thông tư 45/2023: content is approved before it goes online; editors write, approvers publish."""

from __future__ import annotations

import pytest

from accounts import roles
from common.errors import ApplicationError
from publishing import services
from publishing.models import PublishState
from tests.factories import OfficerFactory
from tests.procedures.factories import ArticleFactory, FaqFactory, ProcedureFactory


@pytest.fixture
def approver(tree):
    return OfficerFactory(username="approver", unit=tree.province, roles=[roles.CONTENT_APPROVER])


@pytest.fixture(params=["procedure", "faq", "article"])
def draft(request, db):
    factory = {"procedure": ProcedureFactory, "faq": FaqFactory, "article": ArticleFactory}[request.param]
    return factory(state=PublishState.DRAFT)


def test_an_editor_submits_and_an_approver_publishes(draft, editor, approver):
    services.content_submit(item=draft, user=editor)
    assert draft.state == PublishState.IN_REVIEW and draft.submitted_by == editor
    services.content_publish(item=draft, user=approver)
    draft.refresh_from_db()
    assert draft.state == PublishState.PUBLISHED
    assert draft.approved_by == approver and draft.approved_at is not None and draft.published_at is not None


def test_an_editor_cannot_publish(draft, editor):
    services.content_submit(item=draft, user=editor)
    with pytest.raises(ApplicationError) as excinfo:
        services.content_publish(item=draft, user=editor)
    assert excinfo.value.code == "content_not_allowed"
    draft.refresh_from_db()
    assert draft.state == PublishState.IN_REVIEW


def test_a_draft_cannot_skip_review(draft, approver):
    with pytest.raises(ApplicationError) as excinfo:
        services.content_publish(item=draft, user=approver)
    assert excinfo.value.code == "content_bad_transition"


def test_an_approver_returns_content_with_a_note(draft, editor, approver):
    services.content_submit(item=draft, user=editor)
    services.content_return(item=draft, user=approver, note="Thiếu lệ phí trực tuyến")
    draft.refresh_from_db()
    assert draft.state == PublishState.DRAFT and draft.review_note == "Thiếu lệ phí trực tuyến"


def test_archiving_takes_content_offline(editor, approver, api, db, django_capture_on_commit_callbacks):
    procedure = ProcedureFactory(state=PublishState.PUBLISHED)
    assert api.get(f"/api/v1/procedures/{procedure.pk}/").status_code == 200  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.content_archive(item=procedure, user=approver)
    assert api.get(f"/api/v1/procedures/{procedure.pk}/").status_code == 404


def test_every_change_is_kept_in_the_history(draft, editor, approver):
    services.content_submit(item=draft, user=editor)
    services.content_publish(item=draft, user=approver)
    states = list(draft.history.order_by("history_date").values_list("state", flat=True))
    assert states == [PublishState.DRAFT, PublishState.IN_REVIEW, PublishState.PUBLISHED]


def test_an_editors_post_to_published_content_does_not_change_what_is_published(client, editor, approver, db):
    # The editor may propose a change (tests/publishing/test_approval.py); the published columns never move.
    procedure = ProcedureFactory(state=PublishState.PUBLISHED, name="Tên đã duyệt")
    client.force_login(editor)
    client.post(f"/admin/procedures/procedure/{procedure.pk}/change/", {"name": "Sửa lén"})
    procedure.refresh_from_db()
    assert procedure.name == "Tên đã duyệt"
    client.force_login(approver)
    assert 'name="name"' in client.get(f"/admin/procedures/procedure/{procedure.pk}/change/").content.decode()


def test_the_publish_action_in_the_admin_refuses_an_editor(client, editor, db):
    procedure = ProcedureFactory(state=PublishState.IN_REVIEW)
    client.force_login(editor)
    response = client.post(
        "/admin/procedures/procedure/", {"action": "publish", "_selected_action": [procedure.pk]}, follow=True
    )
    assert "không có quyền duyệt" in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.state == PublishState.IN_REVIEW


def _form_data(html: str) -> dict[str, str]:
    """What the browser would send back unchanged: every named input, textarea and selected option."""
    import re
    from html import unescape

    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("submit", "checkbox", "file")):
            continue
        data[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(body.strip("\n"))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_an_editor_saves_and_sends_for_review_from_the_edit_page(client, editor, db):
    faq = FaqFactory(state=PublishState.DRAFT)
    client.force_login(editor)
    page = client.get(f"/admin/procedures/faq/{faq.pk}/change/").content.decode()
    assert 'name="_submit_review"' in page and "Lưu và gửi duyệt" in page
    data = {**_form_data(page), "_submit_review": "Lưu và gửi duyệt"}
    response = client.post(f"/admin/procedures/faq/{faq.pk}/change/", data, follow=True)
    assert "Đã lưu và gửi duyệt" in response.content.decode()
    faq.refresh_from_db()
    assert faq.state == PublishState.IN_REVIEW and faq.submitted_by == editor
    # In review: nothing left to send, so no button (and the editor cannot edit it any more).
    assert 'name="_submit_review"' not in client.get(f"/admin/procedures/faq/{faq.pk}/change/").content.decode()
