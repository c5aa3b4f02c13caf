from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from broadcasts.models import Broadcast, BroadcastKind
from citizens.models import Citizen
from dossiers.models import DossierFollow
from tests.dossiers.conftest import procedure, receive  # noqa: F401 - shared cast
from tests.factories import OfficerFactory
from tests.procedures.factories import ArticleFactory
from tests.zalo.conftest import fake_zalo  # noqa: F401 - the fake Zalo over real HTTP
from tests.zalo.test_many_oas import three_oas
from zalo.models import OAFollower


@pytest.fixture(autouse=True)
def _broadcast_roles(db):
    """Transactional tests flush what the data migration granted: grant the broadcast roles again."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("broadcasts.migrations.0001_broadcasts")
    wanted = {
        roles.CONTENT_EDITOR: migration.EDIT + migration.SEND,
        roles.CONTENT_APPROVER: ["broadcasts.view_broadcast", "broadcasts.publish_broadcast", *migration.SEND],
    }
    for role, perms in wanted.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in perms:
            app_label, codename = dotted.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


@pytest.fixture
def oas(tree, fake_zalo):  # noqa: F811 - the fixture imported above
    return three_oas(tree, fake_zalo)


@pytest.fixture
def editor_a(tree):
    return OfficerFactory(username="editor_a", unit=tree.unit_a, roles=[roles.CONTENT_EDITOR])


@pytest.fixture
def editor_b(tree):
    return OfficerFactory(username="editor_b", unit=tree.unit_b, roles=[roles.CONTENT_EDITOR])


@pytest.fixture
def approver(tree):
    return OfficerFactory(username="approver", unit=tree.province, roles=[roles.CONTENT_APPROVER])


def followers(oa, count: int, *, prefix: str) -> list[OAFollower]:
    return OAFollower.objects.bulk_create(
        [
            OAFollower(oa=oa, follower_id=f"{prefix}-{n}", zalo_user_id=f"{prefix}-user-{n}", following=True)
            for n in range(count)
        ]
    )


def living_in(rows: list[OAFollower], dossier) -> None:
    """These followers are Mini App citizens following a dossier handled by `dossier.unit`."""
    citizens = Citizen.objects.bulk_create([Citizen(zalo_user_id=row.zalo_user_id) for row in rows])
    DossierFollow.objects.bulk_create([DossierFollow(citizen=c, dossier=dossier) for c in citizens])


def draft(editor, oa, *, area=None, seconds: int = 60, article=True) -> Broadcast:
    return Broadcast.objects.create(
        unit=editor.unit,
        oa=oa,
        kind=BroadcastKind.FRAUD_ALERT,
        title="Cảnh báo giả danh công an gọi điện",
        body="Công an không làm việc qua điện thoại, không yêu cầu chuyển tiền.",
        article=ArticleFactory(title="Thủ đoạn giả danh công an") if article else None,
        area=area,
        scheduled_at=timezone.now() + timedelta(seconds=seconds),
        created_by=editor,
    )
