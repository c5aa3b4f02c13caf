from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html


class StrictBooleanField(serializers.BooleanField):
    """A query-string boolean: absent means the default, but `?flag=` (empty) is an error.

    DRF reads an empty or absent HTML-form boolean as false (checkbox semantics), which would
    silently accept input the schema declares invalid.
    """

    default_empty_html = empty

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary) and dictionary.get(self.field_name, None) == "":
            return ""  # to_internal_value() refuses it with "Must be a valid boolean."
        return super().get_value(dictionary)
