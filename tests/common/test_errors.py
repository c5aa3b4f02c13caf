"""Every API error has the same JSON shape with a Vietnamese message; bad bytes are a 400, never a 500."""

from __future__ import annotations

import pytest


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"].strip()
    return body


def test_unknown_api_path_is_a_json_404(api, db):
    assert_error(api.get("/api/v1/khong-ton-tai/"), 404, "not_found")


def test_id_too_large_for_the_database_is_a_404(api, db):
    assert_error(api.get("/api/v1/units/99999999999999999999999/"), 404, "not_found")


def test_page_out_of_range_is_a_404_in_vietnamese(api, tree):
    body = assert_error(api.get("/api/v1/units/", {"page": 999}), 404, "not_found")
    assert body["message"] == "Trang không tồn tại."


def test_wrong_method_is_a_405(api, tree):
    assert_error(api.post("/api/v1/units/", {}, format="json"), 405, "method_not_allowed")


@pytest.mark.parametrize("query", ["search=%00", "search=abc%00def", "kind=%00"])
def test_nul_in_the_query_string_is_a_400(api, tree, query):
    assert_error(api.get(f"/api/v1/units/?{query}"), 400, "bad_characters")


def test_emoji_and_long_vietnamese_text_in_search_are_handled(api, tree):
    assert api.get("/api/v1/units/", {"search": "🚓 Đồng Tâm"}).status_code == 200
    assert_error(api.get("/api/v1/units/", {"search": "Đồng Tâm " * 1200}), 400, "invalid")


def test_parser_rejects_invalid_utf8_and_nul_with_a_400():
    import io

    from rest_framework.exceptions import ParseError

    from common.errors import ApplicationError
    from common.parsers import StrictJSONParser

    parser = StrictJSONParser()
    with pytest.raises(ParseError):
        parser.parse(io.BytesIO(b'{"a": "\xff\xfe"}'))
    with pytest.raises(ApplicationError):
        parser.parse(io.BytesIO(b'{"a": "x\\u0000y"}'))
    with pytest.raises(ParseError):
        parser.parse(io.BytesIO(b'{"a": '))
    assert parser.parse(io.BytesIO('{"tên": "Đức 🚓"}'.encode())) == {"tên": "Đức 🚓"}


def test_application_error_becomes_its_status_and_code(rf):
    from common.errors import ApplicationError, ErrorCode
    from common.exceptions import api_exception_handler

    error = ErrorCode("dossier_locked", "Hồ sơ tạm khóa tra cứu.", 423)
    response = api_exception_handler(ApplicationError(error, fields={"code": ["khóa"]}), {})
    assert response.status_code == 423
    assert response.data == {
        "code": "dossier_locked",
        "message": "Hồ sơ tạm khóa tra cứu.",
        "fields": {"code": ["khóa"]},
    }


def test_unexpected_exception_is_a_json_500_without_details(caplog):
    from common.exceptions import api_exception_handler

    response = api_exception_handler(RuntimeError("secret internals"), {})
    assert response.status_code == 500
    assert "secret" not in str(response.data)
    assert response.data["code"] == "server_error"


def test_an_empty_boolean_filter_is_refused_not_read_as_false(api, tree):
    body = assert_error(api.get("/api/v1/units/?root="), 400, "invalid")
    assert "root" in body["fields"]
