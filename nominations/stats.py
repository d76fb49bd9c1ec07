"""Counts for the staff dashboard: the campaign's received nominations, broken down.

"Received" means the states of ``workflow.RECEIVED_STATES`` (submitted and later);
drafts are counted only in their own column of the unit table, cancelled ones never.
Every function runs a fixed number of queries whatever the number of nominations:
the counting happens in SQL (GROUP BY or conditional aggregates), except the
criteria on a database without JSON containment, where one query fetches that
column alone.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit, User
from nominations import codes
from nominations.models import Campaign, Nomination
from nominations.selectors import nominations_visible_to
from nominations.workflow import RECEIVED_STATES, Status

# The columns of the unit table, in the lifecycle's order.
RECEIVED_COLUMNS: list[Status] = [status for status in Status if status in RECEIVED_STATES]

# The key of the category that collects empty (or unknown) values.
UNKNOWN_KEY = ""
UNKNOWN_LABEL = _("未填写")

# (key, label, lowest age, highest age), ages in completed years on the deadline date.
AGE_BANDS: tuple[tuple[str, Promise, int | None, int | None], ...] = (
    ("under_30", _("30岁以下"), None, 29),
    ("30_39", _("30至39岁"), 30, 39),
    ("40_49", _("40至49岁"), 40, 49),
    ("50_59", _("50至59岁"), 50, 59),
    ("60_plus", _("60岁及以上"), 60, None),
)


@dataclass(frozen=True)
class Bar:
    """One category of a distribution, ready for a bar chart and a table row."""

    key: str | int
    label: str | Promise
    value: int
    # The bar's length: the value as a percentage of the largest value shown.
    percent: float
    # The value as a percentage of the nominations counted.
    share: float

    @property
    def unknown(self) -> bool:
        return self.key == UNKNOWN_KEY


@dataclass(frozen=True)
class Distribution:
    bars: list[Bar]
    # The number of nominations counted (for criteria, not the sum of the bars).
    total: int


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    # One count per status of RECEIVED_COLUMNS.
    cells: list[int]
    total: int
    drafts: int


@dataclass(frozen=True)
class UnitStatusTable:
    statuses: list[Status]
    rows: list[UnitRow]
    column_totals: list[int]
    total: int
    drafts: int


@dataclass(frozen=True)
class Dashboard:
    campaign: Campaign
    # The date on which ages are counted: the day of the electronic deadline.
    age_on: date
    units: UnitStatusTable
    unit_totals: Distribution
    industry: Distribution
    criterion: Distribution
    sex: Distribution
    age: Distribution
    skill_level: Distribution

    @property
    def received(self) -> int:
        return self.units.total


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def make_bars(items: Iterable[tuple[str | int, str | Promise, int]], *, total: int) -> list[Bar]:
    """Return a bar per ``(key, label, value)``, each sized against the largest value."""
    items = list(items)
    largest = max((value for _key, _label, value in items), default=0)
    return [
        Bar(key, label, value, percent=_percent(value, largest), share=_percent(value, total))
        for key, label, value in items
    ]


def _choice_distribution(counts: dict, choices: list[tuple]) -> Distribution:
    """Return a bar per choice, in the choices' order, zeros included.

    Empty values, and values no longer among the choices, are gathered in one
    "未填写" bar that is shown only when it is not empty.
    """
    total = sum(counts.values())
    known = {value for value, _label in choices}
    items = [(value, label, counts.get(value, 0)) for value, label in choices]
    unknown = sum(n for value, n in counts.items() if value not in known)
    if unknown:
        items.append((UNKNOWN_KEY, UNKNOWN_LABEL, unknown))
    return Distribution(make_bars(items, total=total), total)


def received_nominations(user: User, campaign: Campaign) -> QuerySet[Nomination]:
    """Return the campaign's nominations that have reached the province, as the user sees them."""
    return nominations_visible_to(user).filter(
        campaign=campaign, status__in=sorted(RECEIVED_STATES)
    )


def unit_status_table(user: User, campaign: Campaign) -> UnitStatusTable:
    """Count the received nominations by unit and status, and each unit's drafts.

    Rows are the active recommending units in their sort order, plus any other
    unit that has nominations, so the totals always add up.
    """
    counts = {
        (row["unit_id"], row["status"]): row["n"]
        for row in nominations_visible_to(user)
        .filter(campaign=campaign, status__in=sorted({*RECEIVED_STATES, Status.DRAFT}))
        .values("unit_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    counted_units = {unit_id for unit_id, _status in counts}
    units = Unit.objects.filter(
        (Q(is_active=True) & ~Q(kind=Unit.Kind.PROVINCE)) | Q(pk__in=counted_units)
    ).order_by("sort_order", "code")
    rows = []
    for unit in units:
        cells = [counts.get((unit.pk, status), 0) for status in RECEIVED_COLUMNS]
        drafts = counts.get((unit.pk, Status.DRAFT), 0)
        rows.append(UnitRow(unit=unit, cells=cells, total=sum(cells), drafts=drafts))
    column_totals = [sum(row.cells[i] for row in rows) for i in range(len(RECEIVED_COLUMNS))]
    return UnitStatusTable(
        statuses=RECEIVED_COLUMNS,
        rows=rows,
        column_totals=column_totals,
        total=sum(column_totals),
        drafts=sum(row.drafts for row in rows),
    )


def _grouped(received: QuerySet[Nomination], field: str) -> dict:
    return {
        row[field]: row["n"] for row in received.values(field).annotate(n=Count("pk")).order_by()
    }


def by_industry(received: QuerySet[Nomination]) -> Distribution:
    """Count by industry section (GB/T 4754), in the standard's order."""
    return _choice_distribution(_grouped(received, "industry"), codes.Industry.choices)


def by_sex(received: QuerySet[Nomination]) -> Distribution:
    return _choice_distribution(_grouped(received, "sex"), codes.Sex.choices)


def by_skill_level(received: QuerySet[Nomination]) -> Distribution:
    """Count by vocational skill level, from no level up to 首席技师."""
    return _choice_distribution(_grouped(received, "skill_level"), codes.SkillLevel.choices)


def by_criterion(received: QuerySet[Nomination]) -> Distribution:
    """Count how many nominations claim each of the notice's criteria.

    A nomination may claim several, so the bars add up to more than the total.
    """
    known = codes.Criterion.values
    if connections[received.db].features.supports_json_field_contains:
        aggregates = received.aggregate(
            total=Count("pk"),
            **{f"claims_{c}": Count("pk", filter=Q(criteria__contains=[c])) for c in known},
        )
        total = aggregates["total"]
        claims = {c: aggregates[f"claims_{c}"] for c in known}
    else:
        total, claims = 0, Counter()
        for claimed in received.values_list("criteria", flat=True).order_by():
            total += 1
            if isinstance(claimed, list):
                claims.update(set(claimed).intersection(known))
    items = [(value, label, claims[value]) for value, label in codes.Criterion.choices]
    return Distribution(make_bars(items, total=total), total)


def _born_by(age: int, on: date) -> date:
    """Return the latest birth date of someone at least ``age`` years old on ``on``."""
    try:
        return on.replace(year=on.year - age)
    except ValueError:  # 29 February, in a year that has none
        return on.replace(year=on.year - age, day=28)


def by_age(received: QuerySet[Nomination], *, on: date) -> Distribution:
    """Count by age band, the age being in completed years on ``on``.

    The birth month is stored as the first of the month, so that is the birthday
    counted; this agrees with ``validators.age_on``.
    """
    filters = {}
    for key, _label, lowest, highest in AGE_BANDS:
        condition = Q(birth_month__isnull=False)
        if lowest is not None:
            condition &= Q(birth_month__lte=_born_by(lowest, on))
        if highest is not None:
            condition &= Q(birth_month__gt=_born_by(highest + 1, on))
        filters[key] = Count("pk", filter=condition)
    counts = received.aggregate(total=Count("pk"), **filters)
    items = [(key, label, counts[key]) for key, label, _lowest, _highest in AGE_BANDS]
    unknown = counts["total"] - sum(value for _key, _label, value in items)
    if unknown:
        items.append((UNKNOWN_KEY, UNKNOWN_LABEL, unknown))
    return Distribution(make_bars(items, total=counts["total"]), counts["total"])


def dashboard(user: User, campaign: Campaign) -> Dashboard:
    """Return every count of the staff dashboard for the campaign (seven queries)."""
    received = received_nominations(user, campaign)
    age_on = timezone.localdate(campaign.electronic_deadline)
    units = unit_status_table(user, campaign)
    unit_totals = make_bars(
        ((row.unit.code, row.unit.name, row.total) for row in units.rows), total=units.total
    )
    return Dashboard(
        campaign=campaign,
        age_on=age_on,
        units=units,
        unit_totals=Distribution(unit_totals, units.total),
        industry=by_industry(received),
        criterion=by_criterion(received),
        sex=by_sex(received),
        age=by_age(received, on=age_on),
        skill_level=by_skill_level(received),
    )
