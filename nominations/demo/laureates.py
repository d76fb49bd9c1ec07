"""A sample of an earlier year's register for the demo: the kind of list staff bring.

``sample_register_xlsx()`` returns the register template filled with twelve
invented 2018 craftsmen (names, employers and ID numbers generated like the
rest of the demo's people, with valid check digits) and one row with a wrong
check digit, so the import report shows a refusal. The showcase's demo step
imports it with ``nominations.services.laureates.import_register``.

So that the repeat-nominee flag shows in the demo, two rows name people of the
running campaign (docs/decisions.md, "The demo's repeat nominees"): one carries
the ID number of a nomination stopped at the first check (a certain match), one
has no ID number and the name and employer of a nomination sent back for
correction (or a draft; a possible match). Neither is on the final list the
demo has decided by then, so the flag never sits on a named craftsman; and
every number involved is the demo's own invention, never a real person's.
Without such nominations (a database without the demo) the sample holds only
the invented people.
"""

import random
from datetime import date

from longjiang.accounts.models import Unit
from nominations import codes
from nominations.demo.people import TRADES, fictional_id_number, fictional_name
from nominations.exports.register import register_workbook
from nominations.models import Nomination
from nominations.selectors import current_campaign
from nominations.workflow import Status

SAMPLE_YEAR = 2018
SAMPLE_SIZE = 12
# The unit whose clerk the demo's walkthrough logs in as (clerk_230100).
DEMO_UNIT = "230100"
PLACES = ("哈尔滨", "齐齐哈尔", "牡丹江", "佳木斯", "大庆", "鸡西")
BRANDS = ("龙江", "北国", "黑土", "雪原", "松花", "兴凯")


def _invented_rows(rng: random.Random, units: list[Unit]) -> list[list]:
    rows = []
    for index in range(SAMPLE_SIZE):
        name, sex = fictional_name(rng, rare=index % 5 == 4)
        trade = rng.choice(TRADES)
        place = PLACES[index % len(PLACES)]
        employer = f"{place}{rng.choice(BRANDS)}{trade.employer_suffix}"
        unit = units[index % len(units)] if units else None
        birth = date(rng.randint(1965, 1985), rng.randint(1, 12), rng.randint(1, 28))
        # Two thirds of the rows carry a number, as in the lists staff keep.
        id_number = (
            fictional_id_number(rng, "2301" + rng.choice(("02", "03", "04")), birth, sex)
            if index % 3
            else ""
        )
        deeds = (
            f"{name}同志扎根{trade.post}岗位，潜心钻研{trade.occupation}技艺，"
            f"带领班组攻克多项生产难题，培养徒弟十余名。"
        )
        rows.append(
            [
                SAMPLE_YEAR,
                name,
                employer,
                unit.name if unit else "",
                str(codes.Industry(trade.industry).label),
                f"{trade.occupation}（{trade.post}）",
                deeds,
                id_number,
            ]
        )
    return rows


def _repeat_rows() -> list[list]:
    """Return the rows naming people of the running campaign, if the demo made them."""
    campaign = current_campaign()
    if campaign is None:
        return []
    nominations = Nomination.objects.filter(campaign=campaign).select_related("unit")
    preferred = {"unit__code": DEMO_UNIT}
    rows = []
    stopped = (
        nominations.filter(status=Status.IN_CHECK, **preferred).order_by("pk").first()
        or nominations.filter(status=Status.IN_CHECK).order_by("pk").first()
    )
    if stopped is not None and stopped.id_number:
        rows.append(_row_of(stopped, with_id=True))
    unfinished = nominations.filter(status__in=(Status.RETURNED, Status.DRAFT)).exclude(
        employer_name=""
    )
    returned = (
        unfinished.filter(**preferred).order_by("-status", "pk").first()
        or unfinished.order_by("-status", "pk").first()
    )
    if returned is not None and returned.name:
        rows.append(_row_of(returned, with_id=False))
    return rows


def _row_of(nomination: Nomination, *, with_id: bool) -> list:
    return [
        SAMPLE_YEAR,
        nomination.name,
        nomination.employer_name,
        nomination.unit.name,
        nomination.get_industry_display() if nomination.industry else "",
        nomination.occupation,
        "",
        nomination.id_number if with_id else "",
    ]


def sample_register_xlsx() -> bytes:
    """Return the sample 2018 register workbook (see the module's docstring)."""
    # Reproducible invented people, never secrets.
    rng = random.Random(SAMPLE_YEAR)  # noqa: S311
    units = list(Unit.objects.exclude(kind=Unit.Kind.PROVINCE).order_by("sort_order", "code"))
    rows = _invented_rows(rng, units)
    rows.extend(_repeat_rows())
    # A typing slip the import report refuses: the last digit of a valid number changed.
    name, sex = fictional_name(rng, rare=False)
    number = fictional_id_number(rng, "230103", date(1978, 3, 9), sex)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    rows.append([SAMPLE_YEAR, name, "哈尔滨龙江数控机床有限公司", "", "", "数控车工", "", wrong])
    return register_workbook(rows)
