"""Browser tests: the production build of the Mini App (miniapp/www) served by Django's live_server.

Chromium is Debian's /usr/bin/chromium (never `playwright install`). Outside Zalo the app uses its dev
bridge (services/zalo.ts), which records openPhone/followOA/openWebview in `window.__zaloCalls`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in the main thread, which makes Django's
# async-safety guard refuse ORM calls from the test body and the DB teardown. These tests never
# touch the DB from async code, so the guard is a false alarm here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO_ROOT = Path(__file__).resolve().parents[2]
WWW = REPO_ROOT / "miniapp" / "www"
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"

# Importing zmp-sdk outside the Zalo app throws one uncaught error (an object printed as {"log":[],"name":""}
# or an empty message). That single page error is expected; anything else is a bug.
MAX_SDK_IMPORT_PAGE_ERRORS = 1

VIEWPORTS = {"390x844": {"width": 390, "height": 844}, "360x640": {"width": 360, "height": 640}}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def miniapp_www() -> Path:
    missing = [p for p in (WWW / "index.html", WWW / "app-config.json") if not p.is_file()]
    if missing:
        pytest.fail(
            f"The Mini App is not built ({', '.join(str(p.relative_to(REPO_ROOT)) for p in missing)} missing). "
            "Run `make miniapp` (or `cd miniapp && npm ci && npm run build`) before the browser tests.",
            pytrace=False,
        )
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium).", pytrace=False
        )
    return WWW


# Rows the data migrations seed that the browser tests rely on (role groups with their permissions, message
# templates, news categories, report kinds, sync sources). A browser test runs in a transaction it commits, and at its
# end pytest-django flushes every table, these rows with them; the next browser test would meet a database no
# install ever has. They are kept as they were after the migrations and put back before each browser test.
SEEDED_MODELS = [
    "auth.Group",
    "notifications.NotificationTemplate",
    "news.NewsCategory",
    "reports.ReportKind",
    "sync.SyncSource",
    "sync.StatusMapping",
]


@pytest.fixture(scope="session", autouse=True)
def migrated_rows(django_db_setup, django_db_blocker) -> str:  # type: ignore[no-untyped-def]
    """The seeded rows, read once before the first browser test (natural keys: permissions survive the flush by
    (app, model, codename), not by id)."""
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        rows = [row for label in SEEDED_MODELS for row in apps.get_model(label)._default_manager.order_by("pk")]
        return serializers.serialize("json", rows, use_natural_foreign_keys=True, use_natural_primary_keys=True)


def migrated_rows_restore(data: str) -> None:
    from django.core import serializers

    for row in serializers.deserialize("json", data, handle_forward_references=True):
        # A natural primary key found in the table gave the row its id: it is there already.
        if row.object.pk is None or not type(row.object)._default_manager.filter(pk=row.object.pk).exists():
            row.save()


@pytest.fixture
def demo_server(miniapp_www: Path, transactional_db, live_server, settings, migrated_rows: str) -> str:
    """The live backend with the demo province loaded; returns its base URL."""
    from dossiers.demo import demo_dossiers_load, demo_holidays_load
    from procedures.demo import demo_guides_load
    from units.demo import demo_units_load

    migrated_rows_restore(migrated_rows)
    settings.MINIAPP_WWW_DIR = str(miniapp_www)
    demo_units_load()
    demo_guides_load()
    demo_holidays_load()
    demo_dossiers_load()
    return live_server.url


@dataclass
class PageProblems:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    # `securitypolicyviolation` events: whatever the Content-Security-Policy refused (also in report-only mode).
    csp_violations: list[str] = field(default_factory=list)
    # Answers a test provokes on purpose (e.g. a wrong second factor → 404): the browser logs them as errors.
    expected_statuses: set[int] = field(default_factory=set)

    def expect_status(self, status: int) -> None:
        self.expected_statuses.add(status)

    def assert_clean(self) -> None:
        expected = {f"the server responded with a status of {s} " for s in self.expected_statuses}
        unexpected = [e for e in self.console_errors if not any(marker in e for marker in expected)]
        assert unexpected == [], f"console errors: {unexpected}"
        assert self.csp_violations == [], f"refused by the Content-Security-Policy: {self.csp_violations}"
        assert self.failed_requests == [], f"failed requests: {self.failed_requests}"
        assert len(self.page_errors) <= MAX_SDK_IMPORT_PAGE_ERRORS, f"page errors: {self.page_errors}"


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


# Every document the page opens reports what its Content-Security-Policy refuses to the test.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__reportCspViolation(`${e.violatedDirective} refused ${e.blockedURI || "inline"} at ${e.documentURI}`
    + (e.sample ? ` (${e.sample})` : ""));
});
"""


def watch(page, problems: PageProblems) -> None:
    """Collect console errors, page errors, failed requests and CSP violations of `page` into `problems`."""
    page.on("console", lambda msg: problems.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.page_errors.append(str(err)))
    # net::ERR_ABORTED is the browser cancelling a request itself (the page navigated on while an icon was still
    # loading); a failing server shows as a status in the console errors or as another net:: error.
    page.on(
        "requestfailed",
        lambda req: (
            None
            if req.failure == "net::ERR_ABORTED"
            else problems.failed_requests.append(f"{req.method} {req.url} {req.failure}")
        ),
    )
    page.expose_function("__reportCspViolation", lambda text: problems.csp_violations.append(text))
    page.add_init_script(_CSP_LISTENER)


@pytest.fixture
def app(page, demo_server: str, problems: PageProblems) -> Iterator:
    """The Mini App home at 390x844, with console/page errors and CSP violations collected and checked after."""
    watch(page, problems)
    page.set_viewport_size(VIEWPORTS["390x844"])
    page.set_default_timeout(10_000)
    response = page.goto(f"{demo_server}/app/")
    # The app runs under the site's policy, so a refused script or style shows up as a violation above.
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), response.headers
    yield page
    problems.assert_clean()


def screenshot(page, name: str) -> Path:
    """Save a screenshot under artifacts/screenshots/ (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Let zmp-ui's page slide finish: one route left on screen, no enter/exit classes.
    page.wait_for_function(
        "() => document.querySelectorAll('.zaui-routes-item').length === 1"
        " && !document.querySelector('.zaui-routes-item[class*=\"-active\"]')"
    )
    safe = re.sub(r"[^a-z0-9_.-]+", "-", name.lower())
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def zalo_calls(page, api: str) -> list[dict]:
    return [c for c in page.evaluate("window.__zaloCalls || []") if c["api"] == api]
