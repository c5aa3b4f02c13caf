"""Admin building blocks that keep every officer inside their unit subtree."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from accounts.selectors import officer_is_province_wide, scope_to_officer, unit_list_for_officer
from units.models import Unit


class UnitScopedAdminMixin:
    """Rows are filtered by `scope_unit_field`; unit choices in forms by the officer's subtree."""

    scope_unit_field = "unit"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        return scope_to_officer(qs, officer=request.user, unit_field=self.scope_unit_field)  # type: ignore[arg-type]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Unit:
            kwargs["queryset"] = unit_list_for_officer(officer=request.user).select_related("kind")  # type: ignore[arg-type]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class ScopedUnitListFilter(admin.SimpleListFilter):
    """A unit filter that offers only units the officer may see."""

    title = "đơn vị"
    parameter_name = "unit_scope"
    unit_field = "unit"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        units = unit_list_for_officer(officer=request.user).order_by("path").only("id", "name", "depth")  # type: ignore[arg-type]
        return [(str(u.pk), f"{'— ' * u.depth}{u.name}") for u in units]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        unit = Unit.objects.filter(pk=int(value)).only("path").first()
        if unit is None:
            return queryset.none()
        lookup = f"{self.unit_field}__path__startswith" if self.unit_field else "path__startswith"
        return queryset.filter(**{lookup: unit.path})


class AccessLogAdminMixin:
    """A read-only access log: leaders see the rows about their subtree's records (`record_unit_field`)
    and the rows written by their subtree's officers; province-wide roles see everything."""

    record_unit_field = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        user = request.user
        if officer_is_province_wide(officer=user):  # type: ignore[arg-type]
            return queryset
        if not user.is_active or user.unit_id is None:  # type: ignore[union-attr]
            return queryset.none()
        prefix = user.unit.path  # type: ignore[union-attr]
        return queryset.filter(
            Q(**{f"{self.record_unit_field}__path__startswith": prefix}) | Q(officer_unit__path__startswith=prefix)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeadlineListFilter(admin.SimpleListFilter):
    """Overdue / due soon / on time, derived in working days; subclasses name the title and the filter."""

    parameter_name = "deadline"
    STATES = (("overdue", "Quá hạn"), ("due_soon", "Sắp đến hạn"), ("on_time", "Trong hạn"))

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(self.STATES)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in dict(self.STATES):
            return self.filter_deadline(queryset, state=self.value())
        return queryset

    def filter_deadline(self, queryset: QuerySet[Any], *, state: str) -> QuerySet[Any]:
        raise NotImplementedError
