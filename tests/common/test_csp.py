"""Content-Security-Policy on every page: the site's policy on HTML, nothing allowed on JSON and files."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.production_env import production_env

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Content-Security-Policy"


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


def assert_site_policy(response) -> dict[str, set[str]]:
    assert HEADER in response, f"no {HEADER} on {response.status_code} {response.get('Content-Type')}"
    policy = directives(response[HEADER])
    assert policy["default-src"] == {"'self'"}
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["script-src"] - {"'self'"} <= {p for p in policy["script-src"] if p.startswith("'nonce-")}
    assert policy["object-src"] == {"'none'"} and policy["frame-ancestors"] == {"'none'"}
    assert policy["connect-src"] == {"'self'"} and policy["form-action"] == {"'self'"}
    return policy


@pytest.fixture
def built_miniapp(tmp_path, settings):
    (tmp_path / "index.html").write_text(
        '<!doctype html><div id="app"></div><script type="module" src="./a.js"></script>'
    )
    settings.MINIAPP_WWW_DIR = str(tmp_path)
    return tmp_path


def test_the_admin_login_page_has_the_site_policy(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_site_policy(response)


def test_admin_pages_of_a_signed_in_officer_have_the_site_policy(client, provincial_admin):
    client.force_login(provincial_admin)
    for url in ("/admin/", "/admin/units/unit/", f"/admin/units/unit/{provincial_admin.unit_id}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_site_policy(response)


def test_the_miniapp_build_has_the_site_policy(client, db, built_miniapp):
    for url in ("/app/", "/app/dossiers/lookup"):  # the shell, and a client-side route served as the shell
        response = client.get(url)
        assert response.status_code == 200
        # zmp-ui's icon font comes from Zalo's static host, on the Mini App only.
        assert assert_site_policy(response)["font-src"] == {"'self'", "data:", "https://h5.zadn.vn"}
    assert "h5.zadn.vn" not in client.get("/admin/login/")[HEADER]


def test_the_api_docs_have_the_site_policy_and_no_inline_script(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_site_policy(response)
    page = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [], "an inline script would be refused"
    script = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page)
    assert script, page
    start_up = client.get(script[1].replace("&amp;", "&"))
    assert start_up.status_code == 200 and "SwaggerUIBundle" in start_up.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/units/", "/api/v1/procedures/", "/api/schema/", "/healthz"])
def test_api_answers_allow_nothing(client, db, url):
    response = client.get(url)
    assert directives(response[HEADER]) == {"default-src": {"'none'"}, "frame-ancestors": {"'none'"}}


def test_an_api_error_allows_nothing_either(client, db):
    response = client.post("/api/v1/reports/track", data="{", content_type="application/json")
    assert response.status_code >= 400
    assert directives(response[HEADER]) == {"default-src": {"'none'"}, "frame-ancestors": {"'none'"}}


def test_a_script_nonce_is_added_only_when_a_page_uses_it(rf, settings):
    from django.http import HttpResponse
    from django.template import engines

    from common.csp import ContentSecurityPolicyMiddleware

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">go()</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = rf.get("/admin/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode())[1]
    assert f"'nonce-{nonce}'" in directives(response[HEADER])["script-src"]

    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("<p>x</p>"))(rf.get("/admin/"))
    assert directives(plain[HEADER])["script-src"] == {"'self'"}


def test_report_only_mode_sends_the_same_policy_without_enforcing_it(client, db, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    page = client.get("/admin/login/")
    assert HEADER not in page
    assert directives(page[f"{HEADER}-Report-Only"])["script-src"] == {"'self'"}
    api = client.get("/api/v1/units/")
    assert HEADER not in api
    assert directives(api[f"{HEADER}-Report-Only"])["default-src"] == {"'none'"}


def _settings_value(expression: str, **env: str) -> str:
    code = f"import config.settings as s; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**production_env(**env), "PYTHONPATH": str(ROOT / "backend")},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-1000:]
    return result.stdout.strip()


def test_operators_switch_report_only_mode_and_the_report_address_from_the_environment():
    assert _settings_value("s.CONTENT_SECURITY_POLICY_REPORT_ONLY") == "None"
    on = "(s.CONTENT_SECURITY_POLICY, s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['report-uri'])"
    assert _settings_value(on, CSP_REPORT_ONLY="true", CSP_REPORT_URI="https://csp.example.vn/r") == (
        "(None, ['https://csp.example.vn/r'])"
    )


TEMPLATES = sorted(p for p in (ROOT / "backend").rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|nonce)=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def test_our_templates_have_no_inline_script_or_event_handler():
    assert TEMPLATES, "no templates found"
    offenders = [
        f"{path.relative_to(ROOT)}: {match[0]}"
        for path in TEMPLATES
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER)
        for match in pattern.finditer(path.read_text())
    ]
    assert offenders == []


def test_python_written_html_has_no_inline_script_or_event_handler():
    offenders = [
        f"{path.relative_to(ROOT)}: {match[0]}"
        for path in sorted((ROOT / "backend").rglob("*.py"))
        if "migrations" not in path.parts
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER)
        for match in pattern.finditer(path.read_text())
    ]
    assert offenders == []
