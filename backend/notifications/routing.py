"""Which OA an OA message comes from: the OA of the unit handling the matter (the unit, else the nearest unit
above it that has an OA) when the citizen follows that OA, otherwise the province's OA."""

from __future__ import annotations

from dataclasses import dataclass

from notifications.models import Notification
from units.models import Unit
from zalo.models import OAFollower


@dataclass(frozen=True)
class OARoute:
    oa_pk: int | None  # None: the province's OA
    follower_id: str  # the citizen's id for that OA ("" when they follow none that may send this)


def oa_route(notification: Notification) -> OARoute:
    citizen = notification.citizen
    if citizen is None:
        return OARoute(None, "")
    # One indexed query: the OAs this person follows (zalo/followers.py keeps them from the webhook).
    followed = list(
        OAFollower.objects.filter(zalo_user_id=citizen.zalo_user_id, following=True).values_list(
            "oa_id", "follower_id", "oa__is_province", "oa__unit__path"
        )
    )
    if not followed:  # no follow event recorded per OA (followed before there were many): the province's
        return OARoute(None, citizen.oa_follower_id or "")
    units = [(pk, follower, path) for pk, follower, province, path in followed if not province and path]
    if units and notification.unit_id is not None:
        unit_path = Unit.objects.filter(pk=notification.unit_id).values_list("path", flat=True).first() or ""
        above = [(len(path), pk, follower) for pk, follower, path in units if unit_path.startswith(path)]
        if above:
            _, oa_pk, follower_id = max(above)  # the nearest: the longest path that is a prefix of the unit's
            return OARoute(oa_pk, follower_id)
    province = [follower for _, follower, is_province, _ in followed if is_province]
    return OARoute(None, province[0] if province else "")
