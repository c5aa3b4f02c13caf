from __future__ import annotations

from datetime import date

import pytest

from common.errors import ApplicationError
from dossiers import services
from dossiers.models import Dossier, DossierEvent, DossierStatus
from dossiers.signals import dossier_events_created
from tests.dossiers.conftest import receive


def test_the_counter_intake_keeps_only_masked_and_hashed_personal_data(dossiers):
    dossier = Dossier.objects.get(code="A-0001")
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.applicant_name_masked == "Nguyễn V. A."
    row = " ".join(str(v) for v in Dossier.objects.filter(pk=dossier.pk).values().get().values())
    for secret in ("001090001234", "0912345678", "84912345678", "Văn An"):
        assert secret not in row
    assert [e.status for e in dossier.events.all()] == [DossierStatus.RECEIVED]


def test_a_blank_code_is_generated_per_unit_and_day(tree, officer_a, procedure):
    first = receive(officer_a, tree.unit_a, procedure)
    second = receive(officer_a, tree.unit_a, procedure)
    assert first.code.startswith("T-A-") and first.code.endswith("-0001")
    assert second.code.endswith("-0002")


def test_the_appointment_date_defaults_to_the_published_processing_time_in_working_days(dossiers):
    assert dossiers.a.appointment_date == date(2026, 11, 25)  # Mon 16/11 + 7 working days


def test_an_officer_cannot_receive_for_another_unit(tree, officer_a, procedure):
    with pytest.raises(ApplicationError) as error:
        receive(officer_a, tree.unit_b, procedure)
    assert error.value.status == 403


@pytest.mark.parametrize(
    "path",
    [
        [DossierStatus.PROCESSING, DossierStatus.DONE, DossierStatus.RETURNED],
        [DossierStatus.SUPPLEMENT, DossierStatus.PROCESSING, DossierStatus.PAYMENT, DossierStatus.DONE],
        [DossierStatus.STOPPED],
    ],
)
def test_valid_paths_record_one_event_each(dossiers, officer_a, path):
    for status in path:
        services.dossier_status_change(dossier=dossiers.a, new_status=status, actor=officer_a, reason="Lý do")
    dossiers.a.refresh_from_db()
    assert dossiers.a.status == path[-1]
    assert [e.status for e in dossiers.a.events.all()] == [DossierStatus.RECEIVED, *path]


@pytest.mark.parametrize(
    "start, target",
    [
        ([], DossierStatus.RETURNED),  # cannot hand over a result that is not ready
        ([], DossierStatus.SUBMITTED),
        ([DossierStatus.PROCESSING, DossierStatus.DONE, DossierStatus.RETURNED], DossierStatus.PROCESSING),
        ([DossierStatus.STOPPED], DossierStatus.PROCESSING),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(dossiers, start, target):
    for status in start:
        services.dossier_status_change(dossier=dossiers.a, new_status=status, reason="Lý do")
    events = DossierEvent.objects.count()
    with pytest.raises(ApplicationError) as error:
        services.dossier_status_change(dossier=dossiers.a, new_status=target)
    assert error.value.code == "dossier_bad_transition"
    assert DossierEvent.objects.count() == events


def test_asking_for_a_supplement_needs_a_reason(dossiers):
    with pytest.raises(ApplicationError) as error:
        services.dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.SUPPLEMENT)
    assert error.value.code == "dossier_reason_required"
    services.dossier_status_change(
        dossier=dossiers.a,
        new_status=DossierStatus.SUPPLEMENT,
        reason="Bản sao giấy khai sinh",
        supplement_deadline=date(2026, 12, 1),
    )
    dossiers.a.refresh_from_db()
    assert (dossiers.a.reason, dossiers.a.supplement_deadline) == ("Bản sao giấy khai sinh", date(2026, 12, 1))


def test_a_stale_copy_cannot_overwrite_a_change_made_meanwhile(dossiers):
    stale = Dossier.objects.get(pk=dossiers.a.pk)
    services.dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.PROCESSING)
    with pytest.raises(ApplicationError) as error:
        services.dossier_status_change(dossier=stale, new_status=DossierStatus.SUPPLEMENT, reason="x")
    assert error.value.status == 409
    assert Dossier.objects.get(pk=dossiers.a.pk).status == DossierStatus.PROCESSING


def test_finishing_and_returning_stamp_the_times(dossiers):
    services.dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.DONE)
    services.dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.RETURNED)
    dossiers.a.refresh_from_db()
    assert dossiers.a.finished_at and dossiers.a.returned_at and dossiers.a.returned_at >= dossiers.a.finished_at


def test_rescheduling_later_apologises_on_the_timeline(dossiers):
    services.dossier_reschedule(dossier=dossiers.a, new_date=date(2026, 12, 2), reason="Chờ xác minh nơi cư trú cũ")
    dossiers.a.refresh_from_db()
    assert dossiers.a.appointment_date == date(2026, 12, 2)
    note = dossiers.a.events.last().note
    assert note.startswith("Xin lỗi") and "02/12/2026" in note


def test_a_status_change_sends_its_event_inside_its_transaction(dossiers):
    sent: list[list[int]] = []

    def listener(events: list, **kwargs: object) -> None:
        sent.append([event.pk for event in events])

    def failing(events: list, **kwargs: object) -> None:
        raise RuntimeError("a receiver's rows could not be written")

    dossier_events_created.connect(listener)
    try:
        event = services.dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.PROCESSING)
        dossier_events_created.connect(failing)
        with pytest.raises(RuntimeError):
            services.dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.DONE)
    finally:
        dossier_events_created.disconnect(listener)
        dossier_events_created.disconnect(failing)
    assert sent == [[event.pk], [event.pk + 1]]
    # What the receivers could not write undoes the change: the status and the timeline are as before.
    assert Dossier.objects.get(pk=dossiers.a.pk).status == DossierStatus.PROCESSING
    assert list(dossiers.a.events.values_list("pk", flat=True)).count(event.pk + 1) == 0
