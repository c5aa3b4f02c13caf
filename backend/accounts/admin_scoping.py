"""Admin building blocks that keep every officer inside their unit subtree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, URLResolver

from accounts.selectors import officer_is_province_wide, officer_of, scope_to_officer, unit_list_for_officer
from units.models import Unit

if TYPE_CHECKING:  # the checker sees the admin methods the mixins call; at run time they are plain mixins
    from django.contrib.admin import ModelAdmin

    _AdminBase = ModelAdmin
else:
    _AdminBase = object


class UnitScopedAdminMixin(_AdminBase):
    """Rows are filtered by `scope_unit_field`; unit choices in forms by the officer's subtree."""

    scope_unit_field = "unit"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        return scope_to_officer(qs, officer=officer_of(request), unit_field=self.scope_unit_field)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Unit:
            kwargs["queryset"] = unit_list_for_officer(officer=officer_of(request)).select_related("kind")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedUnitListFilter(admin.SimpleListFilter):
    """A unit filter that offers only units the officer may see."""

    title = "đơn vị"
    parameter_name = "unit_scope"
    unit_field = "unit"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        units = unit_list_for_officer(officer=officer_of(request)).order_by("path").only("id", "name", "depth")
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


class ReadOnlyAdminMixin(_AdminBase):
    """Records written by the system (logs, sign-in records): nobody adds, changes or deletes them in the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AccessLogAdminMixin(ReadOnlyAdminMixin):
    """A read-only access log: leaders see the rows about their subtree's records (`record_unit_field`)
    and the rows written by their subtree's officers; province-wide roles see everything."""

    record_unit_field = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        user = request.user
        if officer_is_province_wide(officer=user):  # type: ignore[arg-type]
            return queryset
        if not user.is_active or user.unit_id is None:
            return queryset.none()
        prefix = user.unit.path  # type: ignore[union-attr]
        return queryset.filter(
            Q(**{f"{self.record_unit_field}__path__startswith": prefix}) | Q(officer_unit__path__startswith=prefix)
        )


class DeadlineListFilter(admin.SimpleListFilter):
    """Overdue / due soon / on time, derived in working days; subclasses name the title and the filter."""

    parameter_name = "deadline"
    STATES = (("overdue", "Quá hạn"), ("due_soon", "Sắp đến hạn"), ("on_time", "Trong hạn"))

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(self.STATES)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in dict(self.STATES):
            return self.filter_deadline(queryset, state=self.value())  # type: ignore[arg-type]
        return queryset

    def filter_deadline(self, queryset: QuerySet[Any], *, state: str) -> QuerySet[Any]:
        raise NotImplementedError


# --- Every admin URL, including the ones packages add, goes through one guard -----------------------
#
# The change form is not the only door to an object: django-simple-history adds history and revert
# pages, django-import-export adds import and export, Django adds the password page and more, and the
# next package will add its own. Rather than trusting each of them to call `get_queryset()` and the
# permission methods, `admin_site_guard()` wraps every URL a registered ModelAdmin serves:
#
# - a URL that names an object (`object_id`, `id`, `pk`, or else its first captured value, so an
#   unknown package fails closed) answers 404 unless the object is in `get_queryset()`, the unit
#   scope the change form uses; 403 without view or change permission on that object;
# - a POST to such a URL needs change permission on the object (delete permission for the delete
#   page), whatever the view itself checks;
# - a URL that names no object needs view, change or add permission on the model;
# - a few package views get one extra rule each (`PACKAGE_RULES`): simple-history's revert saves
#   through the change form's path (see `_history_revert`), import needs add and change permission.
#
# tests/accounts/test_admin_url_walk.py walks every URL the site serves as out-of-scope roles.

GUARD_MARK = "scoped_by_admin_site_guard"
_OBJECT_KWARGS = ("object_id", "id", "pk")


def _object_id(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    for name in _OBJECT_KWARGS:
        if name in kwargs:
            return str(kwargs[name])
    if args:
        return str(args[0])
    if kwargs:
        return str(next(iter(kwargs.values())))
    return None


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _require_import(model_admin: Any, request: HttpRequest) -> None:
    # An import creates rows and overwrites existing ones: it needs both, like the add and change forms.
    _require(model_admin.has_add_permission(request) and model_admin.has_change_permission(request))


def can_revert(model_admin: Any, request: HttpRequest, obj: Any) -> bool:
    """A revert is a change; a ModelAdmin may narrow it further with `has_revert_permission`."""
    check = getattr(model_admin, "has_revert_permission", None)
    if check is not None:
        return bool(check(request, obj))
    return bool(model_admin.has_change_permission(request, obj))


def _history_revert(model_admin: Any, request: HttpRequest, obj: Any) -> Any:
    """simple-history's revert, made a change-form save of the live object.

    The package saves the historical instance itself, so every column (readonly ones, the publishing
    state, who approved it) took the old value. Here the posted form, which shows the old values, is
    bound to the live object with the change form's own form class: only what the change form may
    edit changes, and the unit choices are the change form's.
    """
    _require(can_revert(model_admin, request, obj))
    form = model_admin.get_form(request, obj, change=True)(request.POST, request.FILES, instance=obj)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(messages_)}" for name, messages_ in form.errors.items())
        model_admin.message_user(request, f"Không khôi phục được phiên bản này. {errors}", messages.ERROR)
        return HttpResponseRedirect(request.path)
    with transaction.atomic():
        new_object = model_admin.save_form(request, form, change=True)
        model_admin.save_model(request, new_object, form, change=True)
        model_admin.save_related(request, form, [], change=True)
    model_admin.log_change(request, new_object, model_admin.construct_change_message(request, form, []))
    return model_admin.response_change(request, new_object)


def _history_form(model_admin: Any, request: HttpRequest, obj: Any, callback: Any, args: tuple, kwargs: dict) -> Any:
    values = [*args, *kwargs.values()]
    version_id = str(values[1]) if len(values) > 1 else ""
    manager = getattr(model_admin.model._meta, "simple_history_manager_attribute", None)
    history = getattr(model_admin.model, manager) if manager else None
    if (
        history is None
        or not version_id.isdigit()
        # On the historical model `pk` is history_id: the original's key is its attname.
        or not history.filter(**{model_admin.model._meta.pk.attname: obj.pk, "history_id": int(version_id)}).exists()
    ):
        raise Http404("Không tìm thấy phiên bản này của đối tượng.")
    if request.method == "POST":
        return _history_revert(model_admin, request, obj)
    # The package decides the button from the old version's values; the live object decides here.
    return callback(
        request, *args, extra_context={"revert_disabled": not can_revert(model_admin, request, obj)}, **kwargs
    )


PACKAGE_RULES: dict[str, Any] = {
    "import_action": _require_import,  # django-import-export
    "process_import": _require_import,
}


def _guarded(model_admin: Any, callback: Any) -> Any:
    name = getattr(callback, "__name__", "")

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        object_id = _object_id(args, kwargs)
        if object_id is None:
            _require(model_admin.has_view_or_change_permission(request) or model_admin.has_add_permission(request))
            if name in PACKAGE_RULES:
                PACKAGE_RULES[name](model_admin, request)
            return callback(request, *args, **kwargs)
        obj = model_admin.get_object(request, unquote(object_id))  # the change form's scope
        if obj is None:
            raise Http404("Không tìm thấy đối tượng.")
        _require(model_admin.has_view_or_change_permission(request, obj))
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if name == "delete_view":
                _require(model_admin.has_delete_permission(request, obj))
            else:
                _require(model_admin.has_change_permission(request, obj))
        if name == "history_form_view":  # django-simple-history
            return _history_form(model_admin, request, obj, callback, args, kwargs)
        return callback(request, *args, **kwargs)

    view.__name__ = name or "view"
    view.__doc__ = getattr(callback, "__doc__", None)
    setattr(view, GUARD_MARK, True)
    wrapped = model_admin.admin_site.admin_view(view)
    setattr(wrapped, GUARD_MARK, True)
    return wrapped


def _guarded_view_on_site(site: Any, callback: Any) -> Any:
    """`r/<content_type_id>/<object_id>/` redirects to an object's page: the same scope applies."""

    def view(request: HttpRequest, content_type_id: Any, object_id: Any) -> Any:
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model = content_type.model_class() if content_type else None
        model_admin = site._registry.get(model) if model else None
        obj = model_admin.get_object(request, unquote(str(object_id))) if model_admin else None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):  # type: ignore[union-attr]
            raise Http404("Không tìm thấy đối tượng.")
        return callback(request, content_type_id, object_id)

    view.__name__ = getattr(callback, "__name__", "view_on_site")
    wrapped = site.admin_view(view)
    setattr(wrapped, GUARD_MARK, True)
    return wrapped


def _guard_patterns(patterns: list[Any], wrap: Any) -> list[Any]:
    guarded: list[Any] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            guarded.append(
                URLResolver(
                    pattern.pattern,
                    _guard_patterns(pattern.url_patterns, wrap),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        else:
            guarded.append(URLPattern(pattern.pattern, wrap(pattern.callback), pattern.default_args, pattern.name))
    return guarded


def admin_site_guard(site: Any) -> None:
    """Make `site` serve every ModelAdmin URL through `_guarded` (called once from AccountsConfig.ready)."""
    if getattr(site, GUARD_MARK, False):
        return
    original = site.get_urls

    def get_urls() -> list[Any]:
        by_prefix = {f"{m._meta.app_label}/{m._meta.model_name}/": ma for m, ma in site._registry.items()}
        urls = []
        for pattern in original():
            model_admin = by_prefix.get(str(pattern.pattern)) if isinstance(pattern, URLResolver) else None
            if model_admin is not None:
                urls.extend(_guard_patterns([pattern], lambda cb, ma=model_admin: _guarded(ma, cb)))
            elif isinstance(pattern, URLPattern) and pattern.name == "view_on_site":
                urls.append(
                    URLPattern(pattern.pattern, _guarded_view_on_site(site, pattern.callback), None, pattern.name)
                )
            else:
                urls.append(pattern)
        return urls

    site.get_urls = get_urls
    setattr(site, GUARD_MARK, True)
