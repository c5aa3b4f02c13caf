"""What Zalo's follow / unfollow events mean for a citizen. `follows_oa`: they follow at least one of our OAs
(the province's or a unit's), so OA messages may reach them; `oa_follower_id`: their id for the province's OA
(kept after an unfollow, like Zalo keeps it). Every OA's followers are kept by zalo/followers.py, which also chooses
the OA an event is about."""

from __future__ import annotations

from typing import Any

from citizens.models import Citizen
from zalo.followers import oa_of_event
from zalo.models import OAFollower
from zalo.webhook import register


@register("follow")
def on_follow(payload: dict[str, Any]) -> None:
    follower_id = str((payload.get("follower") or {}).get("id", ""))
    app_user_id = str(payload.get("user_id_by_app", ""))
    oa = oa_of_event(payload)
    if not (follower_id and app_user_id) or oa is None:
        return
    changes: dict[str, Any] = {"follows_oa": True}
    if oa.is_province:
        changes["oa_follower_id"] = follower_id
    Citizen.objects.filter(zalo_user_id=app_user_id).update(**changes)


@register("unfollow")
def on_unfollow(payload: dict[str, Any]) -> None:
    app_user_id = str(payload.get("user_id_by_app", ""))
    oa = oa_of_event(payload)
    if not app_user_id or oa is None:
        return
    still = OAFollower.objects.filter(zalo_user_id=app_user_id, following=True).exclude(oa=oa).exists()
    Citizen.objects.filter(zalo_user_id=app_user_id).update(follows_oa=still)
