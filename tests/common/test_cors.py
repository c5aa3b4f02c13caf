from __future__ import annotations


def test_the_zalo_webview_origin_may_call_the_api(client, db):
    response = client.get("/api/v1/units/", HTTP_ORIGIN="https://h5.zdn.vn")
    assert response["Access-Control-Allow-Origin"] == "https://h5.zdn.vn"
    assert "X-Request-ID" in response["Access-Control-Expose-Headers"]


def test_preflight_allows_the_authorization_header(client, db):
    response = client.options(
        "/api/v1/units/",
        HTTP_ORIGIN="https://h5.zdn.vn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert response.status_code == 200
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_other_origins_and_the_admin_get_no_cors_headers(client, db):
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/units/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", HTTP_ORIGIN="https://h5.zdn.vn")
