"""The build served under /app/: a deep link (a QR poster's) gets the app shell with a <base> at /app/, so the
build's relative asset paths resolve; a missing asset stays 404."""

from __future__ import annotations


def test_a_deep_link_gets_the_shell_with_its_base_and_assets_stay_404(client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><html><head><title>x</title></head><body></body></html>")
    settings.MINIAPP_WWW_DIR = str(tmp_path)
    deep = client.get("/app/contacts/12")
    assert deep.status_code == 200
    assert b'<head><base href="/app/"><title>' in deep.content
    home = client.get("/app/")
    assert b"<base" not in b"".join(home.streaming_content)
    assert client.get("/app/contacts/assets/missing.js").status_code == 404
