"""One way to serve an admin page that acts on one object (change a dossier's status, pause a report's
clock, upload a file to a sync source): fetch the object through the admin's own scoped queryset, check the
permission, run the service, write the access log, and render `admin/object_action.html` with the form.

Imports no app: scoping is the admin's `get_queryset()` (`accounts.admin_scoping.UnitScopedAdminMixin`
for unit-scoped models), the log is the admin's `action_log()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from common.errors import ApplicationError

# Deadline states (dossiers.workdays.DeadlineState) as the admin colours them.
DEADLINE_COLOURS = {
    "overdue": "#b91c1c",
    "due_soon": "#b45309",
    "on_time": "#15803d",
    "closed": "#6b7280",
    "no_date": "#6b7280",
}
TEXT_COLOUR = "#374151"


def coloured(colour: str, template: str, *args: Any) -> str:
    """`format_html(template, *args)` in a span of that colour (a deadline badge)."""
    return format_html('<span style="color:{}">{}</span>', colour, format_html(template, *args))


def as_form_error(form: forms.Form, exc: ApplicationError, *, field: str | None = None) -> None:
    """A service's refusal shown on the form: on the fields it names, else on `field` or above the form."""
    if exc.fields:
        for name, errors in exc.fields.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, exc.message)


@dataclass(frozen=True)
class ActionDone:
    """What a successful action tells the officer and the log. `message` defaults to
    `action_message(obj, detail)`, `redirect_to` to the object's change page."""

    detail: str = ""
    message: str = ""
    redirect_to: str = ""


if TYPE_CHECKING:  # the checker sees the admin methods the mixin calls; at run time it is a plain mixin
    from django.contrib.admin import ModelAdmin

    _AdminBase = ModelAdmin
else:
    _AdminBase = object


class ObjectActionAdminMixin(_AdminBase):
    """For a ModelAdmin whose pages act on one object (URLs `<object_id>/<action>/`)."""

    action_template = "admin/object_action.html"
    action_not_found = "Không tìm thấy đối tượng."

    # --- hooks ------------------------------------------------------------------------------

    def action_log(self, request: HttpRequest, obj: Any, *, action: str, detail: str = "") -> None:
        """Write the access log entry of an action (or of a page read, `action` = the view action)."""

    def action_page_read(self, request: HttpRequest, obj: Any) -> None:
        """Called when the action page is shown (GET); a page that shows personal content logs the read."""

    def action_summary(self, obj: Any) -> str:
        """HTML above the form: what the officer acts on."""
        return ""

    def action_message(self, obj: Any, detail: str) -> str:
        return f"{obj}: {detail}."

    # --- building blocks ----------------------------------------------------------------------

    def action_object(self, request: HttpRequest, object_id: str, *, change: bool = True, perm: str = "") -> Any:
        """The object through the admin's scoped queryset: another unit's object is simply absent (404);
        403 without change (or view) permission on it, or without `perm`."""
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            raise Http404(self.action_not_found)
        allowed = (
            self.has_change_permission(request, obj) if change else self.has_view_or_change_permission(request, obj)
        )
        if not allowed or (perm and not request.user.has_perm(perm)):
            raise PermissionDenied
        return obj

    def action_change_url(self, obj: Model) -> str:
        opts = obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def action_view(
        self,
        request: HttpRequest,
        obj: Any,
        *,
        form: forms.Form,
        title: str,
        run: Callable[[dict[str, Any]], ActionDone | str],
        log_action: str = "",
        submit_label: str = "Ghi nhận",
        error_field: str | None = None,
    ) -> HttpResponse:
        """Run `run(cleaned_data)` on a valid POST; a service refusal goes back on the form (on `error_field`
        when it names no field). `run` returns an `ActionDone`, or only the detail for the log and the message;
        `log_action` names the access-log action of a success (none: nothing is logged)."""
        if request.method == "POST" and form.is_valid():
            try:
                done = run(form.cleaned_data)
            except ApplicationError as exc:
                as_form_error(form, exc, field=error_field)
            else:
                if isinstance(done, str):
                    done = ActionDone(detail=done)
                if log_action:
                    self.action_log(request, obj, action=log_action, detail=done.detail)
                self.message_user(request, done.message or self.action_message(obj, done.detail), messages.SUCCESS)
                return HttpResponseRedirect(done.redirect_to or self.action_change_url(obj))
        if request.method == "GET":
            self.action_page_read(request, obj)
        return TemplateResponse(
            request,
            self.action_template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": obj,
                "change_url": self.action_change_url(obj),
                "summary": self.action_summary(obj),
                "submit_label": submit_label,
                "form": form,
                "title": title,
            },
        )
