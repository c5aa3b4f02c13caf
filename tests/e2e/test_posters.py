"""A unit's QR poster, printed from the admin: its codes are what they say, and the Mini App code opens the unit's
page (and the lookup code the lookup) in the built Mini App served like the other browser tests."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

import pytest
import segno
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SCREENSHOTS, PageProblems, watch

pytestmark = pytest.mark.serial


def local(target: str, server: str) -> str:
    """A Mini App link (https://zalo.me/s/<app id>/<page>) as the same page of the build served under /app/."""
    parts = urlsplit(target)
    match = re.fullmatch(r"/s/[^/]+/(.*)", parts.path)
    assert parts.netloc == "zalo.me" and match, target
    return f"{server}/app/{match.group(1)}" + (f"?{parts.query}" if parts.query else "")


def test_the_posters_mini_app_code_opens_the_units_page(page: Page, demo_server: str, problems: PageProblems, settings):
    from accounts.models import User
    from units.models import Unit

    settings.ZALO_MINIAPP_ID = "demo"
    unit = Unit.objects.get(code="DEMO-X-HOAAN")
    unit.zalo_oa_url = "https://zalo.me/demo-hoa-an"
    unit.save()
    password = secrets.token_urlsafe(16)
    User.objects.create_superuser(username="poster-admin", password=password, email="poster@example.vn")
    watch(page, problems)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.set_default_timeout(15_000)
    page.goto(f"{demo_server}/admin/login/")
    page.fill("#id_username", "poster-admin")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()

    page.set_viewport_size({"width": 900, "height": 1270})
    page.goto(f"{demo_server}/admin/units/unit/{unit.pk}/poster/")
    expect(page.get_by_text(unit.name, exact=True)).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "unit-qr-poster-a4.png"), full_page=True)
    targets = {
        figure.get_attribute("data-qr-role"): figure.get_attribute("data-qr-target")
        for figure in page.locator("figure[data-qr-role]").all()
    }
    assert targets == {
        "follow": "https://zalo.me/demo-hoa-an",
        "unit": f"https://zalo.me/s/demo/contacts/{unit.pk}",
        "lookup": "https://zalo.me/s/demo/dossiers/lookup",
    }
    # The code drawn on the page encodes that link: its modules are exactly segno's for the printed address.
    for role, target in targets.items():
        drawn = page.locator(f"figure[data-qr-role={role}] svg path").first.get_attribute("d")
        expected = re.search(r' d="([^"]+)"', segno.make(target, error="m").svg_inline(scale=6, border=2))
        assert expected and drawn == expected.group(1), role

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(local(targets["unit"], demo_server))
    expect(page.get_by_role("heading", level=1, name=unit.name)).to_be_visible()
    expect(page.get_by_text(unit.address).first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "poster-deep-link-unit-390x844.png"))

    page.goto(local(targets["lookup"], demo_server))
    expect(page.get_by_label("Mã hồ sơ")).to_be_visible()
    problems.assert_clean()
