"""The upgrade keeps the OA that was authorised before there were many: the single token row becomes the
province's OA with its tokens, and citizens who followed it become its followers."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("zalo", "0003_plain_vietnamese"), ("citizens", "0006_merge_plain_vietnamese_and_consents")]
AFTER = [("zalo", "0004_many_official_accounts"), ("citizens", "0007_province_oa_followers")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_single_token_becomes_the_province_oa_and_its_followers_are_kept(settings):
    settings.ZALO_OA_ID = "1000000000000000001"
    old = _migrate(BEFORE)
    try:
        old.get_model("zalo", "OAToken").objects.create(
            pk=1, access_token_encrypted="enc-access", refresh_token_encrypted="enc-refresh", needs_authorization=False
        )
        Citizen = old.get_model("citizens", "Citizen")
        Citizen.objects.create(zalo_user_id="u1", oa_follower_id="f1", follows_oa=True)
        Citizen.objects.create(zalo_user_id="u2", oa_follower_id="f2", follows_oa=False)
        Citizen.objects.create(zalo_user_id="u3")
        new = _migrate(AFTER)
        [oa] = new.get_model("zalo", "OfficialAccount").objects.all()
        assert (oa.pk, oa.is_province, oa.unit_id, oa.oa_id) == (1, True, None, "1000000000000000001")
        assert (oa.access_token_encrypted, oa.refresh_token_encrypted) == ("enc-access", "enc-refresh")
        assert oa.needs_authorization is False
        followers = new.get_model("zalo", "OAFollower").objects.order_by("follower_id")
        assert [(f.oa_id, f.follower_id, f.zalo_user_id, f.following) for f in followers] == [
            (1, "f1", "u1", True),
            (1, "f2", "u2", False),
        ]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
