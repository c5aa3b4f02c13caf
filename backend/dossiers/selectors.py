"""Reads on dossiers. Officer reads are scoped to the unit subtree; citizen reads to what they may see."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from accounts.selectors import scope_to_officer
from citizens.models import Citizen
from dossiers.models import OPEN_STATUSES, Dossier, DossierEvent, DossierFollow
from dossiers.workdays import filter_by_deadline
from units.models import UnitPhone


def dossier_list_for_officer(*, officer: User) -> QuerySet[Dossier]:
    return scope_to_officer(Dossier.objects.select_related("procedure", "unit"), officer=officer)


def dossier_filter_deadline(queryset: QuerySet[Dossier], *, state: str, today: date | None = None) -> QuerySet[Dossier]:
    """Overdue / due soon as a database filter, with the cutoff worked out in working days."""
    return filter_by_deadline(
        queryset, state=state, date_field="appointment_date", open_statuses=OPEN_STATUSES, today=today
    )


def _with_following(queryset: QuerySet[Dossier], citizen: Citizen) -> QuerySet[Dossier]:
    return queryset.annotate(following=Exists(DossierFollow.objects.filter(citizen=citizen, dossier=OuterRef("pk"))))


def dossier_list_for_citizen(*, citizen: Citizen) -> QuerySet[Dossier]:
    """ "Hồ sơ của tôi": dossiers filed under the phone Zalo verified for this citizen."""
    if not citizen.phone_hash:
        return Dossier.objects.none()
    queryset = Dossier.objects.select_related("procedure", "unit", "sync_source").filter(
        applicant_phone_hash=citizen.phone_hash
    )
    return _with_following(queryset, citizen).order_by("-received_at", "-id")


def dossier_followed_by(*, citizen: Citizen) -> QuerySet[Dossier]:
    queryset = Dossier.objects.select_related("procedure", "unit", "sync_source").filter(follows__citizen=citizen)
    return _with_following(queryset, citizen).order_by("-updated_at", "-id")


def dossier_visible_to_citizen(*, citizen: Citizen) -> QuerySet[Dossier]:
    """Mine by verified phone, or one I follow (which needed a successful lookup)."""
    mine = Q(follows__citizen=citizen)
    if citizen.phone_hash:
        mine |= Q(applicant_phone_hash=citizen.phone_hash)
    return _with_following(Dossier.objects.filter(mine).distinct(), citizen)


# The columns the result page reads from the procedure and the unit (fewer columns, cheaper queries).
RESULT_RELATED_FIELDS = (
    "procedure__id",
    "procedure__code",
    "procedure__name",
    "unit__id",
    "unit__name",
    "unit__address",
    "unit__working_hours",
    "sync_source__last_success_at",
    "sync_source__incremental",
)


def dossier_with_timeline(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Everything the result page shows, in a fixed number of queries."""
    own = [f.name for f in Dossier._meta.concrete_fields if f.name not in ("procedure", "unit", "sync_source")]
    related = ("procedure", "unit", "sync_source")
    return (
        queryset.select_related(*related)
        .only(*own, *related, *RESULT_RELATED_FIELDS)
        .prefetch_related(
            Prefetch(
                "events",
                queryset=DossierEvent.objects.order_by("occurred_at", "id").only(
                    "id", "dossier_id", "status", "occurred_at", "note", "source"
                ),
            ),
            Prefetch("unit__phones", queryset=UnitPhone.objects.order_by("order", "id")),
        )
    )
