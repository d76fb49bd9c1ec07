"""Reads of the paper copies and the units' activity reports, scoped to the user."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from longjiang.accounts import roles
from longjiang.accounts.models import Unit, User
from nominations.models import Campaign, Nomination, PaperReceipt, UnitReport
from nominations.paper_rules import (
    PROBLEM_STATUSES,
    PaperStatus,
    paper_is_late,
    paper_status,
)
from nominations.selectors import LIST_DEFERRED, nominations_visible_to, with_progress
from nominations.workflow import RECEIVED_STATES


@dataclass(frozen=True)
class PaperRow:
    """A nomination that reached the province, with its paper copy."""

    nomination: Nomination
    receipt: PaperReceipt | None
    status: PaperStatus
    late: bool

    @property
    def is_problem(self) -> bool:
        return self.status in PROBLEM_STATUSES


@dataclass
class UnitPaper:
    """One unit's paper copies: the counts over all its rows, and the rows shown."""

    unit: Unit
    received: int = 0
    missing: int = 0
    late: int = 0
    incomplete: int = 0
    rows: list[PaperRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.received + self.missing


def units_visible_to(user: User) -> list[Unit]:
    """Return the recommending units whose paper copies and reports the user may see."""
    if not user.is_authenticated:
        return []
    units = Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.PROVINCE)
    if roles.is_provincial(user):
        return list(units)
    if roles.is_clerk(user):
        return list(units.filter(pk=user.unit_id))
    return []


def paper_rows(user: User, campaign: Campaign) -> QuerySet[Nomination]:
    """Return the nominations that reached the province, with their receipts, in one query."""
    return with_progress(
        nominations_visible_to(user)
        .filter(campaign=campaign, status__in=RECEIVED_STATES)
        .select_related("paper_receipt")
        .defer(*LIST_DEFERRED)
    ).order_by("unit_id", "unit_rank", "id")


def paper_by_unit(
    user: User,
    campaign: Campaign,
    *,
    units: list[Unit] | None = None,
    problems_only: bool = False,
) -> list[UnitPaper]:
    """Return each visible unit's paper copies, in the units' order.

    ``problems_only`` keeps only the rows that are missing, late or incomplete; the
    counts still cover every row. Pass ``units`` when the caller has already loaded
    ``units_visible_to(user)``, to save the query.
    """
    units = units_visible_to(user) if units is None else units
    groups = {u.pk: UnitPaper(unit=u) for u in units}
    for nomination in paper_rows(user, campaign):
        group = groups.get(nomination.unit_id)
        if group is None:
            continue
        receipt = getattr(nomination, "paper_receipt", None)
        status = paper_status(receipt, campaign)
        late = receipt is not None and paper_is_late(receipt, campaign)
        row = PaperRow(nomination=nomination, receipt=receipt, status=status, late=late)
        if receipt is None:
            group.missing += 1
        else:
            group.received += 1
        group.late += late
        group.incomplete += status == PaperStatus.INCOMPLETE
        if row.is_problem or not problems_only:
            group.rows.append(row)
    return list(groups.values())


def paper_receipt_of(nomination: Nomination) -> PaperReceipt | None:
    """Return the nomination's logged paper copy, with who recorded it."""
    return PaperReceipt.objects.filter(nomination=nomination).select_related("recorded_by").first()


def unit_reports_visible_to(user: User) -> QuerySet[UnitReport]:
    """Return the reports the user may see: every unit's for staff, the own unit's for clerks."""
    return roles.unit_scoped(UnitReport.objects.all(), user)


def unit_report_of(user: User, campaign: Campaign, unit: Unit) -> UnitReport | None:
    """Return the unit's report of the campaign, if the user may see it."""
    return (
        unit_reports_visible_to(user)
        .filter(campaign=campaign, unit=unit)
        .select_related("uploaded_by")
        .first()
    )


def unit_report_status(user: User, campaign: Campaign) -> list[tuple[Unit, UnitReport | None]]:
    """Return every visible recommending unit with its report of the campaign, or None."""
    reports = {
        report.unit_id: report
        for report in unit_reports_visible_to(user)
        .filter(campaign=campaign)
        .select_related("uploaded_by")
    }
    return [(unit, reports.get(unit.pk)) for unit in units_visible_to(user)]
