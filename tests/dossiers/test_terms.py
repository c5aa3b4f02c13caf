"""Issue 20's terms and delivery: số định danh cá nhân (a 9-digit CMND is refused with its reason), the delivery
method in the API and the admin, next_step on the real answers, and the Zalo tracking slip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from dossiers import services
from dossiers.models import Delivery, Dossier, DossierStatus
from tests.dossiers.conftest import PHONE_A, citizen_client, receive, verified
from tests.dossiers.test_admin import _intake, logged_in, url

LOOKUP = "/api/v1/dossiers/lookup"


def lookup(client, code, verifier):  # type: ignore[no-untyped-def]
    return client.post(LOOKUP, {"code": code, "verifier": verifier}, format="json")


@pytest.mark.parametrize("verifier", ["012345678", "012 345 678", "012.345.678"])
def test_a_nine_digit_cmnd_is_refused_with_the_reason_and_what_to_type(citizen_api, dossiers, verifier):
    response = lookup(citizen_api, "A-0001", verifier)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "verifier_cmnd_not_accepted"
    assert "Chứng minh nhân dân 9 số không còn giá trị sử dụng từ ngày 01/01/2025" in body["message"]
    assert "4 số cuối số định danh cá nhân" in body["message"] and "số điện thoại" in body["message"]
    assert body["fields"]["verifier"] == [body["message"]]


def test_a_nine_digit_cmnd_is_refused_on_the_slow_path_too(citizen_api, dossiers):
    response = lookup(citizen_api, " A-0001 ", " 012345678 ")  # untrimmed: goes through the serializer
    assert response.status_code == 400 and response.json()["code"] == "verifier_cmnd_not_accepted"


def test_a_whole_id_number_is_refused_asking_for_the_last_four_digits(citizen_api, dossiers):
    response = lookup(citizen_api, "A-0001", "001090001234")
    assert response.status_code == 400 and response.json()["code"] == "verifier_full_id_number"
    assert "Chỉ nhập 4 số cuối số định danh cá nhân" in response.json()["message"]


def test_a_phone_and_the_last_four_digits_still_work(citizen_api, dossiers):
    assert lookup(citizen_api, "A-0001", "1234").status_code == 200
    assert lookup(citizen_api, "A-0001", "0912 345 678").status_code == 200
    assert lookup(citizen_api, "A-0001", "+84912345678").status_code == 200


def test_the_not_found_message_names_the_so_dinh_danh_ca_nhan(citizen_api, dossiers):
    message = lookup(citizen_api, "A-0001", "9999").json()["message"]
    assert "số định danh cá nhân" in message and "CCCD" not in message


def test_the_counter_refuses_a_cmnd_and_says_why(officer_a, tree, procedure):
    with pytest.raises(services.ApplicationError) as error:
        receive(officer_a, tree.unit_a, procedure, id_number="012345678")
    assert "12 chữ số" in error.value.message and "Chứng minh nhân dân 9 số không còn giá trị" in error.value.message
    response = logged_in(officer_a).post(url("add"), _intake(procedure, tree.unit_a, applicant_id_number="012345678"))
    assert response.status_code == 200 and not Dossier.objects.exists()
    assert "Chứng minh nhân dân 9 số" in str(response.context["adminform"].form.errors["applicant_id_number"])


def test_the_lookup_answer_carries_the_delivery_and_a_next_step_that_follows_it(citizen_api, dossiers):
    services.dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.DONE)
    Dossier.objects.filter(pk=dossiers.a.pk).update(delivery=Delivery.ELECTRONIC)
    body = lookup(citizen_api, "A-0001", "1234").json()
    assert (body["delivery"], body["delivery_label"]) == ("electronic", "Bản điện tử, cập nhật trên VNeID")
    assert "VNeID" in body["next_step"] and "Mang" not in body["next_step"]
    assert body["meaning"] == "Hồ sơ đã giải quyết xong, đã có kết quả."


def test_an_overdue_lookup_apologises_and_gives_the_units_number_and_then_the_new_date(
    citizen_api, dossiers, tree, officer_a
):
    past = timezone.localdate() - timedelta(days=3)
    Dossier.objects.filter(pk=dossiers.a.pk).update(appointment_date=past, first_appointment_date=past)
    phone = tree.unit_a.phones.first().number
    body = lookup(citizen_api, "A-0001", "1234").json()
    assert body["deadline"]["state"] == "overdue"
    assert "xin lỗi" in body["next_step"] and phone in body["next_step"] and tree.unit_a.name in body["next_step"]
    assert "dự kiến" not in body["next_step"]
    dossier = Dossier.objects.get(pk=dossiers.a.pk)
    new = timezone.localdate() + timedelta(days=7)
    services.dossier_reschedule(dossier=dossier, new_date=new, reason="Chờ xác minh", actor=officer_a)
    assert Dossier.objects.get(pk=dossier.pk).first_appointment_date == past
    body = lookup(citizen_api, "A-0001", "1234").json()
    assert f"Ngày hẹn trả kết quả mới: {new:%d/%m/%Y}" in body["next_step"] and "xin lỗi" in body["next_step"]
    assert phone in body["next_step"]


def test_my_dossier_shows_the_delivery_and_the_same_next_step(citizen, dossiers, tree):
    owner = verified(citizen, PHONE_A)
    Dossier.objects.filter(pk=dossiers.a.pk).update(delivery=Delivery.POST, status=DossierStatus.DONE)
    detail = citizen_client(owner).get(f"/api/v1/me/dossiers/{dossiers.a.pk}/").json()
    assert (detail["delivery"], detail["delivery_label"]) == ("post", "Gửi qua bưu chính")
    assert "bưu chính" in detail["next_step"] and tree.unit_a.phones.first().number in detail["next_step"]
    looked_up = lookup(citizen_client(owner), "A-0001", "1234").json()
    assert looked_up["next_step"] == detail["next_step"]  # the fast path and the ORM path say the same


def test_the_officer_sets_the_delivery_at_intake_and_changes_it_later(officer_a, tree, procedure):
    client = logged_in(officer_a)
    client.post(url("add"), _intake(procedure, tree.unit_a, delivery="post"))
    dossier = Dossier.objects.get()
    assert dossier.delivery == Delivery.POST and dossier.first_appointment_date == dossier.appointment_date
    page = client.get(url("change", dossier.pk)).content.decode()
    assert "cách nhận kết quả" in page.lower()
    response = client.post(
        url("change", dossier.pk),
        {"delivery": "electronic", "collect_location": "", "collect_note": "", "fee_due": "", **_inline_management()},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    dossier.refresh_from_db()
    assert dossier.delivery == Delivery.ELECTRONIC
    assert client.get(url("changelist"), {"delivery__exact": "electronic"}).context["cl"].result_count == 1


def _inline_management() -> dict[str, str]:
    prefix = "events"
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_the_slip_is_the_zalo_tracking_slip_with_a_qr_and_says_it_is_not_the_official_receipt(
    officer_a, dossiers, settings
):
    settings.MINIAPP_LOOKUP_URL = "https://zalo.me/s/{app_id}/dossiers/lookup?code={code}"
    settings.ZALO_APP_ID = "123"
    Dossier.objects.filter(pk=dossiers.a.pk).update(delivery=Delivery.ELECTRONIC)
    body = logged_in(officer_a).get(url("slip", dossiers.a.pk)).content.decode()
    assert "<title>Phiếu theo dõi hồ sơ trên Zalo A-0001</title>" in body
    assert "PHIẾU THEO DÕI HỒ SƠ TRÊN ZALO" in body and "<svg" in body
    assert "https://zalo.me/s/123/dossiers/lookup?code=A-0001" in body
    assert "Phiếu này không phải giấy tiếp nhận hồ sơ và hẹn trả kết quả" in body
    assert "Bản điện tử, cập nhật trên VNeID" in body and "Nơi nhận kết quả" not in body
    for gone in ("61/2018", "XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "CCCD", "Mẫu 01"):
        assert gone not in body


def test_a_dossier_from_before_has_no_first_date_and_is_not_taken_for_rescheduled(citizen_api, dossiers):
    Dossier.objects.filter(pk=dossiers.a.pk).update(
        first_appointment_date=None, appointment_date=timezone.localdate() + timedelta(days=10)
    )
    body = lookup(citizen_api, "A-0001", "1234").json()
    assert "xin lỗi" not in body["next_step"] and "dự kiến có vào ngày" in body["next_step"]


def test_the_first_date_is_the_one_given_at_intake(officer_a, tree, procedure):
    dossier = receive(officer_a, tree.unit_a, procedure, appointment_date=date(2027, 1, 5))
    assert dossier.first_appointment_date == date(2027, 1, 5)
