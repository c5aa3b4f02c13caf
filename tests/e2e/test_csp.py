"""The admin and the API docs work under the Content-Security-Policy: nothing is refused, the scripts still run.

(The Mini App's own pages are checked by every test that uses the `app` fixture: tests/e2e/conftest.py.)
"""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PageProblems, watch


@pytest.fixture
def admin_page(page: Page, demo_server: str, problems: PageProblems):
    """A provincial superuser signed in through the real login form, every page watched for CSP violations."""
    from accounts.models import User

    password = secrets.token_urlsafe(16)
    User.objects.create_superuser(username="csp-admin", password=password, email="csp@example.vn")
    watch(page, problems)
    # The admin has no icon: the browser's own /favicon.ico request answers 404, which is not what is tested here.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.set_default_timeout(10_000)
    response = page.goto(f"{demo_server}/admin/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    yield page
    problems.assert_clean()


def test_the_admin_pages_run_under_the_policy(admin_page: Page, demo_server: str, problems: PageProblems) -> None:
    from dossiers.models import Dossier
    from units.models import Unit

    unit = Unit.objects.order_by("pk").first()
    dossier = Dossier.objects.order_by("pk").first()
    for path in (
        "/admin/",
        "/admin/units/unit/?q=a",
        f"/admin/units/unit/{unit.pk}/change/",
        f"/admin/units/unit/{unit.pk}/history/",
        "/admin/dossiers/dossier/",
        f"/admin/dossiers/dossier/{dossier.pk}/change/",
        "/admin/django_celery_beat/periodictask/add/",
    ):
        response = admin_page.goto(f"{demo_server}{path}")
        # The date widgets add their icons after "load": let them arrive before moving on (else aborted).
        admin_page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
    assert problems.csp_violations == []

    # The admin's own scripts run: the navigation sidebar's filter field narrows the list of models.
    admin_page.goto(f"{demo_server}/admin/units/unit/")
    admin_page.fill("#nav-filter", "zzz-khong-co")
    expect(admin_page.locator("#nav-sidebar .current-model")).to_be_hidden()


def test_the_appointment_slip_prints_with_its_button(admin_page: Page, demo_server: str) -> None:
    from dossiers.models import Dossier

    dossier = Dossier.objects.order_by("pk").first()
    admin_page.goto(f"{demo_server}/admin/dossiers/dossier/{dossier.pk}/slip/")
    admin_page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    admin_page.get_by_role("button", name="In phiếu").click()
    assert admin_page.evaluate("window.__printed") == 1


def test_the_export_page_select_all_toggle_still_works(admin_page: Page, demo_server: str) -> None:
    """import-export's inline onchange handler is allowed by its hash in script-src-attr."""
    admin_page.goto(f"{demo_server}/admin/procedures/procedure/export/")
    fields = admin_page.locator('.selectable-field-export-row input[type="checkbox"]')
    expect(fields.first).to_be_checked()
    admin_page.locator('input[name="select-all-toggle"]').uncheck()
    assert fields.count() > 1
    for index in range(fields.count()):
        expect(fields.nth(index)).not_to_be_checked()


def test_the_api_docs_render_under_the_policy(page: Page, demo_server: str, problems: PageProblems) -> None:
    watch(page, problems)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    response = page.goto(f"{demo_server}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    problems.assert_clean()
