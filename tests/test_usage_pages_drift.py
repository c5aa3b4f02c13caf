"""The beacon's page patterns exist twice, as they must: the Mini App sends them (miniapp/src/services/usage.ts) and
the server accepts only those (backend/usage/pages.py). This test holds the two lists equal, so a page added on one
side only is caught here and not as beacons refused with a 400 in production."""

from __future__ import annotations

import re
from pathlib import Path

from usage.pages import PAGES

ROOT = Path(__file__).resolve().parent.parent


def test_the_mini_app_and_the_server_name_the_same_pages():
    source = (ROOT / "miniapp/src/services/usage.ts").read_text(encoding="utf-8")
    block = re.search(r"export const PAGE_PATTERNS = \[(.*?)\] as const;", source, re.S)
    assert block, "PAGE_PATTERNS not found in miniapp/src/services/usage.ts"
    sent = re.findall(r'"([^"]+)"', block.group(1))
    assert sent == list(PAGES)


def test_every_page_of_the_mini_app_is_counted():
    """Each route of miniapp/src/app.tsx that shows a page is a pattern the beacon sends: a page added without it
    would be missing from the figures without anyone noticing. Redirects and the catch-all are not pages."""
    source = (ROOT / "miniapp/src/app.tsx").read_text(encoding="utf-8")
    routes = re.findall(r'<Route path="([^"]+)" element=\{(<Navigate)?', source)
    assert routes, "no <Route path=…> found in miniapp/src/app.tsx"
    pages = {path for path, redirect in routes if not redirect and path != "*"}
    assert pages - set(PAGES) == set(), "add these to PAGE_PATTERNS and backend/usage/pages.py"
