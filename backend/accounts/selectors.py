"""Scoping: every officer query goes through here, so a unit never sees another unit's data."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from accounts import roles
from accounts.models import User
from units.models import Unit

M = TypeVar("M", bound=Model)


def officer_is_province_wide(*, officer: User) -> bool:
    if officer.is_superuser:
        return True
    return officer.groups.filter(name__in=roles.PROVINCE_WIDE_ROLES).exists()


def scope_to_officer(queryset: QuerySet[M], *, officer: User, unit_field: str = "unit") -> QuerySet[M]:
    """Filter `queryset` to rows whose `unit_field` lies in the officer's unit subtree.

    Provincial admins (and superusers) see everything; an officer with no unit sees nothing.
    `unit_field` is the lookup path to the Unit, e.g. "unit", "dossier__unit", or "" for Unit itself.
    """
    if not officer.is_authenticated or not officer.is_active:
        return queryset.none()
    if officer_is_province_wide(officer=officer):
        return queryset
    if officer.unit_id is None:
        return queryset.none()
    path_lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
    return queryset.filter(**{path_lookup: officer.unit.path})  # type: ignore[union-attr]


def unit_list_for_officer(*, officer: User) -> QuerySet[Unit]:
    return scope_to_officer(Unit.objects.all(), officer=officer, unit_field="")


def user_list_for_officer(*, officer: User) -> QuerySet[User]:
    return scope_to_officer(User.objects.all(), officer=officer, unit_field="unit")


def officer_of(request: HttpRequest) -> User:
    """The signed-in officer of an admin request (the admin site lets only signed-in staff this far)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
