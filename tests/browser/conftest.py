"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live_server.

Locally they are skipped with a message when /usr/bin/chromium is missing; in CI (CI=true) a
missing Chromium fails the run instead. On failure a screenshot at desktop and at phone width
is saved under test-artifacts/ for CI to keep.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


def pytest_collection_modifyitems(config, items):
    browser_dir = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(browser_dir):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install it with 'apt-get install chromium' to run the browser tests."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
    # between browser steps are still synchronous and safe. Only while the browser is open.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def clock():
    """No travelling here: Chromium keeps the real time, so the live server must too."""
    return None


@pytest.fixture
def demo_data(transactional_db, settings):
    """The demo data set, as colleagues see it every day."""
    settings.DEBUG = True
    call_command("seed_demo", seed=2026)
    settings.DEBUG = False


@pytest.fixture
def page(request, chromium, live_server):
    context = chromium.new_context(viewport=DESKTOP, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    context.close()


def log_in(page, username, password="demo"):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


@pytest.fixture
def as_nienke(page, demo_data):
    log_in(page, "nienke")
    return page
