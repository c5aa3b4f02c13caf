from common.http import OutboundSession


def test_outbound_session_honours_proxy_variables_and_reads_them_once_per_host(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.tinh.example:3128")
    monkeypatch.setenv("NO_PROXY", "noi-bo.example")
    session = OutboundSession()
    merged = session.merge_environment_settings("https://openapi.zalo.me/v3.0/oa/message", {}, None, None, None)
    assert merged["proxies"]["https"] == "http://proxy.tinh.example:3128"
    bypassed = session.merge_environment_settings("https://noi-bo.example/feed", {}, None, None, None)
    assert "https" not in bypassed["proxies"]  # NO_PROXY still applies

    monkeypatch.setenv("HTTPS_PROXY", "http://other.example:8080")  # the environment is fixed at start
    again = session.merge_environment_settings("https://openapi.zalo.me/v3.0/oa/message?x=1", {}, None, None, None)
    assert again["proxies"]["https"] == "http://proxy.tinh.example:3128"
    again["proxies"]["https"] = "mutated"  # callers get a copy
    assert (
        session.merge_environment_settings("https://openapi.zalo.me/", {}, None, None, None)["proxies"]["https"]
        == "http://proxy.tinh.example:3128"
    )
