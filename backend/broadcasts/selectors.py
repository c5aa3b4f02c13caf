"""Reads: who a broadcast reaches, what an officer may see, progress."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from accounts.selectors import officer_is_province_wide, scope_to_officer, unit_list_for_officer
from broadcasts.models import Broadcast, BroadcastRecipient, RecipientState
from citizens.models import Citizen
from dossiers.models import Dossier, DossierFollow
from reports.models import Report
from zalo.models import OAFollower, OfficialAccount


def broadcast_audience(*, broadcast: Broadcast) -> QuerySet[OAFollower]:
    """The OA's current followers, narrowed to a commune/ward when the broadcast names one.

    We do not ask anyone where they live. A follower is "in" a ward when, as a Mini App citizen, they have dealt
    with the police there: they follow or own (by verified phone) a dossier, or sent a named report, handled by
    that ward's unit or a unit below it. Followers we know nothing about are left out of a narrowed broadcast
    (docs/oa-va-tin-truyen-thong.md)."""
    followers = OAFollower.objects.filter(oa_id=broadcast.oa_id, following=True)
    if broadcast.area_id is None:
        return followers
    path = broadcast.area.path  # type: ignore[union-attr]
    dossiers = Dossier.objects.filter(unit__path__startswith=path)
    citizens = Citizen.objects.filter(
        Q(pk__in=DossierFollow.objects.filter(dossier__in=dossiers).values("citizen_id"))
        | Q(phone_hash__in=dossiers.exclude(applicant_phone_hash="").values("applicant_phone_hash"))
        | Q(pk__in=Report.objects.filter(unit__path__startswith=path, citizen__isnull=False).values("citizen_id"))
    )
    return followers.filter(zalo_user_id__in=citizens.values("zalo_user_id")).exclude(zalo_user_id="")


def broadcast_list_for_officer(*, officer: Any) -> QuerySet[Broadcast]:
    return scope_to_officer(Broadcast.objects.all(), officer=officer, unit_field="unit")


def recipient_list_for_officer(*, officer: Any) -> QuerySet[BroadcastRecipient]:
    return scope_to_officer(BroadcastRecipient.objects.all(), officer=officer, unit_field="broadcast__unit")


def oa_list_for_officer(*, officer: Any) -> QuerySet[OfficialAccount]:
    """The OAs an officer may broadcast from: their units' OAs, and the province's for province-wide officers."""
    units = unit_list_for_officer(officer=officer)
    allowed = Q(unit__in=units)
    top = officer.unit_id is not None and officer.unit.parent_id is None
    if top or officer_is_province_wide(officer=officer):
        allowed |= Q(is_province=True)
    return OfficialAccount.objects.filter(allowed)


def broadcast_progress(*, broadcast: Broadcast) -> dict[str, int]:
    counts = dict(
        BroadcastRecipient.objects.filter(broadcast=broadcast)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in RecipientState.values}
