"""Fixtures for the browser journeys: the system Chromium driven through Playwright.

The browser is launched from ``PLAYWRIGHT_CHROMIUM_EXECUTABLE`` (default
``/usr/bin/chromium``); Playwright's downloaded browsers are never used, and the
fixtures of the pytest-playwright plugin, when it is installed, are not either.
Without that executable the tests are skipped, unless ``REQUIRE_SERVICES=1`` (as
in CI) turns the skip into a failure.
"""

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's timeout for each action and assertion, in milliseconds.
ACTION_TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> None:
    """Skip the test, or fail it when the environment promises every service."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Return the path of the system Chromium."""
    configured = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
    path = shutil.which(configured)
    if path is None:
        _unavailable(
            f"Chromium not found at {configured!r}; install Debian's chromium or set "
            "PLAYWRIGHT_CHROMIUM_EXECUTABLE"
        )
    return path


@pytest.fixture
def allow_sync_orm_under_playwright(monkeypatch) -> None:
    """Let the test's own ORM calls run while Playwright's event loop is alive.

    Playwright's sync API keeps an asyncio loop running in this thread, which
    Django's async-safety check takes for async code. The test drives the
    browser and the database strictly one after the other, so the check is
    lifted for browser tests only.
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_page(
    request,
    chromium_executable,
    live_server,
    transactional_db,
    allow_sync_orm_under_playwright,
) -> Iterator:
    """Yield a fresh Chromium page; save a screenshot in test-results/ if the test fails.

    It depends on the live server and the database so that both outlive the
    browser: fixtures are torn down in reverse order.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium_executable, args=CHROMIUM_ARGS
            )
        except PlaywrightError as exc:
            _unavailable(f"Chromium at {chromium_executable!r} did not start: {exc}")
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        page = context.new_page()
        try:
            yield page
        finally:
            report = getattr(request.node, "report_call", None)
            if report is not None and report.failed:
                out = Path(request.config.rootpath) / "test-results"
                out.mkdir(exist_ok=True)
                # A crashed page must not hide the test's own failure.
                with contextlib.suppress(PlaywrightError):
                    page.screenshot(path=out / f"{request.node.name}.png", full_page=True)
            context.close()
            browser.close()
            # The test's own queries ran under Playwright's event loop, which gives
            # them a connection of their own; close it, or it outlives the test
            # database.
            connections.close_all()
