"""Every message DRF, Django and django-filter can put in an API answer is Vietnamese (our catalog in
backend/locale fills what their own "vi" catalogs lack), and the committed .mo matches the .po."""

from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import pytest
from django.utils import translation

from citizens.models import Citizen
from common.catalog import catalog_paths, mo_bytes, po_read
from tests.dossiers.conftest import citizen_client

# Where the messages that can reach an answer come from: DRF (fields, serializers, validators, parsing,
# authentication, pagination...), Django's validators, form and model fields (django-filter validates
# query strings with form fields), and django-filter itself. DRF's schema descriptions and the authtoken
# app are not served.
SOURCES = [
    "rest_framework",
    "django.core.validators",
    "django.forms.fields",
    "django.forms.models",
    "django.db.models.fields",
    "django_filters.fields",
    "django_filters.filters",
    "django_filters.filterset",
]
GETTEXT = {"_", "gettext", "gettext_lazy"}
NGETTEXT = {"ngettext", "ngettext_lazy"}
ENGLISH = re.compile(r"\b(Ensure|valid|required|This field|is not|may not|Expected|Invalid|Unsupported)\b")


def _files(module_name: str) -> list[Path]:
    path = Path(importlib.import_module(module_name).__file__)
    if path.name != "__init__.py":
        return [path]
    return [p for p in path.parent.rglob("*.py") if not {"authtoken", "schemas", "templatetags"} & set(p.parts)]


def _messages(path: Path) -> set[tuple[str, str | None]]:
    """(message, plural or None) of every literal gettext/ngettext call in a source file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        texts = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if name in GETTEXT and texts:
            found.add((texts[0], None))
        elif name in NGETTEXT and len(texts) == 2:
            found.add((texts[0], texts[1]))
    return found


def _translated(message: str, plural: str | None) -> bool:
    if plural is None:
        return translation.gettext(message) != message
    return translation.ngettext(message, plural, 1) != message


def test_the_committed_mo_file_is_compiled_from_the_po_file():
    po_path, mo_path = catalog_paths()
    assert mo_path.read_bytes() == mo_bytes(po_read(po_path.read_text(encoding="utf-8"))), (
        "Chạy: python manage.py compile_catalog"
    )


def test_every_message_of_drf_django_and_django_filter_has_vietnamese():
    ours = po_read(catalog_paths()[0].read_text(encoding="utf-8"))
    messages = {message for source in SOURCES for path in _files(source) for message in _messages(path)}
    assert len(messages) > 200
    with translation.override("vi"):
        untranslated = sorted(m for m, plural in messages if m not in ours and not _translated(m, plural))
    assert untranslated == []


@pytest.fixture
def citizen_api(db):  # type: ignore[no-untyped-def]
    return citizen_client(Citizen.objects.create(zalo_user_id="7002", display_name="Châu"))


def _all_messages(body: dict) -> list[str]:
    found = [body["message"]]
    for value in body["fields"].values():
        found += [str(v) for v in (value if isinstance(value, list) else [value])]
    return found


def test_an_unsupported_content_type_is_refused_in_vietnamese(citizen_api):
    response = citizen_api.generic("POST", "/api/v1/surveys/", "unit=1", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["message"] == 'Định dạng nội dung "text/plain" không được hỗ trợ.'


def test_validation_messages_of_drf_are_vietnamese(citizen_api, tree):
    body = {"unit": "abc", "level": 7, "drivers": ["fast"] * 60}
    response = citizen_api.post("/api/v1/surveys/", body, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["unit"] == ["Cần một số nguyên hợp lệ."]
    assert fields["level"] == ['"7" không phải là lựa chọn hợp lệ.']
    assert re.fullmatch(r"Trường này có tối đa \d+ phần tử\.", fields["drivers"][0])
    missing = citizen_api.post("/api/v1/surveys/", {}, format="json").json()
    assert missing["fields"]["unit"] == ["Trường này là bắt buộc."]
    for answer in (response.json(), missing):
        assert not [m for m in _all_messages(answer) if ENGLISH.search(m)], json.dumps(answer, ensure_ascii=False)


def test_a_string_too_long_and_a_bad_regex_value_are_refused_in_vietnamese(api, db):
    response = api.post("/api/v1/auth/refresh", {"refresh_token": "x" * 300}, format="json")
    assert response.json()["fields"]["refresh_token"] == ["Trường này có tối đa 200 ký tự."]
    response = api.post("/api/v1/auth/refresh", {"refresh_token": None}, format="json")
    assert response.json()["fields"]["refresh_token"] == ["Trường này không được để trống (null)."]
