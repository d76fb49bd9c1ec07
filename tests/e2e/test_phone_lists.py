"""The lists clerks and experts use read on a 390 px phone: each row a card, each cell a
full line after its column's name, nothing wider than the screen."""

import io

import pytest
from django.core.management import call_command

DEMO_PASSWORD = "Longjiang-2021"
PAGES = {
    "clerk_230100": ["/nominations/", "/nominations/paper/mine/"],
    "expert04": ["/review/"],
}
CELLS = """() => Array.from(document.querySelectorAll("table.table-stack td"))
  .filter((td) => td.offsetParent !== null && td.textContent.trim() !== "")
  .map((td) => [td.dataset.label || "", Math.round(td.getBoundingClientRect().width),
                getComputedStyle(td, "::before").content])"""


@pytest.mark.e2e
def test_lists_stack_into_cards_on_a_phone(browser_page, live_server, settings, default_units):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stage="review", stdout=io.StringIO())
    settings.DEBUG = False
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 900})
    checked = {}
    for username, paths in PAGES.items():
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        for path in paths:
            page.goto(live_server.url + path)
            cells = page.evaluate(CELLS)
            checked[path] = len(cells)
            # The page never scrolls sideways, and each cell takes the card's width.
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, path
            narrow = [(label, width) for label, width, _before in cells if width < 300]
            assert narrow == [], path
            # Every labelled cell shows its column's name before the value.
            unnamed = [label for label, _width, before in cells if label and before != f'"{label}"']
            assert unnamed == [], path
    assert all(count >= 8 for count in checked.values()), checked
