"""Every page passes axe-core (WCAG 2.1 A and AA) for every role, on a desktop and a phone.

The demo is seeded to the council stage, so every screen has content. Each role
signs in and walks every page it can reach by links from its landing page, once
per URL shape (``/nominations/7/`` and ``/nominations/8/`` are one shape), at
1366 px and at 390 px with the phone menu open; on the landing page each
dropdown of the navbar is opened too. A serious or critical violation fails the
test, and so does any message the browser logs as an error (the
Content-Security-Policy refusing something, a missing file).
"""

import io
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from django.conf import settings
from django.core.management import call_command

AXE = Path(settings.BASE_DIR, "static/vendor/axe-core/axe.min.js").read_text(encoding="utf-8")
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}"""
WIDTHS = (1366, 390)
DEMO_PASSWORD = "Longjiang-2021"
ROLES = {"staff": "staff", "clerk": "clerk_230100", "expert": "expert01", "council": "council"}
# Addresses that are not pages: downloads, files, actions that change state on GET-less forms.
NOT_PAGES = re.compile(
    r"/(accounts/logout|admin|i18n)/|download|/attachments/\d+/$|/files/\d+/$|/reveal|/template/"
)
SHAPE = re.compile(r"\d+")


def _violations(page) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    return page.evaluate(RUN_AXE)


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map((e) => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        url = urlparse(urljoin(page.url, href))
        if url.netloc == urlparse(base).netloc and not NOT_PAGES.search(url.path):
            paths.append(url.path)
    return paths


def _check_page(page, base: str, path: str, found: list[str]) -> list[str]:
    """Check one page at both widths; return the links it shows."""
    links: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(base + path)
        if response is None or response.status != 200:
            return []
        if width == WIDTHS[0]:
            links = _links(page, base)
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible():
            toggler.click()
            page.locator("#main-nav.show").wait_for()
        found += [f"{path} @{width}px: {v}" for v in _violations(page)]
    return links


def _check_dropdowns(page, found: list[str]) -> None:
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    toggles = page.locator(".navbar .dropdown-toggle")
    for index in range(toggles.count()):
        toggles.nth(index).click()
        found += [f"{page.url} menu {index}: {v}" for v in _violations(page)]
        page.keyboard.press("Escape")


def _walk(page, base: str, start: str, found: list[str]) -> int:
    """Visit every page shape reachable from ``start``; return how many were checked."""
    shapes: set[str] = set()
    queue = [start]
    while queue:
        path = queue.pop(0)
        shape = SHAPE.sub("#", path)
        if shape in shapes:
            continue
        shapes.add(shape)
        queue += _check_page(page, base, path, found)
    return len(shapes)


@pytest.mark.e2e
def test_every_page_passes_axe_for_every_role_on_desktop_and_phone(
    browser_page, live_server, settings, default_units
):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stage="council", stdout=io.StringIO())
    settings.DEBUG = False
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    found: list[str] = []

    checked = {"public": _walk(page, live_server.url, "/", found)}
    for role, username in ROLES.items():
        page.context.clear_cookies()
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        landing = urlparse(page.url).path
        _check_dropdowns(page, found)
        checked[role] = _walk(page, live_server.url, landing, found)

    assert found == []
    assert errors == []
    # Every role reached its screens (the walk did not stop at a login page).
    assert all(count >= 2 for count in checked.values()), checked
    assert checked["staff"] >= 20, checked
