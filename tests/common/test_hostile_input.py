"""Hostile bodies get a 4xx in the error shape, never a 500: JSON nested too deep, bodies too large, too
many form fields, unknown API paths with DEBUG on, a report sent before any unit exists."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from citizens.models import Citizen
from common.parsers import json_depth_exceeds
from tests.common.test_errors import assert_error
from tests.dossiers.conftest import citizen_client

DEEP = b"[" * 50_000
JSON_ENDPOINTS = [
    "/api/v1/auth/zalo",
    "/api/v1/auth/refresh",
    "/api/v1/reports/track",
    "/api/v1/surveys/",
    "/api/v1/dossiers/lookup",
]


@pytest.fixture
def citizen_api(db):  # type: ignore[no-untyped-def]
    return citizen_client(Citizen.objects.create(zalo_user_id="7001", display_name="Bình"))


def nested(depth: int) -> bytes:
    return b'{"a": ' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
def test_json_nested_fifty_thousand_deep_is_a_400_in_the_error_shape(citizen_api, url):
    response = citizen_api.generic("POST", url, DEEP, content_type="application/json")
    body = assert_error(response, 400, "json_too_deep")
    assert "lồng nhau" in body["message"]


def test_the_zalo_webhook_refuses_json_nested_too_deep_with_a_400(api, db):
    response = api.generic("POST", "/api/v1/zalo/webhook", b'{"event_name": ' + DEEP, content_type="application/json")
    assert_error(response, 400, "json_too_deep")


def test_every_json_operation_of_the_schema_refuses_deep_json_with_a_400(citizen_api, tree):
    from procedures.demo import demo_guides_load
    from procedures.models import Procedure

    demo_guides_load()  # a published procedure for procedures/{id}/feedback/
    procedure_id = Procedure.objects.published().values_list("pk", flat=True).first()
    document = Client().get("/api/schema/?format=json").json()
    tried = 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if "application/json" not in operation.get("requestBody", {}).get("content", {}):
                continue
            url = path.replace("{id}", str(procedure_id)).replace("{code}", "PA-AAAAAAAA")
            response = citizen_api.generic(method.upper(), url, DEEP, content_type="application/json")
            assert response.status_code == 400, (method, path, response.content)
            assert_error(response, 400, "json_too_deep")
            tried += 1
    assert tried >= 8


def test_json_as_deep_as_the_limit_is_parsed_and_one_level_more_is_refused(api, db, settings):
    settings.DATA_UPLOAD_MAX_JSON_DEPTH = 5
    at_limit = api.generic("POST", "/api/v1/auth/refresh", nested(5), content_type="application/json")
    assert_error(at_limit, 400, "invalid")  # parsed; the serializer then wants a refresh_token
    assert_error(
        api.generic("POST", "/api/v1/auth/refresh", nested(6), content_type="application/json"), 400, "json_too_deep"
    )


def test_depth_counts_arrays_and_objects_and_ignores_brackets_inside_strings():
    assert not json_depth_exceeds(b"[[[]]]", 3)
    assert json_depth_exceeds(b"[[[[]]]]", 3)
    assert json_depth_exceeds(b'{"a": [{"b": [1]}]}', 3)
    assert not json_depth_exceeds(b'["[[[[[[", "\\"[[[[[", {"a": "}}}}{{{{"}]', 2)
    assert not json_depth_exceeds(b"[" + b"[1, 2], " * 100_000 + b"[]]", 2)  # wide, not deep
    assert json_depth_exceeds(DEEP, 32)
    assert json_depth_exceeds(b"{[" * 20 + b"]}" * 20, 39)  # braces and brackets alternating


def test_a_json_body_larger_than_the_upload_limit_is_a_413(api, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    payload = json.dumps({"refresh_token": "x" * 3_000}).encode()
    body = assert_error(
        api.generic("POST", "/api/v1/auth/refresh", payload, content_type="application/json"), 413, "request_too_large"
    )
    assert body["message"] == "Nội dung gửi lên quá lớn. Tối đa 1 KB."


def test_the_webhook_refuses_a_body_larger_than_the_upload_limit_with_a_413(api, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    payload = json.dumps({"event_name": "follow", "padding": "x" * 3_000}).encode()
    assert_error(
        api.generic("POST", "/api/v1/zalo/webhook", payload, content_type="application/json"), 413, "request_too_large"
    )


def test_a_multipart_text_field_larger_than_the_upload_limit_is_a_413(api, tree, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    data = {"kind": "khac", "description": "Đ" * 3_000, "is_anonymous": "true"}
    assert_error(api.post("/api/v1/reports/", data, format="multipart"), 413, "request_too_large")


def test_a_multipart_body_with_too_many_fields_is_a_400(api, tree, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    data = {f"field{n}": "x" for n in range(10)}
    body = assert_error(api.post("/api/v1/reports/", data, format="multipart"), 400, "too_many_fields")
    assert body["message"] == "Yêu cầu có quá nhiều trường, tham số hoặc tệp."


def test_a_query_string_with_too_many_parameters_is_a_400_in_the_error_shape(api, db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    query = "&".join(f"p{n}=1" for n in range(10))
    assert_error(api.get(f"/api/v1/units/?{query}"), 400, "too_many_fields")


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_api_path_is_a_json_404_with_debug_on_or_off(db, settings, debug, method):
    settings.DEBUG = debug
    response = getattr(Client(), method)("/api/v1/khong-ton-tai/?q=1")
    assert_error(response, 404, "not_found")
    assert b"URLconf" not in response.content
    assert_error(Client().get("/api/khong-co/"), 404, "not_found")
    assert_error(Client().get("/api/v1/units/abc/"), 404, "not_found")


def test_a_report_sent_before_any_unit_exists_is_a_503_in_vietnamese(api, db):
    from reports.demo import report_kinds_ensure
    from units.models import Unit

    report_kinds_ensure()
    assert not Unit.objects.exists()
    data = {
        "kind": "phan-anh-kien-nghi",
        "description": "Đèn đường ở đầu ngõ 12 bị hỏng đã ba tuần nay.",
        "is_anonymous": "true",
    }
    body = assert_error(api.post("/api/v1/reports/", data, format="multipart"), 503, "no_receiving_unit")
    assert "chưa sẵn sàng nhận tin báo" in body["message"] and "113" in body["message"]


def test_the_quick_checks_take_nothing_the_full_checks_would_refuse(settings):
    """Few enough brackets skip the depth count; no \\u0000 text skips the NUL walk: both only where they cannot
    change the outcome."""
    from rest_framework.exceptions import ParseError

    from common.errors import ApplicationError
    from common.parsers import json_loads_strict

    settings.DATA_UPLOAD_MAX_JSON_DEPTH = 3
    assert json_loads_strict(b'{"a": [{"b": 1}]}') == {"a": [{"b": 1}]}  # 3 openers, 3 levels: parsed
    with pytest.raises(ApplicationError) as refused:
        json_loads_strict(b'{"a": [{"b": [1]}]}')  # 4 openers, 4 levels
    assert refused.value.error.code == "json_too_deep"
    assert json_loads_strict(b"[[1], [2], [3], [4]]") == [[1], [2], [3], [4]]  # 5 openers, 2 levels: counted, fine
    for body in (b'{"code": "A\\u0000"}', b'{"A\\u0000": 1}', b'[["\\u0000"]]'):
        with pytest.raises(ApplicationError) as refused:
            json_loads_strict(body)
        assert refused.value.error.code == "bad_characters"
    assert json_loads_strict(b'{"code": "\\\\u0000"}') == {"code": "\\u0000"}  # a backslash, then text: no NUL
    with pytest.raises(ParseError):
        json_loads_strict(b'{"code": "A\x00"}')  # a raw NUL is not JSON at all
