"""What Zalo's follow / unfollow events mean for a citizen: the OA follower id that OA messages need."""

from __future__ import annotations

from typing import Any

from citizens.models import Citizen
from zalo.webhook import register


@register("follow")
def on_follow(payload: dict[str, Any]) -> None:
    follower_id = str((payload.get("follower") or {}).get("id", ""))
    app_user_id = str(payload.get("user_id_by_app", ""))
    if follower_id and app_user_id:
        Citizen.objects.filter(zalo_user_id=app_user_id).update(oa_follower_id=follower_id, follows_oa=True)


@register("unfollow")
def on_unfollow(payload: dict[str, Any]) -> None:
    app_user_id = str(payload.get("user_id_by_app", ""))
    if app_user_id:
        Citizen.objects.filter(zalo_user_id=app_user_id).update(follows_oa=False)
