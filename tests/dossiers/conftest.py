"""Cast for dossier tests: the unit tree and officers from tests/conftest.py, a procedure with a
published processing time, dossiers received through the real intake service, and signed-in citizens."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from citizens.models import Citizen
from citizens.tokens import access_token_issue
from common.crypto import encrypt_text, keyed_hash
from dossiers import services
from dossiers.applicant import phone_clean
from tests.procedures.factories import ChannelFactory, ProcedureFactory

ID_A = "001090001234"  # the applicant of dossier A: lookup with "1234"
PHONE_A = "0912345678"
ID_B = "002085005678"
PHONE_B = "0987654321"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def procedure(db):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    ChannelFactory(procedure=procedure, channel="truc_tiep", processing_days=7)
    return procedure


def receive(officer, unit, procedure, *, id_number=ID_A, phone=PHONE_A, **extra):  # type: ignore[no-untyped-def]
    return services.dossier_receive(
        officer=officer,
        procedure=procedure,
        unit=unit,
        channel="truc_tiep",
        applicant_name="Nguyễn Văn An",
        applicant_id_number=id_number,
        applicant_phone=phone,
        **extra,
    )


@pytest.fixture
def dossiers(tree, officer_a, officer_b, procedure) -> SimpleNamespace:
    received = datetime(2026, 11, 16, 9, 0, tzinfo=HCM)  # a Monday
    a = receive(officer_a, tree.unit_a, procedure, code="A-0001", received_at=received)
    a_child = receive(officer_a, tree.unit_a_child, procedure, code="A1-0001", received_at=received)
    b = receive(officer_b, tree.unit_b, procedure, code="B-0001", id_number=ID_B, phone=PHONE_B, received_at=received)
    return SimpleNamespace(a=a, a_child=a_child, b=b)


def citizen_client(citizen: Citizen) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_issue(citizen=citizen)}")
    return client


def verified(citizen: Citizen, phone: str) -> Citizen:
    normalized = phone_clean(phone)
    citizen.phone_encrypted = encrypt_text(normalized)
    citizen.phone_hash = keyed_hash(normalized)
    citizen.save()
    return citizen


@pytest.fixture
def citizen(db) -> Citizen:
    return Citizen.objects.create(zalo_user_id="5001", display_name="An")


@pytest.fixture
def other_citizen(db) -> Citizen:
    return Citizen.objects.create(zalo_user_id="5002", display_name="Bình")


@pytest.fixture
def citizen_api(citizen) -> APIClient:
    return citizen_client(citizen)


def monday(day: int) -> date:
    return date(2026, 11, day)
