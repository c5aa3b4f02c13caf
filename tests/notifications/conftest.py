from __future__ import annotations

import pytest

from citizens.models import Citizen
from common.crypto import encrypt_text, keyed_hash
from dossiers.models import DossierFollow
from tests.dossiers.conftest import procedure  # noqa: F401 - shared cast
from tests.zalo.conftest import fake_zalo  # noqa: F401 - the fake Zalo over real HTTP
from zalo import oa_token
from zalo.client import OATokens


@pytest.fixture(autouse=True)
def _templates(db):
    """Transactional tests flush what the data migration loaded: put the shipped texts back."""
    import importlib

    from notifications.models import NotificationTemplate

    shipped = {
        **importlib.import_module("notifications.migrations.0002_templates_and_roles").TEMPLATES,
        **importlib.import_module("notifications.migrations.0003_generic_messages").TEMPLATES,
    }
    for kind, (title, body, button) in shipped.items():
        NotificationTemplate.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": body, "button_label": button}
        )
    done = importlib.import_module("notifications.migrations.0005_done_message_follows_delivery")
    NotificationTemplate.objects.filter(kind="done", body=done.SHIPPED_BODY).update(
        body=done.NEW_BODY, button_label="Xem hồ sơ"
    )


@pytest.fixture(autouse=True)
def _notify_settings(settings):
    settings.NOTIFY_CHANNEL_ORDER = ["oa", "zns", "miniapp", "console"]
    settings.NOTIFY_CONSOLE_ENABLED = False  # a test that wants the console channel turns it on
    settings.NOTIFY_MINIAPP_ENABLED = True  # off by default (unverified endpoint); these tests exercise it
    settings.NOTIFY_RETRY_BASE_SECONDS = 0.01
    settings.NOTIFY_RETRY_MAX_SECONDS = 0.05
    settings.NOTIFY_RATE_PER_SECOND = {"oa": 1000, "zns": 1000, "miniapp": 1000, "console": 1000}


@pytest.fixture
def oa_authorised(db, fake_zalo):  # noqa: F811 - the fixture imported above
    oa_token.oa_token_store(tokens=OATokens("fake-oa-access-initial", "fake-oa-refresh-initial", 90000))


def make_citizen(uid: str, *, oa: bool = False, phone: str = "", miniapp: bool = False) -> Citizen:
    citizen = Citizen.objects.create(zalo_user_id=uid, display_name=f"Công dân {uid}")
    if oa:
        citizen.follows_oa, citizen.oa_follower_id = True, f"follower-{uid}"
    if phone:
        citizen.phone_encrypted, citizen.phone_hash = encrypt_text(phone), keyed_hash(phone)
    citizen.miniapp_notifications_allowed = miniapp
    citizen.save()
    return citizen


def follow(citizen: Citizen, dossier) -> None:  # type: ignore[no-untyped-def]
    DossierFollow.objects.create(citizen=citizen, dossier=dossier)
