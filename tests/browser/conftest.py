"""A real Chromium, driven by Playwright, against the demo stories on a live server."""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

# Playwright's sync API runs an event loop in the test thread, which Django would otherwise
# take for async code and refuse database access to.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-results" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Launch the system's Chromium once for the whole session."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path or not Path(path).exists():
        pytest.skip("Chromium is not installed here (CI installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def migrated_data(django_db_setup, django_db_blocker):
    """Return what the migrations put in the database: countries, topics, the actor registry."""
    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture
def site(browser, live_server, transactional_db, migrated_data):
    """Return the live server's address, with the demo stories loaded."""
    # Each of these tests ends by emptying every table, so each starts by putting back what the
    # migrations created. Django's serialized rollback cannot do it here: once Playwright runs
    # its event loop, this thread gets another database connection object than the one the
    # contents were saved on.
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(migrated_data)
    call_command("load_demo", stdout=StringIO())
    # Emptying the database sends no signal: pages cached by an earlier test would outlive
    # the stories they show.
    cache.clear()
    return live_server.url


@pytest.fixture
def open_page(browser, site):
    """Return a function that opens a page in a fresh browser context."""
    contexts = []

    def open_page(path: str | None = "/", *, viewport=DESKTOP, locale="fr-FR", **options):
        context = browser.new_context(viewport=viewport, locale=locale, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if path is not None:
            page.goto(site + path)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe_script():
    """Return axe-core's script; fail under CI when it is missing, skip elsewhere."""
    if not AXE_SCRIPT.exists():
        message = "node_modules/axe-core is missing: run `npm ci` first"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT


def screenshot(page, name: str) -> None:
    """Save the whole page for people to look at, at the width it is open at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = "phone" if page.viewport_size["width"] < 600 else "desktop"
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
