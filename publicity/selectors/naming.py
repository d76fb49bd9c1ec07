"""Reads of the naming notice (命名通报): the final list by unit, the published notices.

What the notice lists of a person is what the publicity list showed: the name
and the employer as the final list version holds them, and 职务/岗位/工种 only
where the nominee consented to its publication (``publicity.selectors.notices.role_of``).
Never an ID number, phone, birth date, address or photo: an entry has no other key.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from longjiang.accounts.models import Unit
from longjiang.collation import sorted_by_surname_strokes
from nominations.models import Campaign
from publicity.models import NamingNotice
from publicity.selectors.notices import role_of
from publicity.selectors.results import final_list


def final_list_by_unit(campaign: Campaign) -> list[dict]:
    """The final list grouped by recommending unit, as ``NamingNotice.entries`` stores it.

    ``[{"unit": name, "people": [{"name", "employer_name", "post"}, ...]}, ...]``:
    units in the portal's unit order (``Unit.sort_order``, then code; a unit no
    longer known goes last, by code), people within a unit by 姓氏笔画, as the
    publicity list orders them. Empty until the publicity result is recorded.
    """
    entries = list(final_list(campaign).select_related("nomination"))
    groups: dict[str, dict] = {}
    for entry in entries:
        group = groups.setdefault(entry.unit_code, {"unit": entry.unit_name, "people": []})
        group["people"].append(
            {
                "name": entry.name,
                "employer_name": entry.employer_name,
                "post": role_of(entry.nomination),
            }
        )
    order = {
        unit.code: (0, unit.sort_order, unit.code)
        for unit in Unit.objects.filter(code__in=list(groups)).only("code", "sort_order")
    }
    result = []
    for code in sorted(groups, key=lambda code: order.get(code, (1, 0, code))):
        group = groups[code]
        group["people"] = sorted_by_surname_strokes(group["people"], key=lambda p: p["name"])
        result.append(group)
    return result


def people_count(entries: list[dict]) -> int:
    return sum(len(group["people"]) for group in entries)


def first_name(entries: list[dict]) -> str:
    """The name the notice's text leads with (于金宝等100名同志): the list's first."""
    for group in entries:
        for person in group["people"]:
            return person["name"]
    return ""


@dataclass(frozen=True)
class NamedPerson:
    """One person as the notice lists them; nothing else about anyone."""

    number: int
    name: str
    employer_name: str
    post: str


@dataclass(frozen=True)
class UnitGroup:
    unit: str
    people: list[NamedPerson]


def numbered(entries: list[dict]) -> list[UnitGroup]:
    """The entries as pages show them: numbered through the whole list, by unit."""
    groups, number = [], 0
    for group in entries:
        people = []
        for person in group["people"]:
            number += 1
            people.append(
                NamedPerson(number, person["name"], person["employer_name"], person["post"])
            )
        groups.append(UnitGroup(group["unit"], people))
    return groups


def published_naming_notices() -> QuerySet[NamingNotice]:
    """Every published naming notice, newest year first (the public index)."""
    return (
        NamingNotice.objects.filter(status=NamingNotice.Status.PUBLISHED)
        .select_related("campaign")
        .order_by("-campaign__year")
    )


def published_naming_notice(year: int) -> NamingNotice | None:
    """The published naming notice of ``year``; None while it is a draft or missing."""
    return published_naming_notices().filter(campaign__year=year).first()


def naming_notice_of(campaign: Campaign) -> NamingNotice | None:
    """The campaign's naming notice, draft or published (the staff's page)."""
    return (
        NamingNotice.objects.filter(campaign=campaign)
        .select_related("campaign", "published_by")
        .first()
    )
