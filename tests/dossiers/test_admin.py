"""The officers' workspace: scoped to the unit subtree, every read and write in the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from dossiers.models import AccessAction, Dossier, DossierAccessLog, DossierEvent, DossierStatus
from dossiers.services import dossier_status_change
from tests.dossiers.conftest import receive
from tests.factories import OfficerFactory


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(user)
    return client


def url(name: str, *args: object) -> str:
    return reverse(f"admin:dossiers_dossier_{name}", args=args)


def test_an_officer_lists_the_dossiers_of_the_unit_and_its_children_only(officer_a, dossiers):
    body = logged_in(officer_a).get(url("changelist")).content.decode()
    assert "A-0001" in body and "A1-0001" in body
    assert "B-0001" not in body
    searched = logged_in(officer_a).get(url("changelist"), {"q": "B-0001"})
    assert list(searched.context["cl"].result_list) == []


# Every view and action of the workspace, tried by officer A on unit B's dossier.
MATRIX = [
    ("get", "change", {}),
    ("post", "change", {"collect_location": "Chỗ khác"}),
    ("get", "history", {}),
    ("get", "status", {}),
    ("post", "status", {"new_status": DossierStatus.PROCESSING, "note": "x"}),
    ("get", "reschedule", {}),
    ("post", "reschedule", {"new_date": "2026-12-30", "reason": "x"}),
    ("get", "slip", {}),
    ("get", "delete", {}),
    ("post", "delete", {"post": "yes"}),
]


@pytest.mark.parametrize("method, view, data", MATRIX)
def test_an_officer_of_unit_a_cannot_touch_a_dossier_of_unit_b(officer_a, dossiers, method, view, data):
    before = Dossier.objects.filter(pk=dossiers.b.pk).values().get()
    events = DossierEvent.objects.filter(dossier=dossiers.b).count()
    response = getattr(logged_in(officer_a), method)(url(view, dossiers.b.pk), data)
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] == reverse("admin:index")  # "does not exist", never the object
    assert "B-0001" not in response.content.decode()
    assert Dossier.objects.filter(pk=dossiers.b.pk).values().get() == before
    assert DossierEvent.objects.filter(dossier=dossiers.b).count() == events
    assert not DossierAccessLog.objects.filter(dossier=dossiers.b).exists()


def test_a_bulk_action_never_reaches_another_units_dossier(officer_a, dossiers):
    response = logged_in(officer_a).post(
        url("changelist"),
        {"action": "mark_processing", "_selected_action": [dossiers.a.pk, dossiers.b.pk], "index": 0},
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossiers.a.pk).status == DossierStatus.PROCESSING
    assert Dossier.objects.get(pk=dossiers.b.pk).status == DossierStatus.RECEIVED


def test_a_bulk_action_reports_dossiers_it_could_not_move(officer_a, dossiers):
    client = logged_in(officer_a)
    response = client.post(
        url("changelist"), {"action": "mark_returned", "_selected_action": [dossiers.a.pk], "index": 0}, follow=True
    )
    assert "không thể chuyển" in response.content.decode()
    assert Dossier.objects.get(pk=dossiers.a.pk).status == DossierStatus.RECEIVED


def test_a_unit_b_dossier_cannot_be_received_by_officer_a(officer_a, tree, procedure):
    response = logged_in(officer_a).post(url("add"), _intake(procedure, tree.unit_b))
    assert response.status_code == 200  # the form comes back: unit B is not a valid choice
    assert "unit" in response.context["adminform"].form.errors
    assert not Dossier.objects.exists()


def _intake(procedure, unit, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "code": "",
        "procedure": procedure.pk,
        "unit": unit.pk,
        "channel": "truc_tiep",
        "received_at_0": "",
        "received_at_1": "",
        "appointment_date": "",
        "fee_due": "",
        "collect_location": "",
        "collect_note": "",
        "applicant_name": "Trần Thị Bình",
        "applicant_id_number": "001190004321",
        "applicant_phone": "0903 111 222",
        "note": "",
    }
    return {**data, **overrides}


def test_receiving_at_the_counter_creates_the_dossier_and_offers_the_slip(officer_a, tree, procedure):
    response = logged_in(officer_a).post(url("add"), _intake(procedure, tree.unit_a), follow=True)
    dossier = Dossier.objects.get()
    assert response.redirect_chain[-1][0] == url("change", dossier.pk)
    assert "In phiếu theo dõi hồ sơ trên Zalo" in response.content.decode()
    assert dossier.code.startswith("T-A-") and dossier.applicant_name_masked == "Trần T. B."
    assert dossier.created_by == officer_a and dossier.appointment_date is not None
    assert DossierAccessLog.objects.filter(dossier=dossier, action=AccessAction.CREATE, officer=officer_a).exists()


@pytest.mark.parametrize(
    "field, value",
    [("applicant_id_number", "12345"), ("applicant_phone", "12"), ("code", "có dấu"), ("applicant_name", "")],
)
def test_bad_intake_input_is_a_form_error_and_nothing_is_saved(officer_a, tree, procedure, field, value):
    response = logged_in(officer_a).post(url("add"), _intake(procedure, tree.unit_a, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Dossier.objects.exists()


def test_recording_a_status_change_from_the_admin(officer_a, dossiers):
    client = logged_in(officer_a)
    page = client.get(url("status", dossiers.a.pk)).content.decode()
    assert "Đang xử lý" in page and "Đã trả kết quả" not in page  # only the allowed moves are offered
    response = client.post(
        url("status", dossiers.a.pk), {"new_status": DossierStatus.SUPPLEMENT, "reason": "Thiếu bản sao sổ đỏ"}
    )
    assert response.status_code == 302
    dossiers.a.refresh_from_db()
    assert dossiers.a.status == DossierStatus.SUPPLEMENT and dossiers.a.reason == "Thiếu bản sao sổ đỏ"
    assert DossierAccessLog.objects.filter(dossier=dossiers.a, action=AccessAction.STATUS).exists()


def test_an_invalid_transition_posted_by_hand_is_refused(officer_a, dossiers):
    response = logged_in(officer_a).post(url("status", dossiers.a.pk), {"new_status": DossierStatus.RETURNED})
    assert response.status_code == 200 and "new_status" in response.context["form"].errors
    assert Dossier.objects.get(pk=dossiers.a.pk).status == DossierStatus.RECEIVED


def test_a_supplement_without_reason_comes_back_with_the_error(officer_a, dossiers):
    response = logged_in(officer_a).post(url("status", dossiers.a.pk), {"new_status": DossierStatus.SUPPLEMENT})
    assert response.status_code == 200 and "reason" in response.context["form"].errors


def test_the_slip_carries_the_code_and_a_qr_to_the_mini_app_lookup(officer_a, dossiers, settings):
    settings.MINIAPP_LOOKUP_URL = "https://zalo.me/s/{app_id}/dossiers/lookup?code={code}"
    settings.ZALO_APP_ID = "123"
    body = logged_in(officer_a).get(url("slip", dossiers.a.pk)).content.decode()
    assert "A-0001" in body and "<svg" in body
    assert "https://zalo.me/s/123/dossiers/lookup?code=A-0001" in body
    assert "PHIẾU THEO DÕI HỒ SƠ TRÊN ZALO" in body
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" not in body  # not dressed up as the official receipt
    assert DossierAccessLog.objects.filter(dossier=dossiers.a, action=AccessAction.PRINT).exists()


def test_every_view_is_in_the_access_log_with_who_unit_and_address(officer_a, dossiers, tree):
    client = logged_in(officer_a)
    client.get(url("changelist"), {"status__exact": 2})
    client.get(url("change", dossiers.a.pk))
    client.get(url("history", dossiers.a.pk))
    entries = list(DossierAccessLog.objects.order_by("id"))
    assert [e.action for e in entries] == [AccessAction.LIST, AccessAction.VIEW, AccessAction.HISTORY]
    view = entries[1]
    assert (view.officer, view.officer_unit, view.dossier_code, view.dossier_unit) == (
        officer_a,
        tree.unit_a,
        "A-0001",
        tree.unit_a,
    )
    assert view.ip == "192.0.2.10"
    assert entries[0].detail == "status__exact=2"


def test_leaders_read_the_access_log_of_their_unit_and_officers_cannot(officer_a, leader_a, officer_b, dossiers):
    logged_in(officer_a).get(url("change", dossiers.a.pk))
    logged_in(officer_b).get(url("change", dossiers.b.pk))
    log_url = reverse("admin:dossiers_dossieraccesslog_changelist")
    assert logged_in(officer_a).get(log_url).status_code == 403
    body = logged_in(leader_a).get(log_url).content.decode()
    assert "A-0001" in body and "officer_a" in body
    assert "B-0001" not in body and "officer_b" not in body


def test_the_overdue_and_due_soon_filters(officer_a, dossiers, tree, procedure):
    today = timezone.localdate()
    receive(officer_a, tree.unit_a, procedure, code="A-LATE", appointment_date=today - timedelta(days=10))
    receive(officer_a, tree.unit_a, procedure, code="A-SOON", appointment_date=today)
    receive(officer_a, tree.unit_a, procedure, code="A-FAR", appointment_date=today + timedelta(days=40))
    done = receive(officer_a, tree.unit_a, procedure, code="A-DONE", appointment_date=today - timedelta(days=10))
    dossier_status_change(dossier=done, new_status=DossierStatus.DONE)
    client = logged_in(officer_a)

    def codes(state: str) -> set[str]:
        page = client.get(url("changelist"), {"deadline": state}).content.decode()
        return {c for c in ("A-LATE", "A-SOON", "A-FAR", "A-DONE", "B-0001") if f">{c}<" in page}

    assert codes("overdue") == {"A-LATE"}
    assert codes("due_soon") == {"A-SOON"}
    assert "A-FAR" in codes("on_time")


def test_province_admin_sees_every_unit(provincial_admin, dossiers):
    body = logged_in(provincial_admin).get(url("changelist")).content.decode()
    assert "A-0001" in body and "B-0001" in body


def test_an_officer_without_a_unit_sees_nothing(tree, dossiers):
    lost = OfficerFactory(username="lost", unit=None, roles=[roles.UNIT_OFFICER])
    body = logged_in(lost).get(url("changelist")).content.decode()
    assert "A-0001" not in body and "B-0001" not in body
