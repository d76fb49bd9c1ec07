"""Reads of the register of named 龙江工匠: the staff list and the repeat-nominee flag.

A nomination matches a register row of an earlier year in two ways. The same ID
number (by blind index) is certain. Where the register row has no ID number
(earlier lists often had none), the same name at the same employer is only a
possible match, for a person to confirm. A nomination never matches the row the
portal made from itself, nor a row of its own campaign's year or later.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_provincial
from nominations.models import Craftsman, Nomination

# The columns a list shows: the encrypted number is never read for a list.
REGISTER_LIST_FIELDS = (
    "year",
    "name",
    "name_order",
    "employer_name",
    "unit__name",
    "industry",
    "post",
    "id_number_masked",
    "source",
    "nomination_id",
)


@dataclass(frozen=True)
class RepeatMatch:
    """A register row the nomination matches: ``certain`` by ID number, else by name+employer."""

    craftsman: Craftsman
    certain: bool

    @property
    def year(self) -> int:
        return self.craftsman.year

    @property
    def message(self) -> str:
        """Say what was found, as the unit and staff read it."""
        if self.certain:
            return _("该人员已于%(year)d年获评“龙江工匠”。") % {"year": self.year}
        return _(
            "往届龙江工匠名录中有%(year)d年获评的同名人员，工作单位相同（名录未登记公民身份号码），"
            "请核实是否为同一人。"
        ) % {"year": self.year}


def register_visible_to(user: User) -> QuerySet[Craftsman]:
    """Return the register rows the user may see: provincial staff see all, others none."""
    if not is_provincial(user):
        return Craftsman.objects.none()
    return Craftsman.objects.all()


def register_list(user: User, *, year: int | None = None, search: str = "") -> QuerySet[Craftsman]:
    """Return the register as staff list it, newest year first, then by 姓氏笔画."""
    qs = register_visible_to(user).select_related("unit").only(*REGISTER_LIST_FIELDS)
    if year is not None:
        qs = qs.filter(year=year)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(employer_name__icontains=search)
            | Q(unit__name__icontains=search)
        )
    return qs.order_by("-year", "name_order", "pk")


def register_years() -> list[int]:
    """Return the years the register holds, newest first."""
    return list(Craftsman.objects.order_by("-year").values_list("year", flat=True).distinct())


def _earlier_rows(campaign_year: int, nomination_pk) -> QuerySet[Craftsman]:
    qs = Craftsman.objects.filter(year__lt=campaign_year)
    if nomination_pk is not None:
        qs = qs.exclude(nomination_id=nomination_pk)
    return qs


def repeat_matches(nomination: Nomination) -> list[RepeatMatch]:
    """Return the register rows of earlier years naming the nominee: certain ones first."""
    by_id = Q(id_number_index=nomination.id_number_index) if nomination.id_number_index else None
    by_name = (
        Q(
            id_number_index__isnull=True,
            name=nomination.name.strip(),
            employer_name=nomination.employer_name.strip(),
        )
        if nomination.name.strip() and nomination.employer_name.strip()
        else None
    )
    if by_id is None and by_name is None:
        return []
    condition = (by_id or Q(pk__in=[])) | (by_name or Q(pk__in=[]))
    rows = (
        _earlier_rows(nomination.campaign.year, nomination.pk)
        .filter(condition)
        .only("year", "name", "employer_name", "id_number_index")
        .order_by("year", "pk")
    )
    matches = [
        RepeatMatch(
            craftsman=row,
            certain=row.id_number_index is not None
            and row.id_number_index == nomination.id_number_index,
        )
        for row in rows
    ]
    return sorted(matches, key=lambda match: (not match.certain, match.year))


def with_repeat_flags(qs: QuerySet[Nomination], campaign_year: int) -> QuerySet[Nomination]:
    """Annotate ``repeat_certain`` and ``repeat_possible`` in the list's own query."""
    earlier = Craftsman.objects.filter(year__lt=campaign_year).exclude(nomination_id=OuterRef("pk"))
    return qs.annotate(
        repeat_certain=Exists(earlier.filter(id_number_index=OuterRef("id_number_index"))),
        repeat_possible=Exists(
            earlier.filter(
                id_number_index__isnull=True,
                name=OuterRef("name"),
                employer_name=OuterRef("employer_name"),
            )
        ),
    )
