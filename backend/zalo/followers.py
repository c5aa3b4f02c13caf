"""Followers of each OA, kept from that OA's follow / unfollow webhook events (routed by the event's OA id)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from zalo.models import OAFollower, OfficialAccount
from zalo.webhook import register


def oa_of_event(payload: dict[str, Any]) -> OfficialAccount | None:
    """The OA an event is about. Follow events carry `oa_id`; message events name the OA as the sender (OA →
    user: seen, received) or the recipient (user → OA). UNVERIFIED: these field names come from secondary
    sources (docs/zalo.md). An event that names no OA is the province OA's, as before there were many."""
    candidates = [
        str(payload.get("oa_id") or ""),
        str((payload.get("sender") or {}).get("id") or ""),
        str((payload.get("recipient") or {}).get("id") or ""),
    ]
    candidates = [c for c in candidates if c]
    if candidates:
        oa = OfficialAccount.objects.filter(oa_id__in=candidates).first()
        if oa is not None:
            return oa
    from zalo.oa_token import province_oa

    province = province_oa()
    if payload.get("oa_id") and province.oa_id:
        return None  # an OA id we do not manage: ignore the event rather than credit the province's OA
    # The province's OA id is not known yet (set ZALO_OA_ID, or authorise it): events are its, as with one OA.
    return province


@register("follow")
def on_follow(payload: dict[str, Any]) -> None:
    oa = oa_of_event(payload)
    follower_id = str((payload.get("follower") or {}).get("id", ""))
    if oa is None or not follower_id:
        return
    oa_follower_follow(oa=oa, follower_id=follower_id, zalo_user_id=str(payload.get("user_id_by_app", "") or ""))


@register("unfollow")
def on_unfollow(payload: dict[str, Any]) -> None:
    oa = oa_of_event(payload)
    follower_id = str((payload.get("follower") or {}).get("id", ""))
    app_user_id = str(payload.get("user_id_by_app", "") or "")
    if oa is None or not (follower_id or app_user_id):
        return
    match = Q(follower_id=follower_id) if follower_id else Q(zalo_user_id=app_user_id)
    OAFollower.objects.filter(match, oa=oa).update(following=False, unfollowed_at=timezone.now())


def oa_follower_follow(*, oa: OfficialAccount, follower_id: str, zalo_user_id: str = "") -> OAFollower:
    defaults: dict[str, Any] = {"following": True, "followed_at": timezone.now(), "unfollowed_at": None}
    if zalo_user_id:
        defaults["zalo_user_id"] = zalo_user_id
    row, _ = OAFollower.objects.update_or_create(oa=oa, follower_id=follower_id, defaults=defaults)
    return row
