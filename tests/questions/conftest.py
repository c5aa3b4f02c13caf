"""Cast for "Hỏi cán bộ": the unit tree and officers of tests/conftest.py, a published procedure received by unit A,
dossiers of two applicants, a citizen whose phone Zalo verified (dossier A is theirs) and one who has none."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from citizens.models import Citizen
from tests.dossiers.conftest import PHONE_A, citizen_client, procedure, receive, verified  # noqa: F401
from tests.notifications.conftest import _notify_settings, oa_authorised  # noqa: F401 - shared fixtures
from tests.zalo.conftest import fake_zalo  # noqa: F401 - the fake Zalo over real HTTP


@pytest.fixture(autouse=True)
def _answer_template(db):
    """Transactional tests flush what the data migration loaded: put the shipped text back."""
    import importlib

    from notifications.models import NotificationTemplate

    shipped = importlib.import_module("notifications.migrations.0007_question_answer_kind").TEMPLATES
    for kind, (title, body, button) in shipped.items():
        NotificationTemplate.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": body, "button_label": button}
        )


@pytest.fixture(autouse=True)
def _question_settings(settings, _notify_settings):  # noqa: F811
    settings.NOTIFY_CHANNEL_ORDER = ["oa_cs", "oa", "zns", "miniapp", "console"]
    settings.NOTIFY_RATE_PER_SECOND = {"oa": 1000, "oa_cs": 1000, "zns": 1000, "miniapp": 1000, "console": 1000}
    settings.QUESTIONS_DEFAULT_UNIT_CODE = ""
    settings.REPORT_RECEPTION_UNIT_CODE = ""


@pytest.fixture
def published_procedure(procedure, tree):  # noqa: F811
    procedure.state = "published"
    procedure.save()
    procedure.units.add(tree.unit_a)
    return procedure


@pytest.fixture
def dossiers(tree, officer_a, officer_b, published_procedure) -> SimpleNamespace:
    from tests.dossiers.conftest import ID_B, PHONE_B

    a = receive(officer_a, tree.unit_a_child, published_procedure, code="A1-0001")
    b = receive(officer_b, tree.unit_b, published_procedure, code="B-0001", id_number=ID_B, phone=PHONE_B)
    return SimpleNamespace(a=a, b=b)


@pytest.fixture
def citizen(db) -> Citizen:
    return verified(Citizen.objects.create(zalo_user_id="6001", display_name="An"), PHONE_A)


@pytest.fixture
def other_citizen(db) -> Citizen:
    return Citizen.objects.create(zalo_user_id="6002", display_name="Bình")


@pytest.fixture
def citizen_api(citizen):  # type: ignore[no-untyped-def]
    return citizen_client(citizen)
