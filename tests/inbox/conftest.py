"""Cast for the inbox: the unit tree and officers of tests/conftest.py, dossiers received at the counter and then
moved to dates around today (in working days, from the real calendar), and a logged-in admin client."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dossiers.models import Dossier
from dossiers.workdays import calendar
from tests.dossiers.conftest import ID_B, PHONE_B, procedure, receive  # noqa: F401 - shared cast
from tests.notifications.conftest import _notify_settings, _templates, oa_authorised  # noqa: F401
from tests.zalo.conftest import fake_zalo  # noqa: F401


@pytest.fixture(autouse=True)
def _on_a_working_day(db, monkeypatch):  # type: ignore[no-untyped-def]
    """The inbox speaks in working days from today. When the tests run on a weekend or a holiday here (CI runs at any
    hour, and from 17:00 UTC it is already the next day in Vietnam), "due today" and the morning digest mean something
    else: the tests then run as if it were 10:00 on the next working day of the real calendar, the clock still
    moving. On a working day nothing is changed."""
    from django.utils import timezone as django_timezone

    day = django_timezone.localdate()
    if calendar().is_working_day(day):
        return
    while not calendar().is_working_day(day):
        day += timedelta(days=1)
    real_now = django_timezone.now
    shift = datetime.combine(day, time(10), tzinfo=django_timezone.get_current_timezone()) - real_now()
    monkeypatch.setattr(django_timezone, "now", lambda: real_now() + shift)
    assert calendar().is_working_day(today())


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def today() -> date:
    return timezone.localdate()


def next_working_day(after: date | None = None) -> date:
    return calendar().add_working_days(after or today(), 1)


def previous_working_day(before: date | None = None) -> date:
    day = (before or today()) - timedelta(days=1)
    while not calendar().is_working_day(day):
        day -= timedelta(days=1)
    return day


def due_on(dossier: Dossier, day: date) -> Dossier:
    Dossier.objects.filter(pk=dossier.pk).update(appointment_date=day, first_appointment_date=day)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def late(tree, officer_a, officer_b, procedure):  # type: ignore[no-untyped-def]  # noqa: F811
    """Unit A: one overdue, one due tomorrow, one far off; unit A's child: one due today; unit B: one overdue."""
    from types import SimpleNamespace

    overdue = due_on(receive(officer_a, tree.unit_a, procedure, code="A-LATE"), previous_working_day())
    tomorrow = due_on(receive(officer_a, tree.unit_a, procedure, code="A-SOON"), next_working_day())
    far = due_on(receive(officer_a, tree.unit_a, procedure, code="A-FAR"), calendar().add_working_days(today(), 20))
    child = due_on(receive(officer_a, tree.unit_a_child, procedure, code="A1-TODAY"), today())
    other = due_on(
        receive(officer_b, tree.unit_b, procedure, code="B-LATE", id_number=ID_B, phone=PHONE_B),
        previous_working_day(),
    )
    return SimpleNamespace(overdue=overdue, tomorrow=tomorrow, far=far, child=child, other=other)
