"""Reads of the showcase of past craftsmen: the public's (published profiles only) and
the staff's (the whole register with each person's profile state)."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from longjiang.accounts.models import Unit
from nominations import codes
from nominations.models import Craftsman
from publicity.models import ShowcaseProfile

PUBLIC_ORDER = ("-craftsman__year", "craftsman__name_order", "craftsman__pk")


def _public() -> QuerySet[ShowcaseProfile]:
    """Published profiles, less any whose holder's certificate was revoked.

    Revoking a certificate unpublishes the profile too (certificates_revoke); this
    also keeps a profile off the public pages if it was published again later.
    """
    return ShowcaseProfile.objects.filter(published=True).exclude(
        craftsman__nomination__certificates__revoked_at__isnull=False
    )


def published_profiles() -> QuerySet[ShowcaseProfile]:
    """Every published profile with its craftsman and union, newest year first, by 姓氏笔画.

    The craftsman's encrypted ID number is never shown here, so it is not loaded
    (nor decrypted).
    """
    return (
        _public()
        .select_related("craftsman", "craftsman__unit")
        .defer("craftsman__id_number")
        .order_by(*PUBLIC_ORDER)
    )


def public_profile(craftsman_pk: int) -> ShowcaseProfile:
    """The published profile of a craftsman; 404 for an unknown or unpublished one."""
    return get_object_or_404(published_profiles(), craftsman_id=craftsman_pk)


def public_photo(craftsman_pk: int) -> ShowcaseProfile:
    """The published profile whose photo may be shown (consented, stored); 404 otherwise."""
    return get_object_or_404(
        _public()
        .filter(photo_consent=True)
        .exclude(photo="")
        .select_related("craftsman")
        .defer("craftsman__id_number"),
        craftsman_id=craftsman_pk,
    )


@dataclass
class Facets:
    """What the public filters offer: only values some published profile has."""

    years: list[int] = field(default_factory=list)
    # (code, name) of city unions, then of industry unions, each in the units' order.
    city_units: list[tuple[str, str]] = field(default_factory=list)
    industry_units: list[tuple[str, str]] = field(default_factory=list)
    industries: list[tuple[str, str]] = field(default_factory=list)

    @property
    def unit_codes(self) -> set[str]:
        return {code for code, _name in self.city_units + self.industry_units}


def public_facets() -> Facets:
    """Years, unions and industries of the published profiles, in one query."""
    rows = (
        _public()
        .values_list(
            "craftsman__year",
            "craftsman__unit__code",
            "craftsman__unit__name",
            "craftsman__unit__kind",
            "craftsman__unit__sort_order",
            "craftsman__industry",
        )
        .distinct()
    )
    years, units, industries = set(), {}, set()
    for year, code, name, kind, sort_order, industry in rows:
        years.add(year)
        if code:
            units[code] = (kind, sort_order, name)
        if industry:
            industries.add(industry)
    ordered = sorted(units.items(), key=lambda item: (item[1][1], item[0]))
    return Facets(
        years=sorted(years, reverse=True),
        city_units=[(code, v[2]) for code, v in ordered if v[0] == Unit.Kind.CITY],
        industry_units=[(code, v[2]) for code, v in ordered if v[0] != Unit.Kind.CITY],
        industries=[
            (value, label) for value, label in codes.Industry.choices if value in industries
        ],
    )


def search_public(
    profiles: QuerySet[ShowcaseProfile],
    *,
    year: int | None = None,
    unit_code: str = "",
    industry: str = "",
    query: str = "",
) -> QuerySet[ShowcaseProfile]:
    """Filter published profiles; the search matches the name, and the employer only
    where the profile shows it (a hidden employer must not be found by searching)."""
    if year:
        profiles = profiles.filter(craftsman__year=year)
    if unit_code:
        profiles = profiles.filter(craftsman__unit__code=unit_code)
    if industry:
        profiles = profiles.filter(craftsman__industry=industry)
    if query:
        profiles = profiles.filter(
            Q(craftsman__name__icontains=query)
            | Q(show_employer=True, craftsman__employer_name__icontains=query)
        )
    return profiles


# The staff's list: each person of the register and the state of their profile.
STATE_NONE = "none"
STATE_DRAFT = "draft"
STATE_PUBLISHED = "published"


def register_for_showcase(
    *, year: int | None = None, unit_code: str = "", state: str = "", query: str = ""
) -> QuerySet[Craftsman]:
    """The register with each person's profile (if any), filtered for the staff's list."""
    people = (
        Craftsman.objects.select_related("unit", "profile")
        .defer("id_number")
        .order_by("-year", "name_order", "pk")
    )
    if year:
        people = people.filter(year=year)
    if unit_code:
        people = people.filter(unit__code=unit_code)
    if state == STATE_NONE:
        people = people.filter(profile__isnull=True)
    elif state == STATE_DRAFT:
        people = people.filter(profile__published=False)
    elif state == STATE_PUBLISHED:
        people = people.filter(profile__published=True)
    if query:
        people = people.filter(Q(name__icontains=query) | Q(employer_name__icontains=query))
    return people


def register_years() -> list[int]:
    return list(Craftsman.objects.order_by("-year").values_list("year", flat=True).distinct())
