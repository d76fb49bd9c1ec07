"""The first-check summary (初审情况汇总): counts per unit and the missing paper copies."""

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts import roles
from longjiang.accounts.models import Unit, User
from longjiang.documents.export import XLSX, Export, Progress, report
from nominations import documents
from nominations.exports.common import CHUNK_SIZE, visible
from nominations.models import Campaign, Nomination
from nominations.paper_rules import REQUIRED_COPIES, PaperStatus, paper_is_late, paper_status
from nominations.workflow import RECEIVED_STATES, Status

# Statuses counted in the first-check summary, in the order of its columns.
CHECK_STATUSES = (
    Status.SUBMITTED,
    Status.IN_CHECK,
    Status.RETURNED,
    Status.ELIGIBLE,
    Status.REJECTED,
    Status.DISQUALIFIED,
)


def _paper_note(nomination: Nomination, status: PaperStatus, campaign: Campaign) -> str:
    receipt = getattr(nomination, "paper_receipt", None)
    if receipt is None:
        return str(PaperStatus.MISSING.label)
    notes = []
    if receipt.copies < REQUIRED_COPIES:
        notes.append(
            _("收到%(copies)s份，应为%(required)s份")
            % {"copies": receipt.copies, "required": REQUIRED_COPIES}
        )
    if not receipt.stamped:
        notes.append(_("未加盖公章"))
    if paper_is_late(receipt, campaign):
        notes.append(_("逾期收到"))
    if receipt.note:
        notes.append(receipt.note)
    return "；".join(notes) or str(status.label)


def _check_units(user: User | None) -> list[Unit]:
    units = Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.PROVINCE)
    if user is not None and roles.is_clerk(user):
        units = units.filter(pk=user.unit_id)
    return list(units.order_by("sort_order", "code"))


def _received(campaign: Campaign, user: User | None) -> QuerySet[Nomination]:
    return (
        visible(campaign, user)
        .filter(status__in=RECEIVED_STATES)
        .select_related("paper_receipt")
        .only(
            "unit_id",
            "unit_rank",
            "name",
            "status",
            "paper_receipt__received_on",
            "paper_receipt__copies",
            "paper_receipt__stamped",
            "paper_receipt__note",
        )
        .order_by("unit__sort_order", "unit_rank", "id")
    )


def _tally(
    campaign: Campaign, nominations: Iterable[Nomination]
) -> tuple[dict[int, Counter], dict[int, list]]:
    """Count each unit's nominations by status and paper copy; list the missing copies."""
    counts: dict[int, Counter] = defaultdict(Counter)
    missing_rows: dict[int, list] = defaultdict(list)
    for nomination in nominations:
        tally = counts[nomination.unit_id]
        # Numbered as on Attachment 2: 1, 2, 3... in the unit's ranking order.
        tally["rank"] += 1
        tally[nomination.status] += 1
        receipt = getattr(nomination, "paper_receipt", None)
        status = paper_status(receipt, campaign)
        if receipt is None:
            tally["missing"] += 1
        else:
            tally["received"] += 1
            tally["late"] += paper_is_late(receipt, campaign)
        if status in (PaperStatus.MISSING, PaperStatus.INCOMPLETE):
            missing_rows[nomination.unit_id].append(
                (tally["rank"], nomination, _paper_note(nomination, status, campaign))
            )
    return counts, missing_rows


def _check_data(
    campaign: Campaign, units: list[Unit], counts: dict[int, Counter], missing_rows: dict
) -> documents.CheckSummaryData:
    return documents.CheckSummaryData(
        year=campaign.year,
        generated_on=timezone.localdate(),
        status_headers=tuple(str(s.label) for s in CHECK_STATUSES),
        units=[
            documents.UnitCheckCounts(
                unit_name=unit.name,
                counts=tuple(counts[unit.pk][s] for s in CHECK_STATUSES),
                paper_received=counts[unit.pk]["received"],
                paper_missing=counts[unit.pk]["missing"],
                paper_late=counts[unit.pk]["late"],
            )
            for unit in units
        ],
        missing_paper=[
            documents.MissingPaperRow(
                unit_name=unit.name,
                rank=rank,
                name=nomination.name,
                status=str(Status(nomination.status).label),
                note=note,
            )
            for unit in units
            for rank, nomination, note in missing_rows[unit.pk]
        ],
    )


def check_workbook(
    campaign: Campaign, *, user: User | None = None, progress: Progress = None
) -> Export:
    """Return the first-check summary: counts per unit by status and paper copy, and
    the nominations whose paper copy is missing or incomplete."""
    units = _check_units(user)
    report(progress, 5)
    counts, missing_rows = _tally(
        campaign, _received(campaign, user).iterator(chunk_size=CHUNK_SIZE)
    )
    report(progress, 50)
    content = documents.build_check_workbook(_check_data(campaign, units, counts, missing_rows))
    report(progress, 100)
    filename = _("%(year)s年龙江工匠初审情况汇总") % {"year": campaign.year}
    return Export(content, filename + ".xlsx", XLSX)
