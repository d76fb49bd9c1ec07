"""The clerk's list a page at a time: 50 rows a page, moves across a page boundary."""

import re

import pytest
from django.urls import reverse

from nominations.models import Nomination

pytestmark = pytest.mark.django_db

LIST = reverse("nominations:list")
# 51 names in ranking order: 50 fill page 1, the last is alone on page 2.
NAMES = [s + g for s in "赵钱孙李周吴郑王" for g in "一二三四五六七"][:51]


@pytest.fixture
def unit_rows(make_nomination) -> list[Nomination]:
    return [make_nomination(complete=False, name=name) for name in NAMES]


def row_names(html: str) -> list[str]:
    return re.findall(r'<td class="stack-title"[^>]*><a href="[^"]*">(.*?)</a></td>', html)


def move_buttons(html: str, nomination: Nomination) -> dict[str, bool]:
    """Return whether the row's 上移 and 下移 buttons are enabled."""
    row = re.search(rf'<tr id="row-{nomination.pk}">(.*?)</tr>', html, re.S).group(1)
    return {
        direction: "disabled" not in re.search(rf'value="{direction}"[^>]*>', row).group(0)
        for direction in ("up", "down")
    }


def test_the_list_shows_fifty_rows_a_page(clerk_client, unit_rows):
    first = clerk_client.get(LIST).content.decode()
    second = clerk_client.get(LIST, {"page": 2}).content.decode()

    assert row_names(first) == NAMES[:50]
    assert row_names(second) == NAMES[50:]
    assert '<nav aria-label="本单位推荐人选分页"' in first
    assert "第1页 共2页" in first
    assert 'href="?page=2">下一页</a>' in first
    assert "第2页 共2页" in second
    assert 'href="?page=1">上一页</a>' in second


@pytest.mark.parametrize("page", ["99", "0", "abc", "-1"])
def test_a_page_out_of_range_shows_a_real_page(clerk_client, unit_rows, page):
    html = clerk_client.get(LIST, {"page": page}).content.decode()

    # get_page: a number out of range shows the last page; anything else, the first.
    expected = NAMES[:50] if page == "abc" else NAMES[50:]
    assert row_names(html) == expected


def test_only_the_whole_lists_first_and_last_rows_cannot_move(clerk_client, unit_rows):
    first = clerk_client.get(LIST).content.decode()
    second = clerk_client.get(LIST, {"page": 2}).content.decode()

    assert move_buttons(first, unit_rows[0]) == {"up": False, "down": True}
    # The last row of page 1 moves down onto page 2.
    assert move_buttons(first, unit_rows[49]) == {"up": True, "down": True}
    # The only row of page 2 moves up onto page 1, but is the list's last.
    assert move_buttons(second, unit_rows[50]) == {"up": True, "down": False}


def test_a_move_across_the_page_boundary_follows_the_row(clerk_client, unit_rows):
    fiftieth, fifty_first = unit_rows[49], unit_rows[50]

    down = clerk_client.post(
        reverse("nominations:move", kwargs={"pk": fiftieth.pk}), {"direction": "down"}
    )

    assert down["Location"] == f"{LIST}?page=2#row-{fiftieth.pk}"
    fiftieth.refresh_from_db()
    fifty_first.refresh_from_db()
    assert (fiftieth.unit_rank, fifty_first.unit_rank) == (51, 50)
    assert row_names(clerk_client.get(LIST, {"page": 2}).content.decode()) == [NAMES[49]]

    up = clerk_client.post(
        reverse("nominations:move", kwargs={"pk": fiftieth.pk}), {"direction": "up"}
    )

    assert up["Location"] == f"{LIST}#row-{fiftieth.pk}"
    fiftieth.refresh_from_db()
    assert fiftieth.unit_rank == 50
    assert row_names(clerk_client.get(LIST).content.decode())[-1] == NAMES[49]
