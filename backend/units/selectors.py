"""Reads of units. Every list here costs a constant number of queries."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from common.text import normalize_search
from units.models import Unit, UnitPhone


def _with_contacts(qs: QuerySet[Unit]) -> QuerySet[Unit]:
    return (
        qs.select_related("kind")
        .prefetch_related(Prefetch("phones", queryset=UnitPhone.objects.order_by("order", "id")))
        .annotate(children_count=Count("children", filter=Q(children__is_active=True)))
    )


def unit_public_queryset() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True)


def unit_list(
    *, search: str = "", parent_id: int | None = None, kind_code: str = "", root_only: bool = False
) -> QuerySet[Unit]:
    qs = unit_public_queryset()
    if root_only:
        qs = qs.filter(parent__isnull=True)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    if kind_code:
        qs = qs.filter(kind__code=kind_code)
    normalized = normalize_search(search)
    if normalized:
        qs = qs.filter(Q(name_search__contains=normalized) | Q(code__iexact=search.strip()))
        return _with_contacts(qs).order_by("depth", "display_order", "name")
    if parent_id is not None or root_only:
        return _with_contacts(qs).order_by("display_order", "name")
    return _with_contacts(qs).order_by("path")


def unit_subtree(*, unit: Unit, include_inactive: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.filter(path__startswith=unit.path)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs


def unit_public_subtree(*, unit: Unit) -> QuerySet[Unit]:
    return _with_contacts(unit_subtree(unit=unit)).order_by("path")


def unit_public_detail(*, unit_id: int) -> Unit:
    """One unit with its contacts, breadcrumb and children (four queries)."""
    # The unit's own Zalo OA id, "" if it has none (zalo.OfficialAccount, reached by its reverse name: no import).
    unit = (
        _with_contacts(unit_public_queryset())
        .annotate(own_oa_id=Coalesce(F("official_account__oa_id"), Value("")))
        .get(pk=unit_id)
    )
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=unit.ancestor_ids).only("id", "name")}
    unit.ancestors = [ancestors[pk] for pk in unit.ancestor_ids if pk in ancestors]  # type: ignore[attr-defined]
    unit.active_children = list(  # type: ignore[attr-defined]
        unit_public_queryset().filter(parent=unit).select_related("kind").order_by("display_order", "name")
    )
    return unit


def unit_root() -> Unit | None:
    """The province police unit shown in the Mini App header."""
    return unit_public_queryset().filter(parent__isnull=True).order_by("display_order", "id").first()
