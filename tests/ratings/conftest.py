"""Cast for rating tests: the unit tree and officers (tests/conftest.py), the dossier cast
(tests/dossiers/conftest.py), finished dossiers, and a helper that writes ratings on known dates."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from dossiers.models import Dossier, DossierStatus
from dossiers.services import dossier_status_change
from tests.dossiers.conftest import (  # noqa: F401 - fixtures shared with the dossier tests
    HCM,
    citizen,
    citizen_api,
    citizen_client,
    dossiers,
    other_citizen,
    procedure,
    receive,
    verified,
)
from tests.procedures.factories import ProcedureFactory
from tests.ratings.factories import RatingFactory


def finish(dossier: Dossier, *, returned: bool = False) -> Dossier:
    dossier_status_change(dossier=dossier, new_status=DossierStatus.DONE)
    if returned:
        dossier_status_change(dossier=dossier, new_status=DossierStatus.RETURNED)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def finished(dossiers) -> SimpleNamespace:  # noqa: F811
    """Dossier A has its result; A1 and B are still being processed."""
    finish(dossiers.a)
    return dossiers


@pytest.fixture
def known_ratings(tree, officer_a, officer_b, procedure) -> SimpleNamespace:  # noqa: F811
    """Nine ratings with figures worked out by hand (tests/ratings/test_dashboard.py).

    unit_a        Đăng ký thường trú  officer_a  10/2026: 3 3 2 1
    unit_a_child  Đăng ký thường trú  officer_a  11/2026: 3 1
    unit_b        Cấp hộ chiếu        officer_b  11/2026: 2 2 3
    """
    passport = ProcedureFactory(code="2.000200", name="Cấp hộ chiếu phổ thông")
    october = datetime(2026, 10, 15, 10, 0, tzinfo=HCM)
    november = datetime(2026, 11, 10, 10, 0, tzinfo=HCM)
    rows = []
    for level in (3, 3, 2, 1):
        rows.append(
            RatingFactory(unit=tree.unit_a, procedure=procedure, officer=officer_a, level=level, created_at=october)
        )
    for level in (3, 1):
        rows.append(
            RatingFactory(
                unit=tree.unit_a_child, procedure=procedure, officer=officer_a, level=level, created_at=november
            )
        )
    for level in (2, 2, 3):
        rows.append(
            RatingFactory(unit=tree.unit_b, procedure=passport, officer=officer_b, level=level, created_at=november)
        )
    return SimpleNamespace(ratings=rows, residence=procedure, passport=passport)


@pytest.fixture(autouse=True)
def _console_notifications(settings):
    """Messages go through the console channel (the demo outbox): a row that is sent really was sent."""
    settings.NOTIFY_CHANNEL_ORDER = ["console"]
    settings.NOTIFY_CONSOLE_ENABLED = True
