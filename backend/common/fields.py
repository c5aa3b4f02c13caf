"""Query-string fields that mean what the OpenAPI schema says.

DRF treats an empty HTML-form value (`?flag=`, `?parent=`) of an optional field as "not given"
(and a boolean as false). The schema says such a value is invalid, and a citizen's app that sends
it has a bug worth a clear 400, so these fields refuse it.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html


class RejectEmptyMixin:
    field_name: str

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary) and dictionary.get(self.field_name, None) == "":
            return ""  # to_internal_value() refuses it with the field's own message
        return super().get_value(dictionary)  # type: ignore[misc]


class StrictBooleanField(RejectEmptyMixin, serializers.BooleanField):  # type: ignore[misc]
    default_empty_html = empty


class StrictIntegerField(RejectEmptyMixin, serializers.IntegerField):  # type: ignore[misc]
    pass


class JsonBooleanField(serializers.BooleanField):
    """A JSON body's boolean: only true or false. DRF's BooleanField also takes 0, 1, "yes", "on"...,
    which the schema ("type": "boolean") does not allow."""

    def to_internal_value(self, data: Any) -> bool:
        if data is True or data is False:
            return data
        self.fail("invalid", input=data)


class JsonIntegerField(serializers.IntegerField):
    """A JSON body's integer: a number without a fraction. DRF's IntegerField also takes "5", 5.0 and true
    (as 1), which the schema ("type": "integer") does not allow. Query strings keep StrictIntegerField."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)
